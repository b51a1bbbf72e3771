/** What one polling cycle did: read by the interval, the report and the failure policies. */
export interface PollCycle {
    via: 'list' | 'status';
    requests: number;
    changed: number;
    /** The longest Retry-After seen in the cycle, in ms; null when none was given. */
    retryAfterMs: number | null;
}
/** A cycle that has sent nothing yet; it counts as per-task until the list answers. */
export declare function newPollCycle(): PollCycle;
