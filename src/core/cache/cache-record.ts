import type { Envelope } from '../api/envelope.js'
import type { CacheRecord } from './types.js'

/** The record format this code writes and reads; a record of another format is a miss. */
export const RECORD_FORMAT = 1

const SHA256_HEX = /^[0-9a-f]{64}$/
const TASK_ID = /^[A-Za-z0-9_-]{1,128}$/

/**
 * Reads a record file's text as a record of `digest`, or null when it is anything else:
 * not JSON, another format, another digest (a renamed file), a malformed video field.
 * The cache folder comes back from `actions/cache` and could hold anything, so every
 * field is checked before it is trusted.
 */
export function parseCacheRecord(text: string, digest: string): CacheRecord | null {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return null
  }
  if (!isObject(value) || value.format !== RECORD_FORMAT || value.digest !== digest) return null
  const { storedAt, taskId, model, envelope, video } = value
  if (typeof storedAt !== 'string' || !Number.isFinite(Date.parse(storedAt))) return null
  if (typeof taskId !== 'string' || !TASK_ID.test(taskId)) return null
  if (typeof model !== 'string' || !isObject(envelope) || !isObject(video)) return null
  if (typeof video.sha256 !== 'string' || !SHA256_HEX.test(video.sha256)) return null
  if (!Number.isSafeInteger(video.bytes) || (video.bytes as number) <= 0) return null
  return {
    format: RECORD_FORMAT,
    digest,
    storedAt,
    taskId,
    model,
    envelope: envelope as unknown as Envelope<unknown>,
    task: value.task ?? null,
    video: { sha256: video.sha256, bytes: video.bytes as number }
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
