import type { Client } from '../api/client.js';
import type { Failure } from '../api/envelope.js';
import { type KeyedSpendItem } from './replay-detection.js';
import type { QuotedItem } from './spend-guard.js';
/** Prices known before anything was created, for the summary. */
export interface SpendReport {
    /** Sum of the quotes (authoritative); null when nothing was quoted. */
    quotedCredits: number | null;
    /** One quote per item quoted, in item order (replays are not quoted). */
    quotes: QuotedItem[];
    /** The balance the quotes (or the account) reported; null when unknown. */
    balance: number | null;
    /** `describeEstimate`'s labelled local hint (single run); never a basis for decisions. */
    estimate: string | null;
}
export interface SpendDecision {
    report: SpendReport;
    /** Why nothing may be created, or null to go ahead. */
    refusal: Failure | null;
    /** How many items already have a task under their Idempotency-Key (replayed free, not quoted). */
    replayed: number;
    /** Why the key's tasks could not be listed (every item was then quoted), or null. */
    listFailure: Failure | null;
}
export interface SpendGuardOptions {
    maxTotalCredits?: number;
    signal: AbortSignal;
    /** Absolute time (Date.now()) after which no quote retry starts. */
    deadline: number;
    concurrency?: number;
    /**
     * A task may already exist under the items' Idempotency-Keys (an explicit key, or an
     * auto key on a re-run attempt): the key's tasks are then listed once, and those items
     * are left out of the quotes. False saves that request when the keys are new.
     */
    mayReplay: boolean;
}
/**
 * Quotes every item that is not a replay before anything is created (`checkBatchSpend`:
 * per-item caps, the total cap, the balance) and decides whether the step may go ahead.
 * Quotes create and charge nothing. Throws only when the signal aborts.
 */
export declare function guardSpend(client: Client, items: readonly KeyedSpendItem[], options: SpendGuardOptions): Promise<SpendDecision>;
