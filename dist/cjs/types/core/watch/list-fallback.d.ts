import type { Envelope, Failure } from '../api/envelope.js';
import type { PollCycle } from './poll-cycle.js';
/**
 * What a failed list answer means for the cycle: poll each task one by one, or wait for
 * the next cycle, possibly ending every pending task with `failAll`.
 */
export type ListVerdict = {
    next: 'poll-each';
} | {
    next: 'wait';
    failAll: Failure | null;
};
/**
 * When the one list request is used, and when per-task status polls replace it. A list
 * set aside is tried again on a clock (`retryAfterMs`), never after a number of per-task
 * cycles: a cycle over N tasks lasts N budget slots, so a count of cycles would keep a
 * large batch on per-task polls for an hour after one transient failure.
 */
export declare class ListFallback {
    private readonly maxFailures;
    private readonly retryAfterMs;
    /** Clock time before which the list is not asked; 0 while it is in use. */
    private setAsideUntil;
    private failures;
    private rateLimited;
    private networkFailed;
    constructor(maxFailures: number, retryAfterMs: number);
    /** True when the list may be asked at `now`. */
    isListDue(now: number): boolean;
    /** The list answered usably: every failure streak starts over. */
    onAnswered(): void;
    /**
     * A rate limit waits (per-task polls would only make it worse); a network failure
     * waits too, until it persists (an answer too large to read fails the same way every
     * time); anything else means the list cannot answer: after two in a row it is set
     * aside until `retryAfterMs` from now.
     */
    onFailure(answer: Envelope<unknown>, cycle: PollCycle, now: number): ListVerdict;
    private onRateLimited;
}
