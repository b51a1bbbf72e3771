import type { IncomingMessage } from 'node:http'
import type { Payload } from './models.js'

/** Upstream refuses bodies over 10 MB (base64 images make large bodies common). */
export const MAX_BODY_BYTES = 10 * 1024 * 1024

export type BodyRead = { kind: 'read'; bytes: Buffer } | { kind: 'too-large' }

/**
 * Reads the request body. An oversized body is still drained to its end, so the client
 * finishes sending and reads the 413 instead of seeing its upload cut off.
 */
export async function readBody(request: IncomingMessage): Promise<BodyRead> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size <= MAX_BODY_BYTES) chunks.push(chunk)
    else chunks.length = 0
  }
  return size > MAX_BODY_BYTES
    ? { kind: 'too-large' }
    : { kind: 'read', bytes: Buffer.concat(chunks) }
}

/** The body as a JSON object, or undefined when it is malformed or not an object. */
export function parseJsonObject(bytes: Buffer): Payload | undefined {
  try {
    const value: unknown = JSON.parse(bytes.toString('utf8'))
    const isObject = typeof value === 'object' && value !== null && !Array.isArray(value)
    return isObject ? (value as Payload) : undefined
  } catch {
    return undefined
  }
}
