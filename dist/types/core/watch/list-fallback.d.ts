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
/** When the one list request is used, and when per-task status polls replace it. */
export declare class ListFallback {
    private readonly maxFailures;
    /** Per-task cycles left before the list is tried again; 0 while the list is in use. */
    private setAside;
    private failures;
    private rateLimited;
    private networkFailed;
    constructor(maxFailures: number);
    /** True when this cycle asks the list; otherwise counts one per-task cycle down. */
    isListDue(): boolean;
    /** The list answered usably: every failure streak starts over. */
    onAnswered(): void;
    /**
     * A rate limit waits (per-task polls would only make it worse); a network failure
     * waits too, until it persists (an answer too large to read fails the same way every
     * time); anything else means the list cannot answer: after two in a row it is set
     * aside, and tried again after LIST_RETRY_CYCLES per-task cycles.
     */
    onFailure(answer: Envelope<unknown>, cycle: PollCycle): ListVerdict;
    private onRateLimited;
}
