import type { ValidItem } from './batch-validation.js';
/**
 * The key an item's create carries: its own; else, with a content scope, its `content`
 * key (from its request digest); else one derived from the base (none for a null base).
 */
export declare function itemIdempotencyKey(valid: ValidItem, base: string | null, contentScope?: string): string | undefined;
/**
 * The Idempotency-Key of one item: a hash of the batch's base key, the item's name, its
 * model and its payload (keys sorted), so an edited item gets a new task while an
 * unchanged one is resumed.
 */
export declare function deriveItemIdempotencyKey(base: string, item: {
    name: string;
    model: string;
    payload: unknown;
}): string;
