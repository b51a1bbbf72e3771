import { type Clock } from '../time/clock.js';
import type { Client } from '../api/client.js';
import { type Envelope } from '../api/envelope.js';
export interface WaitOptions {
    clock: Clock;
    /** Absolute clock time at which waiting gives up with TIMEOUT. */
    deadline: number;
    /** First delay before the first poll, in ms. */
    pollIntervalMs: number;
    /** Largest delay between polls, in ms (default 30000). */
    maxPollIntervalMs?: number;
    signal?: AbortSignal;
    /** Told after every poll; faces decide how often to print. */
    onProgress?: (progress: WaitProgress) => void;
    /** Status already known (e.g. from create). */
    initialStatus?: string | null;
    /** Consecutive failed polls (after the transport's own retries) before giving up (default 5). */
    maxConsecutiveFailures?: number;
    /** Consecutive polls with an unknown status before giving up (default 3). */
    maxUnknownStatusPolls?: number;
}
export interface WaitProgress {
    taskId: string;
    status: string | null;
    elapsedMs: number;
    /** Delay until the next poll, or null when the wait is over. */
    nextPollMs: number | null;
    polls: number;
}
/**
 * Waits for one task to reach a terminal status (COMPLETED, FAILED, CANCEL), polling its
 * status endpoint with a growing interval, within `deadline`. The envelope is ok when a
 * terminal status was seen (whatever it is); TIMEOUT, ABORTED or the last persistent
 * error otherwise — always with the task id and the last status seen.
 */
export declare function waitForTask(client: Client, taskId: string, options: WaitOptions): Promise<Envelope<{
    status: string;
    polls: number;
}>>;
export declare function formatMs(ms: number): string;
