/**
 * Turns server hints and attempt numbers into delays. Server-given delays are honoured
 * without jitter (the server knows its window); our own backoff uses full jitter so that
 * many clients on one runner do not retry in lockstep.
 */
export interface BackoffPolicy {
    /** First backoff ceiling in ms (default 500). */
    baseDelayMs: number;
    /** Largest backoff in ms (default 8000). */
    maxDelayMs: number;
    /** Largest Retry-After honoured, in ms (default 60000): a longer one is read as this. */
    maxRetryAfterMs: number;
}
export declare const DEFAULT_BACKOFF: BackoffPolicy;
/**
 * Parses `Retry-After` (delta-seconds or an HTTP date) into milliseconds from `now`.
 * Returns null when absent or unreadable; never negative.
 */
export declare function parseRetryAfter(value: string | string[] | undefined, now: number): number | null;
/**
 * Caps a server-given delay: one `Retry-After: 999999999` (a bug or a hostile upstream)
 * must not stall polling for years. The cap is for sleeping only: the envelope reports
 * the value upstream gave (`retryAfterAskedMs`), and a wait past the deadline ends.
 */
export declare function capRetryAfter(ms: number | null, policy: BackoffPolicy): number | null;
/**
 * Whether waiting `retryAfterSeconds` from `now` reaches `deadline`. A watcher told so
 * ends at once with RATE_LIMITED (and the retryAfter) instead of sleeping into TIMEOUT.
 */
export declare function isRetryPastDeadline(retryAfterSeconds: number | null, now: number, deadline: number): boolean;
/** A sleep on an envelope's `retryAfter` (uncapped seconds), capped like every server delay. */
export declare function sleepForRetryAfter(retryAfterSeconds: number, policy: BackoffPolicy): number;
/** Full-jitter exponential backoff: uniform in [0, min(max, base * 2^attempt)]. */
export declare function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number): number;
/** Whole seconds for the envelope's `retryAfter`, rounded up so callers never come back early. */
export declare function toRetryAfterSeconds(ms: number | null): number | null;
