import { type ReplyBody } from './reply.js';
/** A 32-bit `free` box size is the most padding one box can carry. */
export declare const MAX_PADDING_BYTES = 4294967295;
/**
 * The result file: the sample MP4, optionally padded to `totalBytes` with a trailing
 * `free` box (players skip it, so the file stays valid). Sizes at or below the sample's
 * own size serve the sample as is.
 */
export declare function createVideoBody(totalBytes?: number): ReplyBody;
