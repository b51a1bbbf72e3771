import { type BatchItemResult, type BatchTotals } from '../core/batch/batch.js';
import { type Envelope } from '../core/api/envelope.js';
import type { BatchJob } from './batch-input.js';
import type { CommandContext } from './types.js';
import type { Invocation } from './invocation.js';
/** `data` of a batch's envelope. */
export interface BatchData {
    totals: BatchTotals;
    /** One envelope per job, in the file's order, each with the job's `name`. */
    results: BatchItemResult[];
}
/**
 * Runs a batch: quotes every job that does not already have a task (nothing is created
 * when the quotes exceed a cap or the balance), then `runBatch` within one deadline that
 * the quotes count against too. Reports each creation and each finished job on stderr,
 * plus the polling cycles. After Ctrl-C every job still SUBMITTED is cancelled. Never
 * throws for API, network, timeout or interrupt outcomes.
 */
export declare function runBatchCommand(invocation: Invocation, job: BatchJob, context: CommandContext): Promise<Envelope<BatchData>>;
