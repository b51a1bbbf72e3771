import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { LookupFunction } from 'node:net';
import type { HttpClientResponse } from '@actions/http-client';
import { type Clock } from '../time/clock.js';
import { type RequestBudget } from './request-budget.js';
import { type BackoffPolicy } from './retry-timing.js';
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
    /** Budget shared by task queries; defaults to the process-wide one. */
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
    attempts: number;
} | {
    kind: 'network';
    failure: NetworkFailure;
    attempts: number;
};
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
    readonly maxRetries: number;
    readonly clock: Clock;
    private readonly apiKey;
    private readonly queryBudget;
    private readonly backoff;
    private readonly random;
    private readonly userAgent;
    private readonly onRetry?;
    constructor(options: TransportOptions);
    send(request: ApiRequest): Promise<ApiResult>;
    /** Retry-After first (no jitter, never shortened; already capped), else full-jitter backoff. */
    private retryDelay;
    private attempt;
}
/**
 * One HTTP exchange through @actions/http-client (proxy-aware), bound to `signal`.
 * Redirects are never followed here: the key header must not be replayed to another
 * host, and a download checks each hop itself. `lookup`, when given, resolves the host.
 */
export declare function sendOnce(method: string, url: string, body: string | null, headers: Record<string, string>, signal: AbortSignal, socketTimeoutMs: number, lookup?: LookupFunction): Promise<HttpClientResponse>;
/** Reads a whole body as UTF-8, refusing bodies larger than `limit` bytes. */
export declare function readText(message: IncomingMessage, limit: number): Promise<string>;
export declare class BodyTooLargeError extends Error {
    constructor(limit: number);
}
