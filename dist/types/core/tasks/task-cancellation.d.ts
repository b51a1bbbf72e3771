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
/** Its status could not be read, or the cancel was refused (the envelope says why; `status` may be newer). */
 | {
    taskId: string;
    outcome: 'failed';
    stage: 'status' | 'cancel';
    envelope: Envelope<unknown>;
};
export interface CancelOptions extends CallOptions {
    /** Cancels sent at once; default 4 (cancel is not a task query, but stay polite). */
    concurrency?: number;
    /**
     * Statuses already known (e.g. from the last poll), trusted as they are. The others
     * are read: with one list request when there are several (getStatus for those the
     * list does not show), with getStatus for a single one.
     */
    knownStatuses?: ReadonlyMap<string, string>;
}
export type CancelClient = Pick<Client, 'cancelTask' | 'getStatus' | 'listTasks'>;
/**
 * Cancels every task that is still SUBMITTED, the only state upstream can cancel (its
 * credits are refunded in full); tasks further along are left alone. One outcome per
 * task id, in the order given. Never throws for API or network errors; throws only when
 * `signal` aborts.
 *
 * @throws RangeError when `concurrency` is not a whole number of at least 1.
 */
export declare function cancelSubmittedTasks(client: CancelClient, taskIds: readonly string[], options?: CancelOptions): Promise<CancelOutcome[]>;
