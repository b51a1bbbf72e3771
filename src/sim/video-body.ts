import { bufferBody, type ReplyBody } from './reply.js'
import { getSampleVideo } from './sample-video.js'

const FREE_BOX_HEADER_BYTES = 8
const ZERO_CHUNK = Buffer.alloc(64 * 1024)

/** A 32-bit `free` box size is the most padding one box can carry. */
export const MAX_PADDING_BYTES = 0xffffffff

/**
 * The result file: the sample MP4, optionally padded to `totalBytes` with a trailing
 * `free` box (players skip it, so the file stays valid). Sizes at or below the sample's
 * own size serve the sample as is.
 */
export function createVideoBody(totalBytes?: number): ReplyBody {
  const sample = getSampleVideo()
  const padding = (totalBytes ?? 0) - sample.length
  if (padding < FREE_BOX_HEADER_BYTES) return bufferBody(sample)
  return { length: sample.length + padding, chunks: () => paddedChunks(sample, padding) }
}

function* paddedChunks(sample: Buffer, padding: number): Generator<Buffer> {
  yield sample
  const header = Buffer.alloc(FREE_BOX_HEADER_BYTES)
  header.writeUInt32BE(padding, 0)
  header.write('free', 4, 'latin1')
  yield header
  let remaining = padding - FREE_BOX_HEADER_BYTES
  while (remaining > 0) {
    const size = Math.min(remaining, ZERO_CHUNK.length)
    yield size === ZERO_CHUNK.length ? ZERO_CHUNK : ZERO_CHUNK.subarray(0, size)
    remaining -= size
  }
}
