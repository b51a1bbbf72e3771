import type { Clock } from '../time/clock.js';
import { type Failure } from '../api/envelope.js';
import type { ResultCache } from '../cache/result-cache.js';
import type { CacheReport } from '../cache/types.js';
import type { RunData } from './types.js';
/** What a hit turned into: reused (maybe with a failure to write `download`), or a miss. */
export type CacheReuse = {
    reused: true;
    failure: Failure | null;
} | {
    reused: false;
};
/** The report of a request that was looked up and not found (`reason` says why). */
export declare function missReport(digest: string, reason: string | null): CacheReport;
/**
 * Looks the request up and, on a hit, fills `data` from the entry: the original task
 * id, COMPLETED, 0 credits charged by this run, the video copied to `destination`.
 * Nothing is sent. A corrupt entry is a miss (and is replaced once rendered again).
 */
export declare function reuseCachedResult(cache: ResultCache, digest: string, destination: string | undefined, data: RunData): Promise<CacheReuse>;
/** How a rendered video reaches the cache: the download's own options. */
export interface RenderedVideo {
    videoUrl: string;
    baseUrl: string;
    maxBytes?: number;
    signal?: AbortSignal;
    deadline?: number;
    clock: Clock;
}
/**
 * A COMPLETED request's video goes into the cache (when it is writable) and from there
 * to `destination`, which sets `data.download`. Returns the download's failure when the
 * video could not be fetched and a destination was asked for; otherwise null, and a
 * destination still without a file is left to the plain download.
 */
export declare function keepRenderedResult(cache: ResultCache, digest: string, data: RunData, video: RenderedVideo & {
    destination?: string;
}): Promise<Failure | null>;
