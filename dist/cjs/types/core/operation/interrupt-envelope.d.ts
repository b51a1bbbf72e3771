import { type Envelope } from '../api/envelope.js';
import { type ClaimOutcome, type CutOffCreate, type SettleClient, type SettleOptions } from '../tasks/interrupt-settlement.js';
import type { RunData } from '../run/workflow.js';
import type { BatchItemResult } from '../batch/types.js';
import { type BatchData } from '../batch/batch-envelope.js';
/** A claim's outcome, with the batch item it belongs to (null for a single run). */
export interface ItemOutcome {
    outcome: ClaimOutcome;
    /** The item's label (`item 2 "fox"`), or null for a single run. */
    label: string | null;
}
export interface InterruptSettlementOptions extends SettleOptions {
    /** Called before the claim with what it will claim, so a face can say so. */
    onClaim?: (claimed: {
        label: string | null;
        taskId: string | null;
        key: string | null;
    }[]) => void;
}
/** The envelope an interrupt ends with, after its claim, and what the claim did. */
export interface SettledInterrupt<T> {
    envelope: Envelope<T>;
    outcomes: ItemOutcome[];
    /** Nothing could be claimed: no task id came back and the create had no key. */
    unclaimable: boolean;
}
/**
 * After an interrupt stopped a single run, its task is claimed (`settleInterrupt`): a task
 * that may still be SUBMITTED is cancelled (refunded in full) and the run ends TASK_CANCELLED
 * with upstream's refund; a create whose answer never came back is found by its key or
 * replayed, then cancelled. A task further along keeps running, and the run stays ABORTED
 * with the task's newest status. Both faces end an interrupted run with this.
 */
export declare function settleInterruptedRun(client: SettleClient, envelope: Envelope<RunData>, sent: CutOffCreate | null, options?: InterruptSettlementOptions): Promise<SettledInterrupt<RunData>>;
/** What an interrupted batch left after its claim, beside its envelope. */
export interface SettledBatch extends SettledInterrupt<BatchData> {
    /** Interrupted items whose tasks keep running upstream. */
    running: BatchItemResult[];
    /** Interrupted items that have no task. */
    unsent: BatchItemResult[];
}
/**
 * After an interrupt the batch is claimed whole (`settleInterrupt`): every interrupted item
 * whose task may still be SUBMITTED is cancelled by its id, and an item whose create never
 * answered has its task found by key or its create replayed, then cancelled (refunded in
 * full). Tasks in PROGRESS keep running. The batch ends ABORTED with one message that sums
 * up the claim; each face adds its own way to go on.
 */
export declare function settleInterruptedBatch(client: SettleClient, data: BatchData, creates: ReadonlyMap<string, CutOffCreate>, options?: InterruptSettlementOptions): Promise<SettledBatch>;
