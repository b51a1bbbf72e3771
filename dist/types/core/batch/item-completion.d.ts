import { type Clock } from '../time/clock.js';
import { type Envelope } from '../api/envelope.js';
import type { ResultCache } from '../cache/result-cache.js';
import type { BatchOptions } from './types.js';
import type { BatchLedger, Slot } from './batch-ledger.js';
import type { WatchedTask } from '../watch/types.js';
/** Turns a settled task into its item's result: detail, outcome, and download. */
export declare class ItemCompletion {
    private readonly options;
    private readonly clock;
    private readonly ledger;
    /** The batch's deadline: no detail fetch starts past it. */
    private readonly deadline;
    /** The result cache a COMPLETED item's video goes into, or null. */
    private readonly cache;
    private readonly downloads;
    constructor(options: BatchOptions, clock: Clock, ledger: BatchLedger, 
    /** The batch's deadline: no detail fetch starts past it. */
    deadline: number, concurrency: number, 
    /** The result cache a COMPLETED item's video goes into, or null. */
    cache: ResultCache | null);
    /** getTask (when the list did not carry the detail), the outcome, and the download. */
    complete(slot: Slot, outcome: Envelope<WatchedTask>): Promise<void>;
    /** A COMPLETED task: its video URL, saved when asked. */
    private deliver;
    /**
     * A rendered item's video goes into the cache (even without a download directory),
     * then is copied from there to `<downloadDir>/<name>.mp4`. Returns the download's
     * failure when the video could not be fetched and a download was asked for; a cache
     * that cannot be written leaves the plain download to `save`.
     */
    private keepInCache;
    /** Downloads one video to `<downloadDir>/<name>.mp4`, at most `concurrency` at once. */
    private save;
}
