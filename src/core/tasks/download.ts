import { createWriteStream } from 'node:fs'
import type { IncomingMessage } from 'node:http'
import { mkdir, rename, rm } from 'node:fs/promises'
import { dirname, basename, join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { abortReason, clockTimeout, systemClock, type Clock } from '../time/clock.js'
import type { Failure } from '../api/envelope.js'
import { actionableMessage } from '../api/errors.js'
import { classifyNetworkError, isLocalIoError } from '../http/network-failure.js'
import { parseRetryAfter } from '../http/retry-timing.js'
import { RetryPolicy } from '../http/retry-policy.js'

import { sendOnce } from '../http/transport.js'
import {
  DownloadRefusal,
  checkLink,
  downloadPolicyFor,
  guardedLookup,
  type DownloadPolicy
} from './download-policy.js'
import { SIGNATURE_BYTES, isVideoContainer } from './video-signature.js'
import { DEFAULTS } from '../validation/setting-limits.js'
import { clip } from '../api/clipped-text.js'

export interface DownloadOptions {
  /** Largest file accepted, in bytes (default 2 GiB). */
  maxBytes?: number
  /** Idle socket timeout in ms (default 30000). */
  idleTimeoutMs?: number
  /** Whole-download timeout in ms (default 10 minutes). */
  totalTimeoutMs?: number
  /** Retries after network failures (default: the retry policy's, 3). */
  maxRetries?: number
  /** Absolute clock time by which the download must end (the run's wait-timeout). */
  deadline?: number
  /**
   * The API base URL the link came from. Only a loopback one (a local simulator) lets a
   * link use plain http or point to a private, link-local or loopback host; without it,
   * the strict policy applies.
   */
  baseUrl?: string
  signal?: AbortSignal
  clock?: Clock
  /** The client's retry policy, so a download retries like every request (default: a fresh one). */
  retryPolicy?: RetryPolicy
  /** Jitter of the default policy; ignored with `retryPolicy`. */
  random?: () => number
}

export type DownloadResult =
  { ok: true; path: string; bytes: number; contentType: string | null } | ({ ok: false } & Failure)

export const DEFAULT_MAX_DOWNLOAD_BYTES = DEFAULTS.downloadMaxBytes

/** Redirects followed before a link is given up on; each hop is checked like the link. */
export const MAX_REDIRECTS = 5

/**
 * Streams a result file to `destination`: into a temporary file beside it, checked
 * against the download policy (https, public hosts, at every redirect), Content-Length,
 * the size limit and a video container signature, then renamed into place, so a reader
 * never sees a partial or foreign file. The result link is a CDN URL: no API key is sent
 * to it.
 */
export async function downloadFile(
  url: string,
  destination: string,
  options: DownloadOptions = {}
): Promise<DownloadResult> {
  let link: URL
  try {
    link = new URL(url)
  } catch {
    return failure('DOWNLOAD_REFUSED', `The result link "${clip(url)}" is not a URL`)
  }
  const clock = options.clock ?? systemClock
  const retries =
    options.retryPolicy ??
    new RetryPolicy({ maxRetries: options.maxRetries, random: options.random })
  const maxRetries = options.maxRetries ?? retries.maxRetries
  const policy = downloadPolicyFor(options.baseUrl)
  try {
    await mkdir(dirname(destination), { recursive: true })
  } catch (error) {
    return localFailure(dirname(destination), error)
  }
  for (let attempt = 1; ; attempt++) {
    const remaining = options.deadline === undefined ? Infinity : options.deadline - clock.now()
    if (remaining <= 0) return outOfTime(attempt)
    // Whole milliseconds: a timer takes no fraction, and a clock's times may carry one.
    const totalTimeoutMs = Math.min(options.totalTimeoutMs ?? 600_000, Math.ceil(remaining))
    const result = await downloadOnce(link, destination, policy, { ...options, totalTimeoutMs })
    if (result.ok || !result.retryable || attempt > maxRetries) return result.outcome
    // A server-given delay is honoured, capped like every Retry-After.
    const delay = retries.delay(attempt, result.retryAfterMs ?? null)
    const left = options.deadline === undefined ? Infinity : options.deadline - clock.now()
    if (delay >= left) return result.outcome
    await clock.sleep(delay, options.signal)
  }
}

/**
 * A download that failed after the task was made: the message leads with the task id and
 * what it cost, so no wording ("nothing was sent") can suggest the money was not spent.
 */
export function unsavedVideoFailure(
  saved: Failure,
  taskId: string,
  creditsCharged: number | null
): Failure {
  const cost = creditsCharged === null ? 'charged' : `${creditsCharged} credits charged`
  return {
    ...saved,
    errorMessage: `Task ${taskId} is COMPLETED (${cost}) but its video was not saved: ${saved.errorMessage}`
  }
}

type Attempt =
  | { ok: true; outcome: DownloadResult }
  | { ok: false; retryable: boolean; retryAfterMs?: number | null; outcome: DownloadResult }

/** Result files are video; an HTML or JSON page in their place is a login wall or an error. */
const NOT_A_VIDEO = /^(text\/|application\/(json|xml|xhtml))/i

const REDIRECT_CODES: readonly number[] = [301, 302, 303, 307, 308]

const DOWNLOAD_USER_AGENT = 'aivideomaker-action'

async function downloadOnce(
  link: URL,
  destination: string,
  policy: DownloadPolicy,
  options: DownloadOptions
): Promise<Attempt> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_DOWNLOAD_BYTES
  const idleTimeoutMs = options.idleTimeoutMs ?? 30_000
  const clock = options.clock ?? systemClock
  const timeout = clockTimeout(clock, options.totalTimeoutMs ?? 600_000)
  const total = timeout.signal
  const signal = options.signal ? AbortSignal.any([options.signal, total]) : total
  const temporary = join(
    dirname(destination),
    `.${basename(destination)}.${randomBytes(4).toString('hex')}.part`
  )
  try {
    const message = await openLink(link, policy, signal, idleTimeoutMs)
    const status = message.statusCode ?? 0
    if (status !== 200) {
      message.resume()
      return answerFailure(status, message)
    }
    const type = message.headers['content-type'] ?? ''
    if (NOT_A_VIDEO.test(type)) {
      message.destroy()
      return refused(
        `The result link answered a ${type.split(';')[0]} page instead of a video (a login wall, proxy or error page)`
      )
    }
    const declared = Number(message.headers['content-length'] ?? NaN)
    if (Number.isFinite(declared) && declared > maxBytes) {
      message.destroy()
      return { ok: false, retryable: false, outcome: tooLarge(declared, maxBytes) }
    }
    let bytes = 0
    let head: Buffer | null = Buffer.alloc(0)
    // Holds back the first bytes until they show a video container, so a refused body
    // never reaches the disk.
    const checker = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        bytes += chunk.length
        if (bytes > maxBytes) return done(new SizeLimitError())
        if (head === null) return done(null, chunk)
        head = Buffer.concat([head, chunk])
        if (head.length < SIGNATURE_BYTES) return done()
        if (!isVideoContainer(head)) return done(new NotAVideoError())
        const all = head
        head = null
        done(null, all)
      },
      flush(done) {
        if (head !== null && !isVideoContainer(head)) return done(new NotAVideoError())
        done(null, head ?? undefined)
      }
    })
    await pipeline(message, checker, createWriteStream(temporary, { flags: 'wx' }), { signal })
    if (Number.isFinite(declared) && bytes !== declared) {
      await removeQuietly(temporary)
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
    await removeQuietly(temporary)
    if (options.signal?.aborted) throw abortReason(options.signal)
    if (error instanceof SizeLimitError) {
      return { ok: false, retryable: false, outcome: tooLarge(null, maxBytes) }
    }
    if (error instanceof DownloadRefusal) return refused(`Refused to download: ${error.message}`)
    // Open, write, full disk, rename: this machine's errors, which no retry fixes.
    if (isLocalIoError(error)) {
      return { ok: false, retryable: false, outcome: localFailure(destination, error) }
    }
    if (error instanceof NotAVideoError) {
      return refused(
        'The result link answered a body that is not a video container (no MP4/MOV "ftyp" box, no WebM/Matroska header)'
      )
    }
    const network = classifyNetworkError(error, total.aborted, options.totalTimeoutMs ?? 600_000)
    return {
      ok: false,
      retryable: network.retryable && !total.aborted,
      outcome: failure('NETWORK_ERROR', `Downloading the video failed: ${network.summary}`)
    }
  } finally {
    timeout.dispose()
  }
}

/**
 * Removes a partial file; a folder that refuses even that must not turn the failure being
 * reported into a thrown one (the run's envelope carries the paid task's id).
 */
async function removeQuietly(path: string): Promise<void> {
  await rm(path, { force: true }).catch(() => undefined)
}

/**
 * Requests `link`, following up to MAX_REDIRECTS redirects, each target checked against
 * the policy before it is requested. Answers with the first non-redirect response.
 */
async function openLink(
  link: URL,
  policy: DownloadPolicy,
  signal: AbortSignal,
  idleTimeoutMs: number
): Promise<IncomingMessage> {
  let current = link
  for (let hop = 0; ; hop++) {
    await checkLink(current, policy)
    const response = await sendOnce(
      'GET',
      current.href,
      null,
      { accept: 'video/*,*/*', 'user-agent': DOWNLOAD_USER_AGENT },
      signal,
      idleTimeoutMs,
      guardedLookup(policy)
    )
    const message = response.message
    const location = message.headers.location
    if (!REDIRECT_CODES.includes(message.statusCode ?? 0) || location === undefined) return message
    message.resume()
    if (hop >= MAX_REDIRECTS) {
      throw new DownloadRefusal(`the result link redirected more than ${MAX_REDIRECTS} times`)
    }
    try {
      current = new URL(location, current)
    } catch {
      throw new DownloadRefusal(`the result link redirected to "${clip(location)}", not a URL`)
    }
  }
}

function answerFailure(status: number, message: IncomingMessage): Attempt {
  if (status === 410) {
    return {
      ok: false,
      retryable: false,
      outcome: failure('RESULT_EXPIRED', 'The result link has expired (HTTP 410 Gone)')
    }
  }
  const expired = status === 403 || status === 404
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

function refused(what: string): Attempt {
  return { ok: false, retryable: false, outcome: failure('DOWNLOAD_REFUSED', what) }
}

function outOfTime(attempt: number): DownloadResult {
  const tries = attempt > 1 ? ` after ${attempt - 1} attempts` : ''
  return failure(
    'NETWORK_ERROR',
    `The video download did not finish within wait-timeout${tries}; the link stays valid for 24 hours (getTask with download fetches it again)`
  )
}

class NotAVideoError extends Error {
  constructor() {
    super('the body is not a video container')
    this.name = 'NotAVideoError'
  }
}

class SizeLimitError extends Error {
  constructor() {
    super('download larger than the size limit')
    this.name = 'SizeLimitError'
  }
}

/** A size refusal: the task was made (and paid) already, so this is no input error. */
function tooLarge(declared: number | null, maxBytes: number): DownloadResult {
  const size = declared === null ? 'more than the limit' : `${declared} bytes`
  return failure(
    'DOWNLOAD_REFUSED',
    `The video is ${size}; the download size limit is ${maxBytes} bytes (raise download-max-bytes to save it)`
  )
}

/**
 * This machine could not keep the file: the message names the path and the OS error, so
 * the fix is plain; the task and its link upstream are untouched.
 */
function localFailure(path: string, error: unknown): DownloadResult {
  return failure('LOCAL_IO_ERROR', `Could not save the video to ${path}: ${osErrorText(error)}`)
}

/** `EISDIR: illegal operation on a directory (rename)`: Node's message without its paths. */
function osErrorText(error: unknown): string {
  if (!(error instanceof Error)) return clip(String(error))
  const { code, syscall } = error as NodeJS.ErrnoException
  const head = error.message.split(/, (?=\w+ ')/)[0]
  const text = code !== undefined && !head.startsWith(code) ? `${code}: ${head}` : head
  return clip(syscall !== undefined ? `${text} (${syscall})` : text)
}

function failure(
  code: 'NETWORK_ERROR' | 'RESULT_EXPIRED' | 'DOWNLOAD_REFUSED' | 'LOCAL_IO_ERROR',
  what: string
): DownloadResult {
  return { ok: false, errorCode: code, errorMessage: actionableMessage(code, what) }
}
