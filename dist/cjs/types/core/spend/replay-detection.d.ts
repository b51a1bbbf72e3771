import type { CallOptions, Client } from '../api/client.js';
import type { Failure } from '../api/envelope.js';
import type { TaskDetail } from '../api/task-record.js';
import { type KeyLookupClient } from '../tasks/key-lookup.js';
import { type SpendCheck, type SpendItem, type SpendOptions } from './spend-guard.js';
/** An item to price, with the Idempotency-Key its create will carry (none: never a replay). */
export interface KeyedSpendItem extends SpendItem {
    idempotencyKey?: string;
}
export interface BatchSpendOptions extends SpendOptions {
    /**
     * Whether a task may already exist under the items' keys (default true). False (keys
     * known to be new: a random base, the first attempt of a run) saves the list request.
     */
    mayReplay?: boolean;
}
/** `checkSpend`'s answer for the items that were quoted, plus what was left out and why. */
export type BatchSpendCheck = SpendCheck & {
    /** Indices (into the items) whose key already has a task: not quoted, their create is a free replay. */
    replayed: number[];
    /** Why the key's tasks could not be listed (every item was then quoted); null otherwise. */
    listFailure: Failure | null;
};
/** What `checkBatchSpend` needs of a client. */
export type BatchSpendClient = Pick<Client, 'quote'> & KeyLookupClient & Partial<Pick<Client, 'account'>>;
/**
 * `checkSpend` for items that may be replays: lists the key's tasks once and leaves out of
 * the quotes every item whose Idempotency-Key already has a task (upstream replays that
 * create without charging, so counting it would refuse a resumable batch on a balance its
 * first run spent). When the list fails, every item is quoted (`listFailure` says why).
 * Throws only when `signal` aborts, as `checkSpend` does.
 */
export declare function checkBatchSpend(client: BatchSpendClient, items: readonly KeyedSpendItem[], options?: BatchSpendOptions): Promise<BatchSpendCheck>;
/**
 * Which of `keys` already have a task upstream (and those tasks), read from the task list as a stream that
 * stops once every key was found; an empty set and the failure when the list cannot be
 * read whole (an error, or longer than `MAX_LOOKUP_BYTES`): a cut list never makes a key look new.
 */
export declare function listExistingKeys(client: KeyLookupClient, keys: readonly string[], options?: CallOptions): Promise<{
    keys: Set<string>;
    tasks: TaskDetail[];
    failure: Failure | null;
}>;
