import type { Envelope, Failure } from '../api/envelope.js';
import type { ErrorCode } from '../api/error-codes.js';
/** A failure the waiter itself decided on (timeout, abort, unknown status). */
export declare function ownFailure(code: ErrorCode, what: string): Failure;
/** A client's failure, its message (which already says what to do) optionally prefixed. */
export declare function clientFailure(answer: Envelope<unknown>, prefix?: string): Failure;
