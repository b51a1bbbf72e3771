import type { Envelope } from './envelope.js';
import type { ErrorCode } from './error-codes.js';
/**
 * The codes whose next steps name a setting or an operation, so each face words them in
 * its own terms (inputs for the action, flags and environment variables for the CLI,
 * option names for the library); every other code's advice names none and is the same
 * for every face.
 */
export declare const WORDED_ADVICE_CODES: readonly ["INVALID_MODEL", "AUTH_FAILED", "NETWORK_ERROR", "UNKNOWN_ERROR", "INVALID_INPUT", "TIMEOUT", "BUDGET_EXCEEDED", "IDEMPOTENCY_CONFLICT", "ABORTED", "BATCH_INVALID", "BATCH_BUDGET_EXCEEDED", "DOWNLOAD_REFUSED", "LOCAL_IO_ERROR"];
/**
 * What a message's next steps are about: an error code's, or a situation that needs its
 * own (a batch held back because some of its items are invalid, or above its total cap).
 */
export type AdviceCode = ErrorCode | 'BATCH_INVALID' | 'BATCH_BUDGET_EXCEEDED';
export type WordedAdviceCode = (typeof WORDED_ADVICE_CODES)[number];
/** Next steps given the envelope's task id ('<id>' when none). */
type Steps = (taskId: string) => string;
/**
 * A face's words for the next steps of each worded code; a face may word another code in
 * its own terms too (an agent is told which tool to call), otherwise the shared words apply.
 */
export type AdviceWords = Readonly<Record<WordedAdviceCode, Steps>> & Readonly<Partial<Record<AdviceCode, Steps>>>;
/** The library's words: option names and client calls (the core's own envelopes say these). */
export declare const LIBRARY_ADVICE: AdviceWords;
/** What the core knows of a message it composed: what happened, and whose advice follows. */
export interface MessageParts {
    /** The code whose next steps end the message (the data a face words). */
    advice: AdviceCode;
    /** What happened, without a trailing full stop. */
    what: string;
}
/** The next steps of `code` in `words`, with the task id filled in. */
export declare function adviceText(code: AdviceCode, words: AdviceWords, taskId: string | null): string;
/** `what happened` + ` ` + `what to do` (in the library's words until a face words it). */
export declare function actionableMessage(code: AdviceCode, what: string): string;
/**
 * `message` behind `prefix` (an item's label, say). A message the core composed stays
 * composed, so a face still words its next steps (`inWords`); other text is just joined.
 */
export declare function prefixedMessage(prefix: string, message: string | null): string;
/** The parts of a message the core composed, or null for any other text. */
export declare function messageParts(message: string | null): MessageParts | null;
/**
 * The envelope with its next steps in `words` (the task id filled in), and a batch's item
 * envelopes (`data.results`) too. A message the core did not compose is left as it is.
 */
export declare function inWords<T extends Envelope<unknown>>(envelope: T, words: AdviceWords): T;
export {};
