import { type Clock } from '../time/clock.js';
import type { CreateData } from '../api/client.js';
import type { DeadlineSignal } from '../time/deadline.js';
import type { BatchOptions } from '../batch/types.js';
import type { BatchLedger, Slot } from '../batch/batch-ledger.js';
import { type ValidItem } from '../batch/batch-validation.js';
/**
 * How long a create request already sent may still run after an interrupt: upstream may
 * have charged for the task, and its answer carries the id to cancel it by (SIGTERM follows
 * SIGINT 7.5 s later on a runner, so the step still ends in time).
 */
export declare const CREATE_ANSWER_GRACE_MS = 5000;
/** Told when an item's task exists. */
export type OnCreated = (slot: Slot, created: CreateData, label: string) => void;
/**
 * A batch's creations: retries each with its Idempotency-Key, pauses every creation
 * while the per-key creation limit (429) says so, and stops sending once the key is refused.
 */
export declare class CreationSchedule {
    private readonly options;
    private readonly clock;
    private readonly ledger;
    /** The batch's start and deadline, as clock times. */
    private readonly started;
    private readonly deadline;
    /** Creations wait until then after the per-key creation limit refused one. */
    private pausedUntil;
    private refusedKey;
    constructor(options: BatchOptions, clock: Clock, ledger: BatchLedger, 
    /** The batch's start and deadline, as clock times. */
    started: number, deadline: number);
    /** Creates one item's task and hands it to `onCreated`; never throws. */
    create(valid: ValidItem, base: string | null, deadline: DeadlineSignal, onCreated: OnCreated): Promise<void>;
    /** ABORTED or TIMEOUT for an item whose creation the deadline or the signal cut short. */
    private interrupted;
}
