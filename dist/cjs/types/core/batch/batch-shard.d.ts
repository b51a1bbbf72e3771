/**
 * One leg's share of a batch split across runners (a GitHub Actions matrix): `index` of
 * `count`, counted from 0 like a matrix list `shard: [0, 1, 2, 3]`.
 */
export interface Shard {
    index: number;
    count: number;
}
/** GitHub Actions runs at most 256 jobs per matrix, so more legs cannot be a real setup. */
export declare const MAX_SHARDS = 256;
export type ShardParse = {
    ok: true;
    shard: Shard;
} | {
    ok: false;
    problem: string;
};
/**
 * Reads `i/n` (`2/4`: the third of four legs). Both are whole numbers, n from 1 to
 * MAX_SHARDS, i from 0 to n - 1. The problem, when there is one, says what the value must
 * be; each face puts its own name for the setting in front of it.
 */
export declare function parseShard(text: string): ShardParse;
/**
 * The items of one shard: those whose position in the whole file, counted from 0, is
 * `index` modulo `count`. Dealing items out round-robin keeps the legs within one item of
 * each other in size. The items keep the names the whole file gave them (`item-<n>` from
 * their position in the file), so results, downloaded files and the Idempotency-Keys
 * derived from the names are the same whichever way the file is split.
 */
export declare function selectShard<T>(items: readonly T[], shard: Shard): T[];
/** How messages name a shard: `shard 2/4`. */
export declare function shardLabel(shard: Shard): string;
