/**
 * The first bytes every accepted result file starts with. A content type is only the
 * server's word; these bytes are the file's. MP4 and MOV open with an `ftyp` box (its
 * type at offset 4), WebM and Matroska with the EBML magic 1A 45 DF A3.
 */
export const SIGNATURE_BYTES = 8

const EBML_MAGIC = Buffer.from([0x1a, 0x45, 0xdf, 0xa3])
const FTYP = Buffer.from('ftyp', 'latin1')

/** Whether `head` (the body's first bytes, at least SIGNATURE_BYTES of them) is a video. */
export function isVideoContainer(head: Buffer): boolean {
  if (head.length >= 4 && head.subarray(0, 4).equals(EBML_MAGIC)) return true
  return head.length >= 8 && head.subarray(4, 8).equals(FTYP)
}
