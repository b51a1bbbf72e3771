import type { ErrorCode } from '../core/api/error-codes.js';
/** Codes a usage error may carry: the command line itself is wrong, so nothing is sent. */
export type UsageErrorCode = Extract<ErrorCode, 'INVALID_INPUT' | 'INVALID_MODEL' | 'INVALID_PAYLOAD'>;
export interface UsageErrorOptions {
    /** Default INVALID_INPUT. */
    errorCode?: UsageErrorCode;
    /** Where `--help` says more; default `--help`, e.g. `--help --action getStatus`. */
    helpHint?: string;
    /** The message already says what to do next (the validator's messages do). */
    isActionable?: boolean;
}
/**
 * A command line that cannot run: unknown flag, missing value, bad duration, unreadable
 * payload, invalid model or payload, bad environment value. The CLI prints it as an
 * envelope on stdout and one line on stderr, and exits 2 without sending any request.
 */
export declare class UsageError extends Error {
    readonly errorCode: UsageErrorCode;
    readonly helpHint: string;
    readonly isActionable: boolean;
    constructor(message: string, options?: UsageErrorOptions);
}
