import { type Clock } from '../time/clock.js';
/**
 * One token bucket for the task-query endpoints, shared by everything in the process:
 * upstream limits task queries per IP, and every job on a runner shares that IP.
 *
 * Upstream counts a sliding window (60 per minute). A bucket of capacity `burst` that
 * refills `limit - burst` tokens per window can never let more than `limit` requests
 * into any window, so following it never earns a 429 from this process alone.
 * A 429 from upstream (someone else on the same IP) pauses every consumer.
 *
 * A budget keeps time on one clock: its tokens and pause are clock times, so the first
 * clock that uses it is the only one it accepts (a clock a day ahead would otherwise leave
 * real-clock callers waiting for tokens it spent in the future).
 */
export interface RequestBudgetOptions {
    /** Requests allowed per window (default 60). */
    limit?: number;
    /** Window length in ms (default 60000). */
    windowMs?: number;
    /** Tokens available at once (default 10). */
    burst?: number;
}
export declare class RequestBudget {
    readonly limit: number;
    readonly windowMs: number;
    readonly burst: number;
    private tokens;
    private lastRefill;
    private pausedUntil;
    private queue;
    private clock;
    constructor(options?: RequestBudgetOptions);
    /** Refill rate in tokens per ms. */
    private get rate();
    /**
     * Waits for a token. Callers are served in order; an aborted wait gives up its place.
     */
    acquire(clock: Clock, signal?: AbortSignal): Promise<void>;
    /** Pauses every consumer until `until` (clock ms), e.g. after an upstream 429. */
    pauseUntil(until: number): void;
    /** Clock time before which no consumer gets a token (0 when not paused). */
    get pausedUntilTime(): number;
    private take;
    private refill;
}
/** The process-wide budget of every client on the real clock that is not given its own. */
export declare const sharedQueryBudget: RequestBudget;
/**
 * The budget of a client not handed one: on the real clock, the process-wide one (every
 * job on a runner shares its IP); on any other clock, that clock's own, so no state is
 * shared between two clocks.
 */
export declare function defaultQueryBudget(clock: Clock): RequestBudget;
