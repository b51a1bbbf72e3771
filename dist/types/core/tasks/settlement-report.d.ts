import type { ClaimOutcome, Settlement } from './interrupt-settlement.js';
/** What a settlement came to, for one summary line and the envelope. */
export interface SettlementTotals {
    cancelled: number;
    /** Credits upstream said it refunded, summed over the cancels that said so. */
    creditsRefunded: number;
    /** Tasks left alone, per status (upstream cancels only SUBMITTED ones). */
    left: Map<string, number>;
    /** Every task id, or key, not handled: they may still be SUBMITTED and paid. */
    unhandled: Extract<ClaimOutcome, {
        kind: 'unhandled';
    }>[];
}
export declare function settlementTotals(settlement: Settlement): SettlementTotals;
/**
 * True only when it is proven that the key's create cost nothing in the end: its one task
 * was cancelled and upstream refunded all it had charged for it.
 */
export declare function isNothingCharged(outcome: ClaimOutcome): boolean;
/** One sentence on what became of one task (or key), in words every face can show. */
export declare function describeClaimOutcome(outcome: ClaimOutcome): string;
/** One line for a batch: how many were cancelled, refunded, left alone, and every id not handled. */
export declare function describeSettlement(settlement: Settlement, taskCount: number): string;
