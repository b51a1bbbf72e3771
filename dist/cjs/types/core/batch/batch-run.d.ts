import type { Clock } from '../time/clock.js';
import { type Envelope, type Failure } from '../api/envelope.js';
import type { BatchOptions, BatchResult } from './types.js';
import type { BatchItem, ValidItem } from './batch-validation.js';
/**
 * One batch's run once its items are validated and priced: schedules the creations, hands
 * each task to the shared watch, and collects every item's envelope.
 */
export declare class BatchRun {
    private readonly items;
    private readonly options;
    private readonly clock;
    private readonly concurrency;
    private readonly started;
    private readonly deadline;
    private readonly byTaskId;
    private readonly finishing;
    private readonly ledger;
    private readonly creations;
    private readonly completion;
    private readonly cache;
    constructor(items: readonly BatchItem[], options: BatchOptions, clock: Clock, concurrency: number);
    /**
     * Settles every valid item the result cache has (nothing is sent for them) and
     * returns the others, in order: only they are looked up upstream, quoted and created.
     */
    reuseCached(valid: readonly ValidItem[]): Promise<ValidItem[]>;
    execute(valid: ValidItem[]): Promise<BatchResult>;
    /** Settles one item: its envelope gets the item's data, task id, last status and name. */
    finish(index: number, envelope: Envelope<unknown>): void;
    result(errorMessage: string | null, stopped?: Failure | null): BatchResult;
    private watch;
    private onCreated;
    private onStatus;
    private onSettled;
}
