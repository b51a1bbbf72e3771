import type { Clock } from '../time/clock.js';
import type { Envelope } from '../api/envelope.js';
import type { CacheMode, CacheOptions, CacheRecord } from './types.js';
export type CacheLookup = {
    record: CacheRecord;
} | {
    record: null;
    reason: string;
};
export type CacheStore = {
    ok: true;
    record: CacheRecord;
} | {
    ok: false;
    reason: string;
};
export type CacheDelivery = {
    ok: true;
    path: string;
    bytes: number;
} | {
    ok: false;
    corrupt: boolean;
    reason: string;
};
/** What a finished run hands the cache besides its video. */
export interface StoredRun {
    taskId: string;
    model: string;
    envelope: Envelope<unknown>;
    task: unknown;
}
/**
 * The content-addressed result cache in one folder:
 * `records/<digest>.json` (what the run returned) and `videos/<sha256>.mp4` (the video,
 * named by its own digest). Every write goes to a fresh temporary name and is renamed
 * into place, videos before records, so a reader sees a whole entry or none, and two
 * writers (matrix legs sharing the folder) can only replace a whole entry with another
 * whole entry. Anything partial, corrupt or mismatched is a miss, and is replaced.
 */
export declare class ResultCache {
    private readonly clock;
    readonly mode: CacheMode;
    private readonly root;
    private readonly maxBytes;
    constructor(dir: string, options: Omit<CacheOptions, 'cacheDir'>, clock: Clock);
    /** The cache `options` ask for, or null without `cacheDir`. */
    static open(options: CacheOptions, clock: Clock): ResultCache | null;
    /** False in `refresh` mode: every request is rendered again. */
    get isReadable(): boolean;
    /** False in `read-only` mode. */
    get isWritable(): boolean;
    /**
     * The entry of `digest` when it is whole: its record parses, and its video has the
     * size and sha256 the record says and is a video container. A hit counts as a use
     * for the least-recently-used eviction.
     */
    lookUp(digest: string): Promise<CacheLookup>;
    /** A fresh path for a video on its way into the cache (handed to the download). */
    incomingPath(): Promise<string>;
    /**
     * Moves the video at `incoming` (from `incomingPath`) into the cache and writes the
     * entry's record, replacing an older one; then evicts down to `maxBytes`. Never
     * throws: a cache that cannot be written is reported, and the run goes on.
     */
    store(digest: string, incoming: string, run: StoredRun): Promise<CacheStore>;
    /**
     * Copies the entry's video to `destination` through a temporary file beside it,
     * checking its sha256 on the way, then renames it into place. `corrupt` says the
     * cache's copy is bad (a miss); otherwise the destination could not be written.
     */
    deliver(record: CacheRecord, destination: string): Promise<CacheDelivery>;
    /**
     * Whether one of the cache's folders is a symbolic link (or not a folder). The folder
     * comes back from `actions/cache`, whose archive may hold links: followed, a read or a
     * write could leave the workspace. Such a cache is not used at all.
     */
    private hasLinkedFolder;
    /** The entry's record as it stands (not checked against its video), or null. */
    private readRecord;
    private recordPath;
    private videoPath;
    /** Marks an entry as used now: eviction removes the least recently used first. */
    private touch;
}
