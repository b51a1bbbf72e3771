import type { RetryAfterFormat } from './options.js';
/**
 * A `Retry-After` value that covers `waitMs`: whole seconds rounded up (at least 1, as
 * 0 would invite an instant retry), or an HTTP date on a whole second no earlier than that.
 */
export declare function formatRetryAfter(waitMs: number, format: RetryAfterFormat, now: number): string;
