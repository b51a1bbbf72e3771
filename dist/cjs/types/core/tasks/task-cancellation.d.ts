import type { CallOptions, Client } from '../api/client.js';
import type { Envelope } from '../api/envelope.js';
/** What became of one task `cancelSubmittedTasks` was given. */
export type CancelOutcome = {
    taskId: string;
    outcome: 'cancelled';
    status: string;
    creditsRefunded: number | null;
}
/** Not SUBMITTED (upstream cancels nothing else): left running or finished. */
 | {
    taskId: string;
    outcome: 'left';
    status: string;
}
/** The cancel failed (the envelope says why; `status` may be newer). */
 | {
    taskId: string;
    outcome: 'failed';
    stage: 'cancel';
    envelope: Envelope<unknown>;
};
export interface CancelOptions extends CallOptions {
    /** Cancels sent at once; default `CANCEL_CONCURRENCY` (4). */
    concurrency?: number;
    /**
     * Statuses already known (e.g. from the last poll), trusted as they are. The others are
     * read with one list request when there are several; a task whose status is still unknown
     * is sent its cancel directly (no status query), which upstream refuses unless SUBMITTED.
     */
    knownStatuses?: ReadonlyMap<string, string>;
}
export type CancelClient = Pick<Client, 'cancelTask' | 'scanTasks'>;
/**
 * Cancels every task that is still SUBMITTED, the only state upstream can cancel (its
 * credits are refunded in full); tasks further along are left alone. One outcome per
 * task id, in the order given. Never throws for API or network errors; throws only when
 * `signal` aborts.
 *
 * @throws RangeError when `concurrency` is not a whole number of at least 1.
 */
export declare function cancelSubmittedTasks(client: CancelClient, taskIds: readonly string[], options?: CancelOptions): Promise<CancelOutcome[]>;
