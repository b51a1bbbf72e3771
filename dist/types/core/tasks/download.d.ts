import { type Clock } from '../time/clock.js';
import type { Failure } from '../api/envelope.js';
export interface DownloadOptions {
    /** Largest file accepted, in bytes (default 2 GiB). */
    maxBytes?: number;
    /** Idle socket timeout in ms (default 30000). */
    idleTimeoutMs?: number;
    /** Whole-download timeout in ms (default 10 minutes). */
    totalTimeoutMs?: number;
    /** Retries after network failures (default 3). */
    maxRetries?: number;
    /** Absolute clock time by which the download must end (the run's wait-timeout). */
    deadline?: number;
    signal?: AbortSignal;
    clock?: Clock;
    random?: () => number;
}
export type DownloadResult = {
    ok: true;
    path: string;
    bytes: number;
    contentType: string | null;
} | ({
    ok: false;
} & Failure);
export declare const DEFAULT_MAX_DOWNLOAD_BYTES: number;
/**
 * Streams a result file to `destination`: into a temporary file beside it, checked
 * against Content-Length and the size limit, then renamed into place, so a reader never
 * sees a partial video. The result link is a CDN URL: no API key is sent to it.
 */
export declare function downloadFile(url: string, destination: string, options?: DownloadOptions): Promise<DownloadResult>;
