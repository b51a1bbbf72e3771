import { type Clock } from './clock.js';
import { type Envelope } from './envelope.js';
import type { BatchOptions, BatchResult } from './batch.js';
import { type BatchItem, type ValidItem } from './batch-validation.js';
/**
 * One batch's run once its items are validated and priced: schedules the creations, hands
 * each task to the shared watch, and collects every item's envelope.
 */
export declare class BatchRun {
    private readonly options;
    private readonly clock;
    private readonly concurrency;
    private readonly slots;
    private readonly started;
    private readonly deadline;
    private readonly byTaskId;
    private readonly finishing;
    private readonly downloads;
    /** Creations wait until then after the per-key creation limit refused one. */
    private createPausedUntil;
    private refusedKey;
    constructor(items: readonly BatchItem[], options: BatchOptions, clock: Clock, concurrency: number);
    execute(valid: ValidItem[]): Promise<BatchResult>;
    /** Creates one item's task and hands it to the watch; never throws. */
    private create;
    /** How long to wait before creating again, or null to give up. */
    private createRetryDelay;
    private onCreated;
    private onStatus;
    private onSettled;
    /** getTask (when the list did not carry the detail), the outcome, and the download. */
    private complete;
    /** Downloads one video to `<downloadDir>/<name>.mp4`, at most `concurrency` at once. */
    private save;
    /** Settles one item: its envelope gets the item's data, task id, last status and name. */
    finish(index: number, envelope: Envelope<unknown>): void;
    result(errorMessage: string | null): BatchResult;
    private report;
}
