import { type Clock } from '../time/clock.js';
import type { Failure } from '../api/envelope.js';
import { RetryPolicy } from '../http/retry-policy.js';
export interface DownloadOptions {
    /** Largest file accepted, in bytes (default 2 GiB). */
    maxBytes?: number;
    /** Idle socket timeout in ms (default 30000). */
    idleTimeoutMs?: number;
    /** Whole-download timeout in ms (default 10 minutes). */
    totalTimeoutMs?: number;
    /** Retries after network failures (default: the retry policy's, 3). */
    maxRetries?: number;
    /** Absolute clock time by which the download must end (the run's wait-timeout). */
    deadline?: number;
    /**
     * The API base URL the link came from. Only a loopback one (a local simulator) lets a
     * link use plain http or point to a private, link-local or loopback host; without it,
     * the strict policy applies.
     */
    baseUrl?: string;
    signal?: AbortSignal;
    clock?: Clock;
    /** The client's retry policy, so a download retries like every request (default: a fresh one). */
    retryPolicy?: RetryPolicy;
    /** Jitter of the default policy; ignored with `retryPolicy`. */
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
/** Redirects followed before a link is given up on; each hop is checked like the link. */
export declare const MAX_REDIRECTS = 5;
/**
 * Streams a result file to `destination`: into a temporary file beside it, checked
 * against the download policy (https, public hosts, at every redirect), Content-Length,
 * the size limit and a video container signature, then renamed into place, so a reader
 * never sees a partial or foreign file. The result link is a CDN URL: no API key is sent
 * to it.
 */
export declare function downloadFile(url: string, destination: string, options?: DownloadOptions): Promise<DownloadResult>;
/**
 * A download that failed after the task was made: the message leads with the task id and
 * what it cost, so no wording ("nothing was sent") can suggest the money was not spent.
 */
export declare function unsavedVideoFailure(saved: Failure, taskId: string, creditsCharged: number | null): Failure;
