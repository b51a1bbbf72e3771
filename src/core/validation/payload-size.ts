import { Buffer } from 'node:buffer'

/** Largest serialized payload accepted: 10 MB (10 * 1024 * 1024 bytes of JSON). */
export const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024

/**
 * Why the payload is too big or cannot be sent as JSON, or null when it serializes to
 * at most `MAX_PAYLOAD_BYTES` of UTF-8. Serialized once: the size is what upstream
 * would receive, and stringify also finds what JSON cannot carry (cycles, BigInt).
 */
export function payloadSizeIssue(payload: Record<string, unknown>): string | null {
  let json: string
  try {
    json = JSON.stringify(payload)
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error)
    return `payload cannot be serialized as JSON (${reason})`
  }
  // UTF-8 takes at most 3 bytes per UTF-16 unit, so short text needs no exact count.
  if (json.length * 3 <= MAX_PAYLOAD_BYTES) return null
  const bytes = Buffer.byteLength(json, 'utf8')
  if (bytes <= MAX_PAYLOAD_BYTES) return null
  const megabytes = (bytes / (1024 * 1024)).toFixed(1)
  return `payload is ${megabytes} MB (${bytes} bytes) as JSON, over the 10 MB limit (${MAX_PAYLOAD_BYTES} bytes)`
}
