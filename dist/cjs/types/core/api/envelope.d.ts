import type { ErrorCode } from './error-codes.js';
/**
 * The one result every face returns: always these seven keys, `null` where not
 * applicable, JSON-serializable.
 */
export interface Envelope<T = unknown> {
    ok: boolean;
    /** Last upstream task status seen, or null when no task exists. */
    status: string | null;
    taskId: string | null;
    data: T | null;
    errorCode: ErrorCode | null;
    errorMessage: string | null;
    /** Seconds after which the caller may retry, when known. */
    retryAfter: number | null;
}
export declare const ENVELOPE_KEYS: readonly ["ok", "status", "taskId", "data", "errorCode", "errorMessage", "retryAfter"];
export interface Failure {
    errorCode: ErrorCode;
    errorMessage: string;
    retryAfter?: number | null;
}
export declare function successEnvelope<T>(data: T, fields?: {
    status?: string | null;
    taskId?: string | null;
}): Envelope<T>;
export declare function failureEnvelope<T = unknown>(failure: Failure, fields?: {
    status?: string | null;
    taskId?: string | null;
    data?: T | null;
}): Envelope<T>;
