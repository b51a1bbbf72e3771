import type { Failure } from '../api/envelope.js';
import type { BatchOptions } from './types.js';
import { type ValidItem } from './batch-validation.js';
/** What a batch settles before its first create. */
export interface Preflight {
    /** The valid items, each with the Idempotency-Key its create sends (none without a base). */
    items: ValidItem[];
    /** The failure that stops every item before anything is created, or null. */
    refusal: Failure | null;
}
/**
 * Before a batch creates anything: each item's key is chosen from its lineage (one list
 * request for all items, only when an earlier run can have sent the keys: the newest
 * live task is resumed, a dead one is not replayed), then every item that is not a
 * resumed task is quoted against the caps and the balance when `quoteFirst` or a cap
 * asks for it. Throws only for bugs; an abort becomes an ABORTED refusal.
 */
export declare function prepareBatch(valid: readonly ValidItem[], options: BatchOptions, deadline: number): Promise<Preflight>;
