import { type BatchItem } from './batch-validation.js';
import type { BatchResult, BatchRunOptions } from './types.js';
export { deriveItemIdempotencyKey } from './batch-item-key.js';
export type { BatchEvent, BatchItemResult, BatchOptions, BatchProgress, BatchResult, BatchRunOptions, BatchTotals } from './types.js';
/**
 * Runs many generations as one batch: validates every item first (nothing is sent when
 * one is invalid, unless `continueOnInvalid`), creates the tasks with at most
 * `concurrency` creations in flight (a creation refused by the per-key limit waits for
 * its Retry-After, and so does every other creation, then retries with the same
 * Idempotency-Key), waits for all of them with one list request per cycle through the
 * shared request budget (`watchTasks`), fetches each finished task's detail when the
 * list did not carry it, and downloads the videos when asked. One deadline bounds it
 * all. Never throws for API, network or timeout failures: every item gets its own
 * envelope, and no task id is ever lost.
 *
 * @throws RangeError when `concurrency` is not a whole number from 1 to 100.
 */
export declare function runBatch(items: readonly BatchItem[], given?: BatchRunOptions): Promise<BatchResult>;
