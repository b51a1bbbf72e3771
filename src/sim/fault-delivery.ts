import { STATUS_CODES, type ServerResponse } from 'node:http'
import type { AnsweringFaultKind, Fault } from './faults.js'
import {
  bufferBody,
  errorReply,
  jsonReply,
  sendReply,
  type Reply,
  type ReplyBody
} from './reply.js'
import { formatRetryAfter } from './retry-after.js'
import type { TimerSet } from './timers.js'

/** How a faulty answer ended, for the stats: an HTTP status, or no complete response at all. */
export type FaultOutcome = number | 'dropped' | 'reset'

const DEFAULT_DRIP_PAUSE_MS = 200
const DEFAULT_DRIP_TOTAL_MS = 2000

/** Error codes a client expects with each status, so an injected error reads like a real one. */
const ERROR_CODE_BY_STATUS: Record<number, string> = {
  400: 'INVALID_PAYLOAD',
  401: 'AUTH_FAILED',
  402: 'INSUFFICIENT_CREDITS',
  404: 'TASK_NOT_FOUND',
  409: 'IDEMPOTENCY_CONFLICT',
  422: 'BUDGET_EXCEEDED',
  429: 'RATE_LIMITED'
}

function statusLine(status: number): string {
  return `${status} ${STATUS_CODES[status] ?? 'Error'}`
}

function htmlReply(status: number): Reply {
  const title = statusLine(status)
  const page = `<!DOCTYPE html><html><head><title>${title}</title></head><body><center><h1>${title}</h1></center><hr><center>nginx</center></body></html>`
  const headers = { 'Content-Type': 'text/html; charset=utf-8' }
  return { status, headers, body: bufferBody(Buffer.from(page)) }
}

function rateLimitReply(fault: Fault, now: number): Reply {
  const seconds = fault.retryAfterSeconds ?? 1
  const format = fault.retryAfter ?? 'seconds'
  const headers: Record<string, string> =
    format === 'none' ? {} : { 'Retry-After': formatRetryAfter(seconds * 1000, format, now) }
  return errorReply(429, 'RATE_LIMITED', 'Too many requests (simulated)', headers)
}

/** Resolves on `event`, or when the response closes first (the client went away). */
function waitFor(response: ServerResponse, event: 'drain' | 'close'): Promise<void> {
  return new Promise(resolve => {
    const done = (): void => {
      response.off(event, done)
      response.off('close', done)
      resolve()
    }
    response.on(event, done)
    response.on('close', done)
  })
}

/**
 * Writes the first `limit` bytes of a body in pieces of at most `pieceBytes`, calling
 * `pause` between pieces; resolves once the last piece has reached the socket (or the
 * client has gone), so a following destroy() cannot swallow it.
 */
async function writePart(
  response: ServerResponse,
  body: ReplyBody,
  limit: number,
  pieceBytes = Infinity,
  pause?: () => Promise<void>
): Promise<void> {
  let written = 0
  let lastPiece: Promise<void> = Promise.resolve()
  for (const chunk of body.chunks()) {
    for (let offset = 0; offset < chunk.length && written < limit;) {
      if (response.destroyed) return
      const size = Math.min(chunk.length - offset, limit - written, pieceBytes)
      let isFlowing = true
      lastPiece = new Promise(resolve => {
        isFlowing = response.write(chunk.subarray(offset, offset + size), () => resolve())
      })
      offset += size
      written += size
      if (!isFlowing) await waitFor(response, 'drain')
      if (pause && written < limit) await pause()
    }
    if (written >= limit) break
  }
  await Promise.race([lastPiece, waitFor(response, 'close')])
}

/** Headers announcing the whole body (or `length`), then only part of it: the client sees a short body. */
function writeHeadFor(
  response: ServerResponse,
  reply: Reply,
  length: number,
  status = reply.status
): void {
  response.writeHead(status, { ...reply.headers, 'Content-Length': String(length) })
}

/**
 * Answers a request the way the fault says. `answer` produces the real reply for the
 * kinds that deliver one badly; it is called only for those.
 */
export async function deliverFault(
  response: ServerResponse,
  fault: Fault & { kind: AnsweringFaultKind },
  answer: () => Promise<Reply>,
  time: { timers: TimerSet; now: () => number }
): Promise<FaultOutcome> {
  switch (fault.kind) {
    case 'http-error': {
      const status = fault.status ?? 500
      const code = fault.errorCode ?? ERROR_CODE_BY_STATUS[status] ?? 'INTERNAL_ERROR'
      await sendReply(
        response,
        errorReply(status, code, fault.message ?? `Simulated ${statusLine(status)}`)
      )
      return status
    }
    case 'failed-200':
      await sendReply(response, jsonReply(200, { status: 'FAILED', message: 'Simulated failure' }))
      return 200
    case 'html': {
      const status = fault.status ?? 502
      await sendReply(response, htmlReply(status))
      return status
    }
    case 'rate-limit':
      await sendReply(response, rateLimitReply(fault, time.now()))
      return 429
    case 'drop':
      response.socket?.destroy()
      return 'dropped'
    case 'lost':
      // Reached the service, never carried out and never answered: the client gives up.
      await waitFor(response, 'close')
      return 'dropped'
    case 'reset-mid-body': {
      const reply = await answer()
      writeHeadFor(response, reply, reply.body.length)
      await writePart(response, reply.body, Math.floor(reply.body.length / 2))
      response.socket?.destroy()
      return 'reset'
    }
    case 'truncated-json': {
      const reply = await answer()
      const half = Math.floor(reply.body.length / 2)
      const status = fault.status ?? reply.status
      writeHeadFor(response, reply, half, status)
      await writePart(response, reply.body, half)
      response.end()
      return status
    }
    case 'slow-drip': {
      const reply = await answer()
      const pauseMs = fault.delayMs ?? DEFAULT_DRIP_PAUSE_MS
      const totalMs = Math.max(1, fault.totalMs ?? DEFAULT_DRIP_TOTAL_MS)
      const pieceBytes = Math.max(1, Math.ceil((reply.body.length * pauseMs) / totalMs))
      writeHeadFor(response, reply, reply.body.length)
      await writePart(response, reply.body, reply.body.length, pieceBytes, () =>
        time.timers.sleep(pauseMs)
      )
      response.end()
      return reply.status
    }
  }
}
