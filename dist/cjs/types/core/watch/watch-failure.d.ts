import type { Envelope, Failure } from '../api/envelope.js';
import type { ErrorCode } from '../api/error-codes.js';
/** A failure the waiter itself decided on (timeout, abort, unknown status). */
export declare function ownFailure(code: ErrorCode, what: string): Failure;
/** A client's failure, its message (which already says what to do) optionally prefixed. */
export declare function clientFailure(answer: Envelope<unknown>, prefix?: string): Failure;
/** A 429 whose Retry-After (as upstream gave it) ends at or after the deadline: waiting it out cannot help. */
export declare function isRateLimitPastDeadline(answer: Envelope<unknown>, now: number, deadline: number): boolean;
/** Ends at once with RATE_LIMITED and `retryAfter`, instead of sleeping into TIMEOUT. */
export declare function rateLimitPastDeadline(answer: Envelope<unknown>, what: string): Failure;
