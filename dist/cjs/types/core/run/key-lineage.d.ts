import type { CallOptions } from '../api/client.js';
import type { Failure } from '../api/envelope.js';
import type { TaskDetail } from '../api/task-record.js';
import { type RequestContent } from '../tasks/request-match.js';
import { type KeyLookupClient } from '../tasks/key-lookup.js';
/** One logical request: the base of its keys, and what its create sends. */
export interface LineageRequest extends RequestContent {
    /** The key every attempt of the request starts from (generation 1 sends it as it is). */
    base: string;
}
/**
 * The key of one generation of a lineage. Every attempt of one logical request shares a
 * base key; generation 1 sends the base itself (so keys from before lineages existed
 * still lead to their tasks), generation n sends the base (cut to fit) followed by
 * `~a<n>-` and a digest of the WHOLE base and n: no key a user types and no cut can
 * give another base's key, as 1.x's `<base>-a<n>` could (`promo-video-a2` was both a
 * key of its own and the second attempt of `promo-video`). Upstream replays a key for
 * ever, so a new generation is the only way to try again after a dead task.
 */
export declare function lineageKey(base: string, generation: number): string;
/** The generation `key` has in the lineage of `base`, or null when it is none of its keys. */
export declare function keyGeneration(base: string, key: string): number | null;
/** The key 1.x sent for generation n: `<base>-a<n>`, the base cut to fit 128 characters. */
export declare function legacyLineageKey(base: string, generation: number): string;
/** The generation `key` had in 1.x's lineage of `base` (2 or more), or null. */
export declare function legacyKeyGeneration(base: string, key: string): number | null;
/**
 * True when `task`, one of the `listed` tasks, is the request's own: its key is one of the
 * request's keys, its model and input match what the request sends (see
 * `matchesRequest`), and a later generation's task follows the request's own dead tasks in
 * the list (see `requestTasks`). The one test every lookup by key shares.
 */
export declare function isTaskOfRequest(task: TaskDetail, request: LineageRequest, listed: readonly TaskDetail[]): boolean;
/** A listed task under one of the request's keys. */
export interface LineageMember {
    task: TaskDetail;
    /** The generation its key has (1 for the base). */
    generation: number;
    /** True when its model and input prove it is the request's own (see `matchesRequest`). */
    isOwn: boolean;
    /** True when its key is 1.x's `<base>-a<n>` (counted only when proven, see `requestTasks`). */
    isLegacy: boolean;
}
/**
 * The listed tasks under the request's keys, newest first (list order when the times
 * cannot say). A task of a later generation counts as the request's own only when it
 * matches the request and the list shows the path that made it: the base's own task,
 * dead, ended (when the list does not say, created) before it; for a task under a 1.x key
 * (`<base>-a<n>`), each of 1.x's earlier keys likewise (the base's, `-a2`, ...). So a job
 * whose own key is `promo-video-a2` is never taken for a re-run of `promo-video`, unless it
 * sends the same model and input after every task of `promo-video` ended: then nothing
 * upstream shows tells the two apart (docs/action.md, "Re-run attempts").
 */
export declare function requestTasks(request: LineageRequest, listed: readonly TaskDetail[] | ListedTasks): LineageMember[];
/**
 * The listed tasks indexed by key, so that finding one request's tasks costs a few map
 * lookups, not a pass over the whole list (a batch looks up every item in one list).
 */
export declare class ListedTasks {
    private readonly byKey;
    /** Tasks whose key has a later generation's tail, by the part before it. */
    private readonly byStem;
    constructor(tasks: readonly TaskDetail[]);
    /** The task under exactly `key` (upstream keeps one per key), or undefined. */
    byExactKey(key: string): TaskDetail | undefined;
    /** Tasks whose key may be one of `base`'s keys (each still to be checked), in list order. */
    candidates(base: string): {
        task: TaskDetail;
        order: number;
    }[];
}
/** What the earlier attempts of one logical request left upstream, and the key to send now. */
export interface LineageChoice {
    /** The Idempotency-Key this attempt's create sends. */
    key: string;
    /**
     * The request's own newest live task, which the create under `key` replays free;
     * null when the create makes a new task.
     */
    resumed: {
        taskId: string;
        status: string;
    } | null;
    /** The request's own tasks of earlier attempts that ended FAILED or CANCEL (refunded), newest first. */
    dead: {
        taskId: string;
        status: string;
    }[];
    /**
     * Tasks under the request's keys that are not proven its own (another model or input,
     * or a later key's task with no dead task of the request before it): never resumed,
     * reported or cancelled as this request's.
     */
    foreign: {
        taskId: string;
        status: string;
    }[];
}
/**
 * Picks the key for this attempt from the tasks listed upstream: the key of the
 * request's own newest live task, so it is resumed and never paid twice; when every own
 * task is dead, a generation no listed task has, so a new task is made; with no own task,
 * the base key (upstream then replays a task under it only for the same body).
 */
export declare function chooseLineageKey(request: LineageRequest, tasks: readonly TaskDetail[] | ListedTasks): LineageChoice;
/** The lineage choices of many requests, from one list request. */
export interface LineageLookup {
    /** One choice per request given, in the same order. */
    choices: LineageChoice[];
    /** Why the key's tasks could not be listed (each base key is then sent as it is), or null. */
    failure: Failure | null;
    /** The listed tasks (empty when the list failed), for callers that price replays. */
    tasks: readonly TaskDetail[];
}
/**
 * Looks up every request's lineage with ONE list request (`GET /api/v1/tasks`; its items
 * carry their Idempotency-Key, model and input). When the list cannot be read, each base
 * key is sent as it is: upstream then replays a task under it only for the same body, so
 * nothing is paid twice.
 */
export declare function lookUpLineages(client: KeyLookupClient, requests: readonly LineageRequest[], call: CallOptions): Promise<LineageLookup>;
/**
 * Pairs of keys in `keys` whose lineages meet: equal, one a later generation of the other
 * (by the digest, or by 1.x's `-a<n>`), or two long keys 1.x cut to the same later keys.
 * Two items of one batch keyed so could take each other's tasks, so the batch refuses
 * them before sending anything.
 */
export declare function findRelatedKeys(keys: readonly string[]): [number, number][];
