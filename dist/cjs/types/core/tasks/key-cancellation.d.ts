import type { CallOptions } from '../api/client.js';
import type { Failure } from '../api/envelope.js';
import { type CancelClient, type CancelOutcome } from './task-cancellation.js';
/**
 * An Idempotency-Key to claim, with the request it was sent with: a key alone proves
 * nothing (another job may have sent the same key string with another request), so only
 * a task whose model and input match the request is this request's to cancel.
 */
export interface KeyClaim {
    idempotencyKey: string;
    model: string;
    payload: unknown;
}
/** A task under a claimed key that another request made: reported, never touched. */
export interface ForeignTask {
    idempotencyKey: string;
    taskId: string;
}
/** What `cancelByIdempotencyKey` found and did. */
export interface KeyCancellation {
    /** One outcome per task of the claimed requests found under the keys (newest first per key). */
    outcomes: CancelOutcome[];
    /** Tasks under the keys whose model or input is not the claim's: left alone. */
    notThisRequest: ForeignTask[];
    /**
     * Keys no task carries in the whole list (read to its end). This proves nothing yet: a
     * create upstream carries out late makes its task after the list; `settleInterrupt`
     * settles such a key by replaying its create.
     */
    notFound: string[];
    /** Why the list could not be read (nothing was cancelled), or null. */
    failure: Failure | null;
}
/**
 * Finds the tasks created under the claims' Idempotency-Keys by reading the task list as a
 * stream (its items carry their key), stopping once every key has its task, and cancels
 * those still SUBMITTED (refunded in full) that were made for the claim's request (model
 * and input, see `matchesRequest`); tasks further along, and tasks another request made
 * under the same key string (`notThisRequest`), are left alone. This is
 * how a face recovers a task whose create was cut off before its id came back (SIGINT,
 * SIGTERM, a killed process): the key was saved before the create was sent. A key is
 * reported in `notFound` only when the whole list was read; a list that cannot be read
 * whole (an error, or longer than `MAX_LOOKUP_BYTES`) is a `failure`, never a shorter list. Tasks whose
 * ids are known already can be skipped with `knownTaskIds`. Never throws for API or
 * network errors; throws only when `signal` aborts.
 */
export declare function cancelByIdempotencyKey(client: CancelClient, claims: readonly KeyClaim[], options?: CallOptions & {
    knownTaskIds?: ReadonlySet<string>;
}): Promise<KeyCancellation>;
