import { type Envelope } from './envelope.js';
import { type TaskDetail } from './task-record.js';
import { type ScanOptions, type TaskScan, type TaskVisitor } from './task-list-scan.js';
import { type TransportOptions } from '../http/transport.js';
import type { RetryPolicy } from '../http/retry-policy.js';
/**
 * Client settings: the transport's (apiKey, timeoutMs default 30000, maxRetries default 3,
 * queryBudget default the process-wide 60/min budget (a client on another clock gets that
 * clock's own), clock, backoff, random, userAgent,
 * onRetry), with the base URL optional: default `https://aivideomaker.ai`, http only for
 * loopback hosts.
 */
export interface ClientOptions extends Omit<TransportOptions, 'baseUrl'> {
    baseUrl?: string;
}
export interface CallOptions {
    signal?: AbortSignal;
    /** Absolute clock time after which no retry starts. */
    deadline?: number;
}
export interface CreateOptions extends CallOptions {
    /** 8..128 characters; makes the create safe to retry and to repeat. */
    idempotencyKey?: string;
    /** Sent as X-Max-Credits: upstream refuses (422, nothing charged) above it. */
    maxCredits?: number;
    /** Sent as the `webhookUrl` header. */
    webhookUrl?: string;
}
export interface CreateData {
    taskId: string;
    status: string;
    creditsCharged: number | null;
    idempotentReplay: boolean;
    /** Local notes, e.g. a duration coerced to the type the model expects. */
    notes: string[];
}
export interface QuoteData {
    model: string;
    credits: number | null;
    affordable: boolean | null;
    currentBalance: number | null;
    /** Local notes, e.g. a duration coerced to the type the model expects (as a create's). */
    notes: string[];
    [key: string]: unknown;
}
export interface AccountData {
    supportedModels: string[];
    currentBalance: number | null;
    [key: string]: unknown;
}
export interface Client {
    readonly baseUrl: string;
    /** The transport's retry policy, which every retry made for this client follows. */
    readonly retryPolicy: RetryPolicy;
    createGeneration(model: string, payload: unknown, options?: CreateOptions): Promise<Envelope<CreateData>>;
    getStatus(taskId: string, options?: CallOptions): Promise<Envelope<{
        status: string;
    }>>;
    getTask(taskId: string, options?: CallOptions): Promise<Envelope<TaskDetail>>;
    cancelTask(taskId: string, options?: CallOptions): Promise<Envelope<Record<string, unknown>>>;
    /**
     * The key's whole task list (every page), newest first. A list longer than 5 MB fails
     * (UNKNOWN_ERROR) instead of coming back cut short.
     */
    listTasks(options?: CallOptions): Promise<Envelope<{
        tasks: TaskDetail[];
    }>>;
    /**
     * Reads the task list as a stream, handing each task to `visit` until it returns true,
     * with `maxBytes` (default 5 MB) as the cap over every page; past it the read fails with
     * `data.end` `over-cap`. Memory does not grow with the list: tasks the visitor does not
     * keep are dropped as they are read.
     */
    scanTasks(visit: TaskVisitor, options?: ScanOptions): Promise<Envelope<TaskScan>>;
    account(options?: CallOptions): Promise<Envelope<AccountData>>;
    quote(model: string, payload: unknown, options?: CallOptions): Promise<Envelope<QuoteData>>;
}
/**
 * Creates an API client. Every method returns an envelope and never throws for API or
 * network errors (only when the caller's AbortSignal fires). Requests that fail local
 * checks (model, payload, task id, key, base URL) are never sent.
 */
export declare function createClient(options: ClientOptions): Client;
