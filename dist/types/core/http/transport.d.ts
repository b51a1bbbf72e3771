import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { type Clock } from '../time/clock.js';
import { type RequestBudget } from './request-budget.js';
import { type BackoffPolicy } from './retry-timing.js';
import { RetryPolicy } from './retry-policy.js';
import { type NetworkFailure } from './network-failure.js';
/** HTTP verbs we send. Cancel is PUT: upstream answers 405 to POST and DELETE there. */
export type HttpMethod = 'GET' | 'POST' | 'PUT';
/**
 * Statuses worth another attempt of a request that is safe to repeat: timeouts, rate
 * limits and server-side failures. Everything else is an answer.
 */
export declare const RETRYABLE_STATUS_CODES: readonly number[];
export interface TransportOptions {
    baseUrl: string;
    /** The AIVideoMaker API key, sent bare in the `key` header. Never logged. */
    apiKey: string;
    /** Per-request timeout in ms (default 30000). */
    timeoutMs?: number;
    /** Retries of requests that are safe to repeat (default 3). */
    maxRetries?: number;
    clock?: Clock;
    /**
     * Budget shared by task queries. Default: on the real clock the process-wide one; on any
     * other clock that clock's own (see `defaultQueryBudget`).
     */
    queryBudget?: RequestBudget;
    backoff?: Partial<BackoffPolicy>;
    random?: () => number;
    userAgent?: string;
    /** Told before each retry sleep (for progress lines); never given the key. */
    onRetry?: (event: RetryEvent) => void;
}
export interface ApiRequest {
    method: HttpMethod;
    /** Path below the base URL, e.g. `/api/v1/tasks/ck1/status`. */
    path: string;
    body?: unknown;
    headers?: Record<string, string>;
    /**
     * Whether repeating the request is harmless. GET and PUT are; a create POST only
     * when it carries an Idempotency-Key (otherwise a retry may pay twice).
     */
    idempotent: boolean;
    /** Task queries draw from the shared per-IP budget. */
    usesQueryBudget?: boolean;
    signal?: AbortSignal;
    /** Absolute clock time after which no retry is started. */
    deadline?: number;
}
export type ApiResult = {
    kind: 'response';
    status: number;
    headers: IncomingHttpHeaders;
    /** Parsed JSON, or undefined when the body is empty or not JSON. */
    json: unknown;
    text: string;
    /**
     * Retry-After in ms from the last answer, when given, capped at the backoff
     * policy's `maxRetryAfterMs`: one answer cannot stop a run for longer.
     */
    retryAfterMs: number | null;
    /**
     * Retry-After in ms as upstream gave it, uncapped: what the envelope reports, so a
     * caller told "27 hours" is not sent back after the 60 s our own sleeps are capped at.
     * Absent when it equals `retryAfterMs`.
     */
    retryAfterAskedMs?: number | null;
    attempts: number;
} | {
    kind: 'network';
    failure: NetworkFailure;
    attempts: number;
};
/**
 * A 2xx answer whose body a reader consumed as it arrived (`Transport.stream`): what the
 * reader made of it. Never retried, since the reader may have acted on part of it.
 */
export interface StreamedResult<T> {
    kind: 'streamed';
    status: number;
    headers: IncomingHttpHeaders;
    value: T;
    attempts: number;
}
/** Reads a 2xx answer's body as it arrives; must not reject. */
export type BodyReader<T> = (message: IncomingMessage) => Promise<T>;
export interface RetryEvent {
    method: HttpMethod;
    path: string;
    attempt: number;
    delayMs: number;
    reason: string;
}
/**
 * Sends API requests: one attempt per `send`, plus retries for requests that are safe
 * to repeat, honouring Retry-After, inside the caller's deadline. Throws only when the
 * caller's signal aborts; every other outcome is an `ApiResult`.
 */
export declare class Transport {
    readonly baseUrl: string;
    readonly timeoutMs: number;
    readonly clock: Clock;
    /** Governs this transport's retries and every retry its client's callers make. */
    readonly retryPolicy: RetryPolicy;
    private readonly apiKey;
    private readonly queryBudget;
    private readonly userAgent;
    private readonly onRetry?;
    constructor(options: TransportOptions);
    send(request: ApiRequest): Promise<ApiResult>;
    /**
     * `send`, but a 2xx answer's body goes to `read` as it arrives instead of being held
     * whole (a task list of any length). Other answers (errors, 429s) are read and retried
     * as `send` does them.
     */
    stream<T>(request: ApiRequest, read: BodyReader<T>): Promise<ApiResult | StreamedResult<T>>;
    private exchange;
    private attempt;
}
/** Reads a whole body as UTF-8, refusing bodies larger than `limit` bytes. */
export declare function readText(message: IncomingMessage, limit: number): Promise<string>;
export declare class BodyTooLargeError extends Error {
    constructor(limit: number);
}
