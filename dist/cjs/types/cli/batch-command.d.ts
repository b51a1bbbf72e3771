import type { BatchData } from '../core/batch/batch-envelope.js';
import type { Envelope } from '../core/api/envelope.js';
import type { BatchJob } from './batch-input.js';
import type { CommandContext } from './types.js';
import type { Invocation } from './invocation.js';
export type { BatchData };
/**
 * Runs a batch: quotes every job that does not already have a task (nothing is created
 * when the quotes exceed a cap or the balance), then `runBatch` within one deadline that
 * the quotes count against too. Reports each creation and each finished job on stderr,
 * plus the polling cycles. After Ctrl-C every job still SUBMITTED is cancelled. Never
 * throws for API, network, timeout or interrupt outcomes.
 */
export declare function runBatchCommand(invocation: Invocation, job: BatchJob, context: CommandContext): Promise<Envelope<BatchData>>;
