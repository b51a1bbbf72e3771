import { type Clock } from '../time/clock.js';
import type { CreateData } from '../api/client.js';
import type { DeadlineSignal } from '../time/deadline.js';
import type { BatchOptions } from './types.js';
import type { BatchLedger, Slot } from './batch-ledger.js';
import { type ValidItem } from './batch-validation.js';
/** Told when an item's task exists. */
export type OnCreated = (slot: Slot, created: CreateData, label: string) => void;
/**
 * A batch's creations: pauses every creation while the per-key creation limit (429) says
 * so, and stops sending once the key is refused. A create lost on the network is retried
 * by the transport alone (with its Idempotency-Key), under the client's one retry policy,
 * so no create is sent more than 1 + maxRetries times for a network failure.
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
