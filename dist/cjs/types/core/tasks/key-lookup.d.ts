import type { CallOptions, Client } from '../api/client.js';
import { type Envelope } from '../api/envelope.js';
import type { TaskDetail } from '../api/task-record.js';
/**
 * Bytes a lookup by key reads at most: about 13,000 tasks of upstream's size. A lookup
 * keeps only the tasks it looks for, so memory does not limit it; time does (a few
 * seconds for the whole of it). A longer list fails the lookup.
 */
export declare const MAX_LOOKUP_BYTES: number;
/** What a lookup by key needs of a client. */
export type KeyLookupClient = Pick<Client, 'scanTasks'>;
export interface KeyLookupOptions extends CallOptions {
    /**
     * Told the tasks found so far (newest first) after each find: true once they prove
     * what the caller needs, and the rest of the list is not read. Without it the whole
     * list is read.
     */
    isEnough?: (found: readonly TaskDetail[]) => boolean;
}
/** The tasks found by key, and whether the whole list was read (`complete`) or the lookup stopped at proof. */
export interface KeyedTasks {
    tasks: TaskDetail[];
    /**
     * True when the whole list was read, so a key none of `tasks` carries has no task;
     * false when the lookup stopped because `isEnough` said so.
     */
    isComplete: boolean;
}
/**
 * The key's tasks that `isWanted` picks (by their Idempotency-Key), read from the task
 * list as a stream: memory holds only those, and reading stops once `isEnough` says the
 * tasks found prove what is needed. A list that cannot be read whole (an error, or longer
 * than `MAX_LOOKUP_BYTES`) is a failure envelope, never a shorter answer: the caller then says that
 * the list could not be read and takes another way. Never throws for API or network
 * errors; throws only when `signal` aborts.
 */
export declare function findTasksByKey(client: KeyLookupClient, isWanted: (key: string) => boolean, options?: KeyLookupOptions): Promise<Envelope<KeyedTasks>>;
/** A stop rule: every one of `keys` has a task among those found (a key has one task upstream). */
export declare function hasEveryKey(keys: ReadonlySet<string>): (found: readonly TaskDetail[]) => boolean;
