/**
 * The first bytes every accepted result file starts with. A content type is only the
 * server's word; these bytes are the file's. MP4 and MOV open with an `ftyp` box (its
 * type at offset 4), WebM and Matroska with the EBML magic 1A 45 DF A3.
 */
export declare const SIGNATURE_BYTES = 8;
/** Whether `head` (the body's first bytes, at least SIGNATURE_BYTES of them) is a video. */
export declare function isVideoContainer(head: Buffer): boolean;
