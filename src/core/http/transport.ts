import type { IncomingHttpHeaders, IncomingMessage, RequestOptions } from 'node:http'
import type { LookupFunction } from 'node:net'
import { HttpClient } from '@actions/http-client'
import type { HttpClientResponse } from '@actions/http-client'
import { abortReason, clockTimeout, systemClock, type Clock } from '../time/clock.js'
import { defaultQueryBudget, type RequestBudget } from './request-budget.js'
import { capRetryAfter, parseRetryAfter, type BackoffPolicy } from './retry-timing.js'
import { RetryPolicy } from './retry-policy.js'
import { classifyNetworkError, type NetworkFailure } from './network-failure.js'
import { DEFAULTS, SETTING_LIMITS } from '../validation/setting-limits.js'

/** HTTP verbs we send. Cancel is PUT: upstream answers 405 to POST and DELETE there. */
export type HttpMethod = 'GET' | 'POST' | 'PUT'

/**
 * Statuses worth another attempt of a request that is safe to repeat: timeouts, rate
 * limits and server-side failures. Everything else is an answer.
 */
export const RETRYABLE_STATUS_CODES: readonly number[] = [408, 429, 500, 502, 503, 504]

/** API answers are small JSON documents; anything bigger is not an answer we understand. */
const MAX_API_BODY_BYTES = 5 * 1024 * 1024

export interface TransportOptions {
  baseUrl: string
  /** The AIVideoMaker API key, sent bare in the `key` header. Never logged. */
  apiKey: string
  /** Per-request timeout in ms (default 30000). */
  timeoutMs?: number
  /** Retries of requests that are safe to repeat (default 3). */
  maxRetries?: number
  clock?: Clock
  /**
   * Budget shared by task queries. Default: on the real clock the process-wide one; on any
   * other clock that clock's own (see `defaultQueryBudget`).
   */
  queryBudget?: RequestBudget
  backoff?: Partial<BackoffPolicy>
  random?: () => number
  userAgent?: string
  /** Told before each retry sleep (for progress lines); never given the key. */
  onRetry?: (event: RetryEvent) => void
}

export interface ApiRequest {
  method: HttpMethod
  /** Path below the base URL, e.g. `/api/v1/tasks/ck1/status`. */
  path: string
  body?: unknown
  headers?: Record<string, string>
  /**
   * Whether repeating the request is harmless. GET and PUT are; a create POST only
   * when it carries an Idempotency-Key (otherwise a retry may pay twice).
   */
  idempotent: boolean
  /** Task queries draw from the shared per-IP budget. */
  usesQueryBudget?: boolean
  signal?: AbortSignal
  /** Absolute clock time after which no retry is started. */
  deadline?: number
}

export type ApiResult =
  | {
      kind: 'response'
      status: number
      headers: IncomingHttpHeaders
      /** Parsed JSON, or undefined when the body is empty or not JSON. */
      json: unknown
      text: string
      /**
       * Retry-After in ms from the last answer, when given, capped at the backoff
       * policy's `maxRetryAfterMs`: one answer cannot stop a run for longer.
       */
      retryAfterMs: number | null
      /**
       * Retry-After in ms as upstream gave it, uncapped: what the envelope reports, so a
       * caller told "27 hours" is not sent back after the 60 s our own sleeps are capped at.
       * Absent when it equals `retryAfterMs`.
       */
      retryAfterAskedMs?: number | null
      attempts: number
    }
  | { kind: 'network'; failure: NetworkFailure; attempts: number }

/**
 * A 2xx answer whose body a reader consumed as it arrived (`Transport.stream`): what the
 * reader made of it. Never retried, since the reader may have acted on part of it.
 */
export interface StreamedResult<T> {
  kind: 'streamed'
  status: number
  headers: IncomingHttpHeaders
  value: T
  attempts: number
}

/** Reads a 2xx answer's body as it arrives; must not reject. */
export type BodyReader<T> = (message: IncomingMessage) => Promise<T>

export interface RetryEvent {
  method: HttpMethod
  path: string
  attempt: number
  delayMs: number
  reason: string
}

/**
 * Sends API requests: one attempt per `send`, plus retries for requests that are safe
 * to repeat, honouring Retry-After, inside the caller's deadline. Throws only when the
 * caller's signal aborts; every other outcome is an `ApiResult`.
 */
export class Transport {
  readonly baseUrl: string
  readonly timeoutMs: number
  readonly clock: Clock
  /** Governs this transport's retries and every retry its client's callers make. */
  readonly retryPolicy: RetryPolicy
  private readonly apiKey: string
  private readonly queryBudget: RequestBudget
  private readonly userAgent: string
  private readonly onRetry?: (event: RetryEvent) => void

  constructor(options: TransportOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '')
    this.apiKey = options.apiKey
    this.timeoutMs = options.timeoutMs ?? DEFAULTS.requestTimeoutMs
    this.clock = options.clock ?? systemClock
    this.queryBudget = options.queryBudget ?? defaultQueryBudget(this.clock)
    this.retryPolicy = new RetryPolicy(options)
    this.userAgent = options.userAgent ?? 'aivideomaker-action'
    this.onRetry = options.onRetry
  }

  async send(request: ApiRequest): Promise<ApiResult> {
    return this.exchange<never>(request) as Promise<ApiResult>
  }

  /**
   * `send`, but a 2xx answer's body goes to `read` as it arrives instead of being held
   * whole (a task list of any length). Other answers (errors, 429s) are read and retried
   * as `send` does them.
   */
  async stream<T>(
    request: ApiRequest,
    read: BodyReader<T>
  ): Promise<ApiResult | StreamedResult<T>> {
    return this.exchange(request, read)
  }

  private async exchange<T>(
    request: ApiRequest,
    read?: BodyReader<T>
  ): Promise<ApiResult | StreamedResult<T>> {
    for (let attempt = 1; ; attempt++) {
      if (request.usesQueryBudget) await this.queryBudget.acquire(this.clock, request.signal)
      const result = await this.attempt(request, attempt, read)
      if (result.kind === 'streamed') return result
      if (result.kind === 'response' && result.status === 429 && request.usesQueryBudget) {
        this.queryBudget.pauseUntil(this.clock.now() + (result.retryAfterMs ?? 1000))
      }
      const again = request.idempotent && this.retryPolicy.allowsAnother(attempt)
      if (!again || !isRetryable(result)) return result
      // Retry-After first (already capped), else the policy's full-jitter backoff.
      const delay = this.retryPolicy.delay(
        attempt,
        result.kind === 'response' ? result.retryAfterMs : null
      )
      // The retry also waits for the shared budget, which a 429 may have paused.
      const startsAt = Math.max(
        this.clock.now() + delay,
        request.usesQueryBudget ? this.queryBudget.pausedUntilTime : 0
      )
      // A wait past the deadline ends at once (RATE_LIMITED keeps its retryAfter), rather
      // than sleeping into a TIMEOUT.
      if (request.deadline !== undefined && startsAt >= request.deadline) return result
      this.onRetry?.({
        method: request.method,
        path: request.path,
        attempt,
        delayMs: delay,
        reason: describeResult(result)
      })
      await this.clock.sleep(delay, request.signal)
    }
  }

  private async attempt<T>(
    request: ApiRequest,
    attempt: number,
    read?: BodyReader<T>
  ): Promise<ApiResult | StreamedResult<T>> {
    const headers: Record<string, string> = {
      accept: 'application/json',
      'user-agent': this.userAgent,
      key: this.apiKey,
      ...request.headers
    }
    let body: string | null = null
    if (request.body !== undefined) {
      body = JSON.stringify(request.body)
      headers['content-type'] = 'application/json'
    }
    const url = this.baseUrl + request.path
    // The whole exchange, body included, on the transport's clock.
    const timeout = clockTimeout(this.clock, this.timeoutMs)
    const signal = request.signal
      ? AbortSignal.any([request.signal, timeout.signal])
      : timeout.signal
    try {
      // No socket idle timer of its own: idleness can last no longer than the exchange.
      const response = await sendOnce(request.method, url, body, headers, signal, null)
      const status = response.message.statusCode ?? 0
      if (read !== undefined && status >= 200 && status < 300) {
        const value = await read(response.message)
        if (request.signal?.aborted) throw abortReason(request.signal)
        const { headers: answered } = response.message
        return { kind: 'streamed', status, headers: answered, value, attempts: attempt }
      }
      const text = await readText(response.message, MAX_API_BODY_BYTES)
      const asked = parseRetryAfter(response.message.headers['retry-after'], this.clock.now())
      return {
        kind: 'response',
        status,
        headers: response.message.headers,
        json: parseJson(text),
        text,
        retryAfterMs: capRetryAfter(asked, this.retryPolicy.backoff),
        retryAfterAskedMs: asked,
        attempts: attempt
      }
    } catch (error) {
      if (request.signal?.aborted) throw abortReason(request.signal)
      const failure = classifyNetworkError(error, timeout.signal.aborted, this.timeoutMs)
      return { kind: 'network', failure, attempts: attempt }
    } finally {
      timeout.dispose()
    }
  }
}

/**
 * One HTTP exchange through @actions/http-client (proxy-aware), bound to `signal`.
 * Redirects are never followed here: the key header must not be replayed to another
 * host, and a download checks each hop itself. `lookup`, when given, resolves the host.
 * @internal Left out of the published types (dist/types): its signature names a type of a
 * bundled dependency, which the installed package does not carry.
 */
export function sendOnce(
  method: string,
  url: string,
  body: string | null,
  headers: Record<string, string>,
  signal: AbortSignal,
  socketTimeoutMs: number | null,
  lookup?: LookupFunction
): Promise<HttpClientResponse> {
  // http-client replaces the user-agent header with its constructor argument.
  const client = new HttpClient(
    headers['user-agent'],
    [
      {
        prepareRequest: (options: RequestOptions) => {
          options.signal = signal
          if (lookup) options.lookup = lookup
        },
        canHandleAuthentication: () => false,
        handleAuthentication: () => Promise.reject(new Error('not supported'))
      }
    ],
    // Our own loop retries (http-client would retry without Retry-After).
    {
      // null: no idle timer short of the longest request timeout (`signal` bounds the call).
      socketTimeout: socketTimeoutMs ?? SETTING_LIMITS.requestTimeoutMs.max,
      allowRetries: false,
      allowRedirects: false,
      keepAlive: false
    }
  )
  return client.request(method, url, body, headers)
}

/** Reads a whole body as UTF-8, refusing bodies larger than `limit` bytes. */
export function readText(message: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    message.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) {
        // Rejected first: destroying the message also emits 'aborted', which would
        // otherwise report the refusal as a reset connection (and have it retried).
        reject(new BodyTooLargeError(limit))
        message.destroy()
        return
      }
      chunks.push(chunk)
    })
    message.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    message.on('aborted', () => reject(new Error('response aborted')))
    message.on('error', reject)
    message.on('close', () => {
      if (!message.complete)
        reject(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))
    })
  })
}

export class BodyTooLargeError extends Error {
  constructor(limit: number) {
    super(
      // No "not retried" here: the transport does not retry it, but a caller may ask again
      // (the settled detail does), and its message counts the calls.
      `the answer was larger than ${limit / 1024 / 1024} MB, which no API answer is (a wrong base URL or a proxy may be answering)`
    )
    this.name = 'BodyTooLargeError'
  }
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

function isRetryable(result: ApiResult): boolean {
  if (result.kind === 'network') return result.failure.retryable
  if (RETRYABLE_STATUS_CODES.includes(result.status)) return true
  // A 2xx whose JSON is cut short is a broken transfer, not an answer.
  return (
    result.status >= 200 && result.status < 300 && result.json === undefined && result.text !== ''
  )
}

function describeResult(result: ApiResult): string {
  if (result.kind === 'network') return result.failure.summary
  if (result.status >= 200 && result.status < 300)
    return `HTTP ${result.status} with an unreadable body`
  return `HTTP ${result.status}`
}
