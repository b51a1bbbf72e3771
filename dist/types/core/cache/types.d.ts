import type { Envelope } from '../api/envelope.js';
/**
 * How a run uses the result cache: `read-write` reuses an entry and fills a missing one
 * (the default); `read-only` reuses but never writes (a fork's PR, a shared cache);
 * `refresh` renders again and replaces the entry.
 */
export type CacheMode = 'read-write' | 'read-only' | 'refresh';
export declare const CACHE_MODES: readonly CacheMode[];
/**
 * The result cache options of `run` and `runBatch` (action inputs `cache-dir`,
 * `cache-mode`, `cache-max-bytes`; flags `--cache-dir`, `--cache-mode`, `--cache-max-bytes`).
 */
export interface CacheOptions {
    /**
     * The result cache folder (made when missing). Before anything is sent each request
     * (model and payload) looks itself up: a hit sends nothing and answers the original
     * task, COMPLETED, 0 credits charged, `data.cache.reused` true, its video copied to
     * the download; a miss runs as usual and, once COMPLETED, stores its video (even
     * without a download). Without it, no cache.
     */
    cacheDir?: string;
    /** `read-write` (default), `read-only` or `refresh`. */
    cacheMode?: CacheMode;
    /** Entries are evicted least recently used first once the videos exceed this many bytes. */
    cacheMaxBytes?: number;
}
/**
 * `data.cache` of a run or batch item that had a cache: whether the video was reused,
 * from which task and when, and whether this run stored it.
 */
export interface CacheReport {
    /** True when nothing was sent: the video came from the cache. */
    reused: boolean;
    /** The request digest: the entry's key. */
    digest: string;
    /** The task that rendered the video (an earlier run's, when reused); null before one exists. */
    fromTaskId: string | null;
    /** When the entry was stored (ISO 8601); null when there is none. */
    at: string | null;
    /** Credits the reused task cost, not charged again by this run (0 when rendered). */
    creditsSaved: number;
    /** True when this run wrote the entry (a miss, or a refresh). */
    stored: boolean;
    /** Why a miss was a miss, or why the entry was not written; null when nothing to say. */
    reason: string | null;
}
/** What an entry's record file holds (`records/<digest>.json`), beside its video. */
export interface CacheRecord {
    /** The record format; another number is a miss. */
    format: number;
    digest: string;
    storedAt: string;
    taskId: string;
    model: string;
    /** The envelope of the run that rendered the video. */
    envelope: Envelope<unknown>;
    /** The task detail upstream reported. */
    task: unknown;
    /** The video file: `videos/<sha256>.mp4`. */
    video: {
        sha256: string;
        bytes: number;
    };
}
