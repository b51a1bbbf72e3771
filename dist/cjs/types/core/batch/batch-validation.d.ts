import type { Failure } from '../api/envelope.js';
import type { ErrorCode } from '../api/error-codes.js';
import type { ModelName } from '../validation/models.js';
/** One job of a batch, as a face hands it to the core. */
export interface BatchItem {
    /**
     * Unique within the batch: names the item's result and its downloaded file
     * (`<downloadDir>/<name>.mp4`), so only `A-Z a-z 0-9 . _ -` are allowed, 1 to 100
     * characters, starting with a letter or digit.
     */
    name: string;
    model: string;
    payload: unknown;
    /** 8..128 characters; default: derived from the batch's base key and the item. */
    idempotencyKey?: string;
    /** Sent as X-Max-Credits for this item only. */
    maxCredits?: number;
    /** Render again even when the result cache has this request (and replace its entry). */
    refresh?: boolean;
}
export interface ValidItem {
    /** Position in the batch, from 0. */
    index: number;
    item: BatchItem;
    model: ModelName;
    /** The payload as it will be sent (durations coerced to the model's type). */
    payload: Record<string, unknown>;
    notes: string[];
}
export interface InvalidItem {
    index: number;
    item: BatchItem;
    failure: Failure & {
        issues: string[];
    };
}
export interface BatchValidation {
    /** True when every item is valid. */
    ok: boolean;
    valid: ValidItem[];
    invalid: InvalidItem[];
    /** Null when ok; otherwise the code all invalid items share, else INVALID_INPUT. */
    errorCode: ErrorCode | null;
    /** Null when ok; otherwise one line per problem, each naming the item. */
    errorMessage: string | null;
    /** Every problem, each prefixed with its item's label (`item 3 "fox-night": ...`). */
    issues: string[];
}
/** How messages name an item: its position counted from 1, and its name. */
export declare function itemLabel(index: number, name: unknown): string;
/** The name an item without one gets: `item-<position counted from 1>`. */
export declare function defaultItemName(index: number): string;
/** Problems with an item name alone (not its uniqueness), or null. */
export declare function itemNameProblem(name: unknown): string | null;
/**
 * Checks every item of a batch before anything is created: names (safe, unique), the
 * create options (idempotency key, max credits), and model and payload with
 * `validateRequest`. Each problem names its item by position (from 1) and name. Sends
 * nothing; whether invalid items stop the batch is the caller's decision.
 */
export declare function validateBatch(items: readonly BatchItem[]): BatchValidation;
