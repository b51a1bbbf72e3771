import type { Client } from '../api/client.js';
import { type Envelope } from '../api/envelope.js';
import { type QuotedItem } from '../spend/spend-guard.js';
import { type BatchItem } from './batch-validation.js';
/** What pricing a whole batch answers. */
export interface BatchQuoteData {
    /** One price per item, in file order. */
    quotes: QuotedItem[];
    /** Sum of the prices. */
    totalCredits: number;
    /** The balance the quotes (or the account) reported; null when upstream did not say. */
    balance: number | null;
    /** True when the balance covers the total; null when the balance is unknown. */
    affordable: boolean | null;
    /** The batch's cap (max-total-credits), when one was given. */
    maxTotalCredits: number | null;
    /** False when an item's max-credits or the batch's cap is exceeded: run would refuse. */
    withinCaps: boolean;
    /** Why run would refuse (a cap, or the balance), in words; null when it would go ahead. */
    refusal: string | null;
}
export interface BatchQuoteOptions {
    client: Client;
    maxTotalCredits?: number;
    signal?: AbortSignal;
    deadline?: number;
}
/**
 * Prices every item of a batch with the quote endpoint, as `run` would before creating
 * anything, and creates and charges nothing: the total, each item's price, and whether
 * the balance and the caps allow the batch. Invalid items are refused first (nothing is
 * sent); a quote that fails ends the envelope with its own code. A batch the balance or a
 * cap does not allow is still an answer (ok, `affordable` or `withinCaps` false).
 */
export declare function quoteBatch(items: readonly BatchItem[], options: BatchQuoteOptions): Promise<Envelope<BatchQuoteData>>;
