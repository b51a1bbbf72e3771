import type { CallOptions } from '../api/client.js';
import type { Failure } from '../api/envelope.js';
import { type CancelClient, type CancelOutcome } from './task-cancellation.js';
/** What `cancelByIdempotencyKey` found and did. */
export interface KeyCancellation {
    /** One outcome per task found under the keys (newest first per key). */
    outcomes: CancelOutcome[];
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
 * Finds the tasks created under the given Idempotency-Keys by reading the task list as a
 * stream (its items carry their key), stopping once every key has its task, and cancels
 * those still SUBMITTED (refunded in full); tasks further along are left alone. This is
 * how a face recovers a task whose create was cut off before its id came back (SIGINT,
 * SIGTERM, a killed process): the key was saved before the create was sent. A key is
 * reported in `notFound` only when the whole list was read; a list that cannot be read
 * whole (an error, or longer than `MAX_LOOKUP_BYTES`) is a `failure`, never a shorter list. Tasks whose
 * ids are known already can be skipped with `knownTaskIds`. Never throws for API or
 * network errors; throws only when `signal` aborts.
 */
export declare function cancelByIdempotencyKey(client: CancelClient, keys: readonly string[], options?: CallOptions & {
    knownTaskIds?: ReadonlySet<string>;
}): Promise<KeyCancellation>;
