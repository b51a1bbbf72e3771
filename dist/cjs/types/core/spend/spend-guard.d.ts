import type { AccountData, Client } from '../api/client.js';
import type { ErrorCode } from '../api/error-codes.js';
/** One request to price before anything is created. */
export interface SpendItem {
    /** Shown in messages; default `item <n>` (1-based). */
    name?: string;
    model: string;
    payload: unknown;
    /** Per-task cap in credits (the `max-credits` input); the same value create sends as `X-Max-Credits`. */
    maxCredits?: number;
}
export interface SpendOptions {
    /** Cap on the sum of all quotes (the `max-total-credits` input). */
    maxTotalCredits?: number;
    signal?: AbortSignal;
    /** Absolute clock time after which no quote retry starts. */
    deadline?: number;
    /** Quotes sent at the same time; default 4. */
    concurrency?: number;
}
/** The authoritative price of one item, from `POST /api/v1/quote/{model}`. */
export interface QuotedItem {
    name: string;
    model: string;
    credits: number;
}
interface SpendFigures {
    /** One entry per item quoted, in item order (fewer than the items when a quote failed). */
    quotes: QuotedItem[];
    /** Sum of `quotes[].credits`. */
    totalCredits: number;
    /** The balance the quotes (or the account) reported; null when upstream did not say. */
    balance: number | null;
}
export type SpendCheck = ({
    ok: true;
} & SpendFigures) | ({
    ok: false;
    errorCode: ErrorCode;
    errorMessage: string;
} & SpendFigures);
/** What `checkSpend` needs of a client: `quote`, and `account` when quotes omit the balance. */
export type SpendClient = Pick<Client, 'quote'> & Partial<Pick<Client, 'account'>>;
/**
 * Prices every item with the quote endpoint (creates and charges nothing) and decides,
 * before any creation, whether the whole set may run. Checks, in this order:
 *
 * 1. the caps themselves: not whole numbers >= 0 -> `INVALID_INPUT`, nothing sent;
 * 2. every quote: the first that fails (in item order) is returned with its own code,
 *    e.g. `INVALID_MODEL` for a model the key may not use, `INVALID_PAYLOAD`, `AUTH_FAILED`;
 *    a quote without a price -> `UNKNOWN_ERROR` (fails closed: no budget can be checked);
 * 3. each item's `maxCredits` -> `BUDGET_EXCEEDED` naming every item over its cap;
 * 4. `maxTotalCredits` -> `BUDGET_EXCEEDED` with the total and the cap;
 * 5. the balance (from the quotes, else `client.account()`) -> `INSUFFICIENT_CREDITS`
 *    with both numbers. An unknown balance is not checked (create still refuses with 402).
 *
 * Never throws for API or network errors; only when `signal` aborts (as the client does).
 */
export declare function checkSpend(client: SpendClient, items: readonly SpendItem[], options?: SpendOptions): Promise<SpendCheck>;
/**
 * Warnings (one per model, in the order given) for models the key's account does not
 * list in `supportedModels`: upstream refuses them with `INVALID_MODEL`. When the
 * account answer lists no models at all, one warning says so instead of flagging all.
 */
export declare function checkAccountModels(account: AccountData, models: readonly string[]): string[];
/**
 * A local price hint that says what it is, e.g.
 * `≈ 15 credits (local estimate; the quote is authoritative)`; null when the model has
 * no reference price or the payload does not say the duration or segments. Never a
 * basis for spending decisions: sources disagree on prices (see price-estimate.ts).
 */
export declare function describeEstimate(model: string, payload: unknown): string | null;
export {};
