import type { PollCycle } from './poll-cycle.js';
/**
 * The delay between polling cycles: starts at the first interval, grows by 1.5x to the
 * cap while nothing changes, goes back to the start on any change, and is never shorter
 * than a `Retry-After`.
 */
export declare class PollInterval {
    private readonly startMs;
    private readonly capMs;
    /** The current interval, as reported to `onPoll`. */
    delayMs: number;
    /** How long to sleep before the next cycle. */
    sleepMs: number;
    constructor(pollIntervalMs: number | undefined, maxPollIntervalMs: number | undefined);
    /** Back to the first interval (a new task arrived after the watch ran empty). */
    reset(): void;
    /** Sets the next delay after `cycle`; `elapsedMs` tells how long the cycle took. */
    advance(cycle: PollCycle, elapsedMs: () => number): void;
}
