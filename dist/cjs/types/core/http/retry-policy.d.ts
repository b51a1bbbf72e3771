import { type BackoffPolicy } from './retry-timing.js';
export interface RetryPolicyOptions {
    /** Retries after the first attempt (default 3). */
    maxRetries?: number;
    backoff?: Partial<BackoffPolicy>;
    /** Jitter source in [0, 1) (default Math.random); tests pass their own. */
    random?: () => number;
}
/** Retries after the first attempt when none are configured. */
export declare const DEFAULT_MAX_RETRIES: 3;
/**
 * The one retry policy: how many times a failed attempt is tried again and how long to
 * wait first. The transport applies it to every API request; the download, the detail
 * re-fetch and a batch's paused creations take their delays from the same policy, so a
 * client's settings (and its injected randomness) govern every retry it causes.
 */
export declare class RetryPolicy {
    readonly maxRetries: number;
    readonly backoff: BackoffPolicy;
    private readonly random;
    constructor(options?: RetryPolicyOptions);
    /** Whether a request that failed on its `attempt`-th try (1-based) may be tried again. */
    allowsAnother(attempt: number): boolean;
    /**
     * The wait before retry number `retry` (1-based): a server-given delay first (never
     * shortened, capped at `maxRetryAfterMs`, no jitter), else full-jitter backoff.
     */
    delay(retry: number, retryAfterMs?: number | null): number;
}
