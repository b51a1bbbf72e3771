import type { CallOptions, Client } from '../api/client.js';
import type { Failure } from '../api/envelope.js';
import type { TaskDetail } from '../tasks/task-record.js';
/**
 * The key of one generation of a lineage. Every attempt of one logical request shares a
 * base key; generation 1 sends the base itself (so keys from before lineages existed
 * still lead to their tasks), generation n sends `<base>-a<n>`. Upstream replays a key
 * for ever, so a new generation is the only way to try again after a dead task.
 */
export declare function lineageKey(base: string, generation: number): string;
/** The generation `key` has in the lineage of `base`, or null when it is none of its keys. */
export declare function keyGeneration(base: string, key: string): number | null;
/** What the earlier attempts of one logical request left upstream, and the key to send now. */
export interface LineageChoice {
    /** The Idempotency-Key this attempt's create sends. */
    key: string;
    /**
     * The newest live task of the lineage, which the create under `key` replays free;
     * null when the create makes a new task.
     */
    resumed: {
        taskId: string;
        status: string;
    } | null;
    /** Tasks of earlier attempts that ended FAILED or CANCEL (refunded), newest first. */
    dead: {
        taskId: string;
        status: string;
    }[];
}
/**
 * Picks the key for this attempt from the key's tasks upstream (newest first, as the
 * list answers): the newest live task's key, so it is resumed and never paid twice;
 * when every earlier task is dead, the next generation's key, so a new task is made;
 * with no earlier task, the base key.
 */
export declare function chooseLineageKey(base: string, tasks: readonly TaskDetail[]): LineageChoice;
/** The lineage choices of many base keys, from one list request. */
export interface LineageLookup {
    /** One choice per base key given, in the same order. */
    choices: LineageChoice[];
    /** Why the key's tasks could not be listed (each base key is then sent as it is), or null. */
    failure: Failure | null;
    /** The listed tasks (empty when the list failed), for callers that price replays. */
    tasks: readonly TaskDetail[];
}
/**
 * Looks up every base key's lineage with ONE list request (`GET /api/v1/tasks`; its items
 * carry their Idempotency-Key). When the list cannot be read, each base key is sent as
 * it is: upstream then replays whatever task it has, so nothing is paid twice.
 */
export declare function lookUpLineages(client: Pick<Client, 'listTasks'>, bases: readonly string[], call: CallOptions): Promise<LineageLookup>;
