import type { Clock } from '../time/clock.js'
import { successEnvelope, type Failure } from '../api/envelope.js'
import { actionableMessage } from '../api/errors.js'
import { downloadFile, type DownloadResult } from '../tasks/download.js'
import type { ResultCache } from '../cache/result-cache.js'
import type { CacheRecord, CacheReport } from '../cache/types.js'
import type { TaskDetail } from '../api/task-record.js'
import type { RunData } from './types.js'

/** What a hit turned into: reused (maybe with a failure to write `download`), or a miss. */
export type CacheReuse = { reused: true; failure: Failure | null } | { reused: false }

/** The report of a request that was looked up and not found (`reason` says why). */
export function missReport(digest: string, reason: string | null): CacheReport {
  return {
    reused: false,
    digest,
    fromTaskId: null,
    at: null,
    creditsSaved: 0,
    stored: false,
    reason
  }
}

/**
 * Looks the request up and, on a hit, fills `data` from the entry: the original task
 * id, COMPLETED, 0 credits charged by this run, the video copied to `destination`.
 * Nothing is sent. A corrupt entry is a miss (and is replaced once rendered again).
 */
export async function reuseCachedResult(
  cache: ResultCache,
  digest: string,
  destination: string | undefined,
  data: RunData
): Promise<CacheReuse> {
  const found = await cache.lookUp(digest)
  if (found.record === null) {
    data.cache = missReport(digest, found.reason)
    return { reused: false }
  }
  const record = found.record
  if (destination !== undefined) {
    const copy = await cache.deliver(record, destination)
    if (!copy.ok && copy.corrupt) {
      data.cache = missReport(digest, copy.reason)
      return { reused: false }
    }
    fillFromRecord(data, record)
    if (!copy.ok) {
      const what = `Could not save the cached video to ${destination}: ${copy.reason}`
      return {
        reused: true,
        failure: {
          errorCode: 'INVALID_INPUT',
          errorMessage: actionableMessage('INVALID_INPUT', what)
        }
      }
    }
    data.download = { path: copy.path, bytes: copy.bytes }
    return { reused: true, failure: null }
  }
  fillFromRecord(data, record)
  return { reused: true, failure: null }
}

/** How a rendered video reaches the cache: the download's own options. */
export interface RenderedVideo {
  videoUrl: string
  baseUrl: string
  maxBytes?: number
  signal?: AbortSignal
  deadline?: number
  clock: Clock
}

/**
 * A miss that rendered: downloads the video into the cache (even without `download`)
 * and writes the entry: the envelope, the task detail, the digest, the date, the file's
 * size and sha256. Returns the entry, or null with the download's failure when the
 * video could not be fetched (a cache that cannot be written is a note, not a failure).
 */
async function storeRenderedResult(
  cache: ResultCache,
  digest: string,
  data: RunData,
  video: RenderedVideo
): Promise<{ record: CacheRecord | null; failure: Failure | null }> {
  let incoming: string
  try {
    incoming = await cache.incomingPath()
  } catch (error) {
    data.cache = missReport(digest, `the cache folder could not be written (${String(error)})`)
    return { record: null, failure: null }
  }
  const fetched: DownloadResult = await downloadFile(video.videoUrl, incoming, {
    maxBytes: video.maxBytes,
    baseUrl: video.baseUrl,
    signal: video.signal,
    deadline: video.deadline,
    clock: video.clock
  })
  if (!fetched.ok) {
    data.cache = missReport(digest, 'the video could not be downloaded')
    return { record: null, failure: fetched }
  }
  const stored = await cache.store(digest, incoming, {
    taskId: data.taskId ?? '',
    model: data.model,
    envelope: successEnvelope(
      { ...data, cache: null },
      { taskId: data.taskId, status: 'COMPLETED' }
    ),
    task: data.task
  })
  data.cache = stored.ok
    ? {
        ...missReport(digest, data.cache?.reason ?? null),
        fromTaskId: data.taskId,
        at: stored.record.storedAt,
        stored: true
      }
    : missReport(digest, stored.reason)
  return { record: stored.ok ? stored.record : null, failure: null }
}

/**
 * A COMPLETED request's video goes into the cache (when it is writable) and from there
 * to `destination`, which sets `data.download`. Returns the download's failure when the
 * video could not be fetched and a destination was asked for; otherwise null, and a
 * destination still without a file is left to the plain download.
 */
export async function keepRenderedResult(
  cache: ResultCache,
  digest: string,
  data: RunData,
  video: RenderedVideo & { destination?: string }
): Promise<Failure | null> {
  if (!cache.isWritable) return null
  const stored = await storeRenderedResult(cache, digest, data, video)
  if (video.destination === undefined) return null
  if (stored.failure !== null) return stored.failure
  if (stored.record !== null) {
    const copy = await cache.deliver(stored.record, video.destination)
    if (copy.ok) data.download = { path: copy.path, bytes: copy.bytes }
  }
  return null
}

/** A reused result's data: the original task's, with nothing charged by this run. */
function fillFromRecord(data: RunData, record: CacheRecord): void {
  const original = record.envelope.data as Partial<RunData> | null
  const paid = typeof original?.creditsCharged === 'number' ? original.creditsCharged : 0
  data.model = record.model || data.model
  data.taskId = record.taskId
  data.status = 'COMPLETED'
  data.videoUrl = typeof original?.videoUrl === 'string' ? original.videoUrl : null
  data.creditsCharged = 0
  data.creditsRefunded = null
  data.idempotentReplay = false
  // The record came from a folder anyone with the cache key could have written: only a
  // task detail of this task is taken as one.
  const task = record.task as Partial<TaskDetail> | null
  data.task =
    task !== null && typeof task === 'object' && task.id === record.taskId
      ? (task as TaskDetail)
      : null
  data.cache = {
    reused: true,
    digest: record.digest,
    fromTaskId: record.taskId,
    at: record.storedAt,
    creditsSaved: Number.isFinite(paid) && paid > 0 ? paid : 0,
    stored: false,
    reason: null
  }
}
