import { createWriteStream } from 'node:fs'
import { mkdir, rename, rm } from 'node:fs/promises'
import { dirname, basename, join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { abortReason, systemClock, type Clock } from '../time/clock.js'
import type { Failure } from '../api/envelope.js'
import { actionableMessage } from '../api/errors.js'
import { classifyNetworkError } from '../http/network-failure.js'
import { DEFAULT_BACKOFF, backoffDelay, parseRetryAfter } from '../http/retry-timing.js'
import { sendOnce } from '../http/transport.js'

export interface DownloadOptions {
  /** Largest file accepted, in bytes (default 2 GiB). */
  maxBytes?: number
  /** Idle socket timeout in ms (default 30000). */
  idleTimeoutMs?: number
  /** Whole-download timeout in ms (default 10 minutes). */
  totalTimeoutMs?: number
  /** Retries after network failures (default 3). */
  maxRetries?: number
  /** Absolute clock time by which the download must end (the run's wait-timeout). */
  deadline?: number
  signal?: AbortSignal
  clock?: Clock
  random?: () => number
}

export type DownloadResult =
  { ok: true; path: string; bytes: number; contentType: string | null } | ({ ok: false } & Failure)

export const DEFAULT_MAX_DOWNLOAD_BYTES = 2 * 1024 ** 3

/**
 * Streams a result file to `destination`: into a temporary file beside it, checked
 * against Content-Length and the size limit, then renamed into place, so a reader never
 * sees a partial video. The result link is a CDN URL: no API key is sent to it.
 */
export async function downloadFile(
  url: string,
  destination: string,
  options: DownloadOptions = {}
): Promise<DownloadResult> {
  if (!/^https?:\/\//i.test(url)) {
    return failure('NETWORK_ERROR', `The result link "${url.slice(0, 80)}" is not an http(s) URL`)
  }
  const clock = options.clock ?? systemClock
  const maxRetries = options.maxRetries ?? 3
  await mkdir(dirname(destination), { recursive: true })
  for (let attempt = 1; ; attempt++) {
    const remaining = options.deadline === undefined ? Infinity : options.deadline - clock.now()
    if (remaining <= 0) return outOfTime(attempt)
    const totalTimeoutMs = Math.min(options.totalTimeoutMs ?? 600_000, remaining)
    const result = await downloadOnce(url, destination, { ...options, totalTimeoutMs })
    if (result.ok || !result.retryable || attempt > maxRetries) return result.outcome
    // A server-given delay is honoured as given; one longer than the cap ends the retries.
    const delay =
      result.retryAfterMs ??
      backoffDelay(attempt - 1, DEFAULT_BACKOFF, options.random ?? Math.random)
    const left = options.deadline === undefined ? Infinity : options.deadline - clock.now()
    if (delay > DEFAULT_BACKOFF.maxRetryAfterMs || delay >= left) return result.outcome
    await clock.sleep(delay, options.signal)
  }
}

type Attempt =
  | { ok: true; outcome: DownloadResult }
  | { ok: false; retryable: boolean; retryAfterMs?: number | null; outcome: DownloadResult }

/** Result files are video; an HTML or JSON page in their place is a login wall or an error. */
const NOT_A_VIDEO = /^(text\/|application\/(json|xml|xhtml))/i

async function downloadOnce(
  url: string,
  destination: string,
  options: DownloadOptions
): Promise<Attempt> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_DOWNLOAD_BYTES
  const idleTimeoutMs = options.idleTimeoutMs ?? 30_000
  const total = AbortSignal.timeout(options.totalTimeoutMs ?? 600_000)
  const signal = options.signal ? AbortSignal.any([options.signal, total]) : total
  const temporary = join(
    dirname(destination),
    `.${basename(destination)}.${randomBytes(4).toString('hex')}.part`
  )
  try {
    const response = await sendOnce(
      'GET',
      url,
      null,
      { accept: 'video/*,*/*' },
      signal,
      idleTimeoutMs,
      true
    )
    const message = response.message
    const status = message.statusCode ?? 0
    if (status !== 200) {
      message.resume()
      const expired = status === 403 || status === 404 || status === 410
      return {
        ok: false,
        retryable: status === 408 || status === 429 || status >= 500,
        retryAfterMs: parseRetryAfter(message.headers['retry-after'], Date.now()),
        outcome: failure(
          'NETWORK_ERROR',
          expired
            ? `Downloading the video failed: HTTP ${status}; result links expire 24 hours after completion — generate the video again if the link is older`
            : `Downloading the video failed: HTTP ${status}`
        )
      }
    }
    const type = message.headers['content-type'] ?? ''
    if (NOT_A_VIDEO.test(type)) {
      message.destroy()
      return {
        ok: false,
        retryable: false,
        outcome: failure(
          'UNKNOWN_ERROR',
          `The result link answered a ${type.split(';')[0]} page instead of a video (a login wall, proxy or error page); nothing was saved`
        )
      }
    }
    const declared = Number(message.headers['content-length'] ?? NaN)
    if (Number.isFinite(declared) && declared > maxBytes) {
      message.destroy()
      return { ok: false, retryable: false, outcome: tooLarge(declared, maxBytes) }
    }
    let bytes = 0
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        bytes += chunk.length
        if (bytes > maxBytes) done(new SizeLimitError())
        else done(null, chunk)
      }
    })
    await pipeline(message, counter, createWriteStream(temporary, { flags: 'wx' }), { signal })
    if (Number.isFinite(declared) && bytes !== declared) {
      await rm(temporary, { force: true })
      return {
        ok: false,
        retryable: true,
        outcome: failure(
          'NETWORK_ERROR',
          `The video download was cut short: ${bytes} of ${declared} bytes`
        )
      }
    }
    await rename(temporary, destination)
    return { ok: true, outcome: { ok: true, path: destination, bytes, contentType: type || null } }
  } catch (error) {
    await rm(temporary, { force: true })
    if (options.signal?.aborted) throw abortReason(options.signal)
    if (error instanceof SizeLimitError) {
      return { ok: false, retryable: false, outcome: tooLarge(null, maxBytes) }
    }
    const network = classifyNetworkError(error, total.aborted, options.totalTimeoutMs ?? 600_000)
    return {
      ok: false,
      retryable: network.retryable && !total.aborted,
      outcome: failure('NETWORK_ERROR', `Downloading the video failed: ${network.summary}`)
    }
  }
}

function outOfTime(attempt: number): DownloadResult {
  const tries = attempt > 1 ? ` after ${attempt - 1} attempts` : ''
  return failure(
    'NETWORK_ERROR',
    `The video download did not finish within wait-timeout${tries}; the link stays valid for 24 hours (getTask with download fetches it again)`
  )
}

class SizeLimitError extends Error {
  constructor() {
    super('download larger than the size limit')
    this.name = 'SizeLimitError'
  }
}

function tooLarge(declared: number | null, maxBytes: number): DownloadResult {
  const size = declared === null ? 'more than the limit' : `${declared} bytes`
  return failure(
    'INVALID_INPUT',
    `The video is ${size}; the download size limit is ${maxBytes} bytes (raise download-max-bytes)`
  )
}

function failure(
  code: 'NETWORK_ERROR' | 'INVALID_INPUT' | 'UNKNOWN_ERROR',
  what: string
): DownloadResult {
  return { ok: false, errorCode: code, errorMessage: actionableMessage(code, what) }
}
