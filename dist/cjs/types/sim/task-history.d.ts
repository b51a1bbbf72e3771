import type { Account } from './accounts.js';
import type { ViewSettings } from './task-views.js';
/**
 * Finished tasks a key made before the simulator started (`history` option) or that
 * `POST /__sim/history` adds: N realistic list items (about 600 bytes each, as upstream's)
 * without N creations. Each item is drawn from the seed and its index alone, so the list
 * is repeatable. A block holds its items' JSON in one buffer (about 60 MB for 100,000),
 * so an answer writes slices of it and costs the simulator no CPU however much of it a
 * client reads. History tasks appear only in the list.
 */
export declare class HistoryBlock {
    readonly account: Account;
    readonly count: number;
    readonly afterTasks: number;
    private readonly seed;
    private readonly newestAtMs;
    private readonly spacingMs;
    private readonly settings;
    /** Every item's JSON, joined by commas: an answer's history is slices of it, copied never. */
    private readonly bytes;
    /** Where each item starts in `bytes` (count + 1 entries; the last is one past the end). */
    private readonly offsets;
    /**
     * @param afterTasks how many real tasks existed when the block was added: the block
     *   lists after (is older than) every task created later
     * @param newestAtMs creation time of the block's newest task
     */
    constructor(account: Account, count: number, afterTasks: number, seed: number, newestAtMs: number, spacingMs: number, settings: ViewSettings);
    /** A block of `count` tasks spaced a heavy user's day apart, the newest `spacing` before `nowMs`. */
    static atStart(account: Account, count: number, seed: number, nowMs: number, settings: ViewSettings): HistoryBlock;
    /** Items `from` to `to` (exclusive; `from < to`) as list JSON, joined by commas. */
    slice(from: number, to: number): Buffer;
    /** Item `index` (0 = newest) as list JSON. */
    private itemJson;
}
/** Every history block, in the order they were added. */
export declare class HistoryShelf {
    private readonly blocks;
    add(block: HistoryBlock): void;
    blockCount(): number;
    /** The account's blocks, newest (last added) first. */
    blocksFor(account: Account): HistoryBlock[];
    /** History tasks per account fingerprint, for the stats. */
    counts(): Record<string, number>;
}
