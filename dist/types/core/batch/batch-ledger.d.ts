import type { Clock } from '../time/clock.js';
import type { Envelope, Failure } from '../api/envelope.js';
import type { BatchEvent, BatchItemResult, BatchOptions, BatchResult, BatchTotals } from './types.js';
import { type BatchItem } from './batch-validation.js';
import { type RunData } from '../run/workflow.js';
/** One item's place in the batch: its data so far, and its result once finished. */
export interface Slot {
    index: number;
    name: string;
    data: RunData;
    startedAt: number;
    result: BatchItemResult | null;
}
/** Every item's slot: settles each once, reports progress, and sums up the batch. */
export declare class BatchLedger {
    private readonly options;
    private readonly clock;
    private readonly started;
    readonly slots: Slot[];
    constructor(items: readonly BatchItem[], options: BatchOptions, clock: Clock, started: number);
    /** Settles one item: its envelope gets the item's data, task id, last status and name. */
    finish(index: number, envelope: Envelope<unknown>): void;
    result(errorMessage: string | null, stopped?: Failure | null): BatchResult;
    report(event: BatchEvent): void;
}
/** A batch's totals from its item envelopes: the one place they are summed, for every face. */
export declare function batchTotals(results: readonly BatchItemResult[]): BatchTotals;
