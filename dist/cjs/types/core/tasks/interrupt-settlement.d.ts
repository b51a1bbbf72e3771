import type { Client } from '../api/client.js';
import { type Clock } from '../time/clock.js';
/** Cancels sent at once after an interrupt (cancel is not a task query, but stay polite). */
export declare const CANCEL_CONCURRENCY: 4;
/**
 * How long a claim waits for a cut-off create that upstream carries out late: its replay
 * is retried (and the list looked at again) until the task under the key is found or the
 * replay proves there was none.
 */
export declare const LATE_CREATE_WINDOW_MS = 60000;
/** What a create sent, kept to replay it: the same key and body answer with the same task. */
export interface CreateRequest {
    model: string;
    payload: unknown;
    /** Sent again as X-Max-Credits, so the replay never pays more than the create could. */
    maxCredits?: number;
}
/** A create whose answer never came back: its key, and its request (null when it could not be kept). */
export interface CutOffCreate {
    key: string;
    request: CreateRequest | null;
}
/** What an interrupt left: tasks whose ids are known, and creates whose answer never came. */
export interface InterruptClaim {
    taskIds: readonly string[];
    creates: readonly CutOffCreate[];
}
/**
 * How the task was reached: by its known id, in the task list under its key, or by
 * replaying its create (upstream answered with the task the cut-off create had made, or the
 * create had not been carried out and the replay made the task).
 */
export type ClaimRoute = 'id' | 'list' | 'replay-found' | 'replay-created';
/** What became of one task, or of one create whose task could not be pinned down. */
export type ClaimOutcome = {
    kind: 'cancelled';
    taskId: string;
    key: string | null;
    route: ClaimRoute;
    /** From the create's answer when the replay made or found the task, else null. */
    creditsCharged: number | null;
    /** From the cancel's answer; null when upstream did not say. */
    creditsRefunded: number | null;
}
/** Upstream refused the cancel: the task is no longer SUBMITTED (finished, running or cancelled). */
 | {
    kind: 'left';
    taskId: string;
    key: string | null;
    route: ClaimRoute;
    status: string | null;
}
/** Not handled: the task (or the key's task, when `taskId` is null) may still be SUBMITTED and paid. */
 | {
    kind: 'unhandled';
    taskId: string | null;
    key: string | null;
    reason: string;
};
export interface Settlement {
    /** Known ids first (in the order given), then one or more per cut-off create. */
    outcomes: ClaimOutcome[];
    /** True when the time limit cut the claim short (the unhandled outcomes say where). */
    timedOut: boolean;
}
export interface SettleOptions {
    clock?: Clock;
    /** Absolute clock time by which the claim ends, whatever is left: it reports what it did. */
    deadline?: number;
    /** Default `LATE_CREATE_WINDOW_MS`. */
    lateCreateWindowMs?: number;
}
export type SettleClient = Pick<Client, 'cancelTask' | 'scanTasks' | 'createGeneration'>;
/**
 * Claims what an interrupt left behind, so no SUBMITTED task stays paid for nothing:
 *
 * - every known task id is cancelled directly (a cancel is not a task query, and upstream
 *   refuses to cancel a task that is not SUBMITTED, so no status is read first);
 * - every cut-off create's task is looked for in the task list under its key (one list, one
 *   retry when it fails); when the list does not show it, the create is replayed with the
 *   same key and body: upstream answers with the existing task at no charge, or makes it,
 *   and either way it is cancelled at once (refunded in full). A replay upstream cannot
 *   answer is tried again within `lateCreateWindowMs`, for a create carried out late.
 *
 * Never throws for API or network errors, nor at the deadline: what was not done by then
 * is an `unhandled` outcome that names the task id or the key.
 */
export declare function settleInterrupt(client: SettleClient, claim: InterruptClaim, options?: SettleOptions): Promise<Settlement>;
