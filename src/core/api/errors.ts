import type { ErrorCode } from './error-codes.js'
import { isErrorCode } from './error-codes.js'
import type { Failure } from './envelope.js'
import type { ApiResult } from '../http/transport.js'
import type { NetworkFailure } from '../http/network-failure.js'
import type { Operation } from './operation-names.js'
import { toRetryAfterSeconds } from '../http/retry-timing.js'
import { actionableMessage } from './advice.js'
import { clip } from './clipped-text.js'

interface ErrorBody {
  errorCode?: string
  error?: string
  message?: string
  status?: string
}

export { actionableMessage } from './advice.js'

type Answer = Extract<ApiResult, { kind: 'response' }>
declare const errorAnswer: unique symbol
/**
 * An exchange that failed: no answer, or an answer that says error. The mark lets the
 * other branch of `isErrorAnswer` narrow to an answer.
 */
export type ErrorAnswer =
  Extract<ApiResult, { kind: 'network' }> | (Answer & { readonly [errorAnswer]: true })

/** Is this answer an error (rather than data), judged by status code and body? */
export function isErrorAnswer(result: ApiResult, operation: Operation): result is ErrorAnswer {
  if (result.kind === 'network') return true
  if (result.status < 200 || result.status >= 300) return true
  // A bare array is a task list, never an error body.
  if (operation === 'listTasks' && Array.isArray(result.json)) return false
  const body = asErrorBody(result.json)
  if (body === undefined) return true
  // On task queries a bare `status: FAILED` is the task's status, not an error.
  if (operation === 'getStatus' || operation === 'getTask') {
    return body.errorCode !== undefined && body.errorCode !== null
  }
  return body.status === 'FAILED' || typeof body.errorCode === 'string'
}

/**
 * Maps any failed exchange to a stable code with an actionable message. `baseUrl`, when
 * given, is named in the message of an answer that shows the base URL is wrong.
 */
export function failureFromResult(
  result: ApiResult,
  operation: Operation,
  baseUrl?: string
): Failure {
  if (result.kind === 'network')
    return failureFromNetwork(result.failure, operation, result.attempts)
  const body = asErrorBody(result.json) ?? {}
  const code = codeFromAnswer(result.status, body, result.text, operation)
  const upstream = upstreamText(body, result)
  const attempts = result.attempts > 1 ? ` after ${result.attempts} attempts` : ''
  const where =
    code === 'ROUTE_NOT_FOUND' && baseUrl !== undefined
      ? `; the base URL ${baseUrl} has no such API route`
      : ''
  const what = `${operation} failed: HTTP ${result.status}${attempts}${upstream ? ` — ${upstream}` : ''}${where}`
  return {
    errorCode: code,
    errorMessage: actionableMessage(code, what),
    retryAfter: toRetryAfterSeconds(result.retryAfterAskedMs ?? result.retryAfterMs)
  }
}

export function failureFromNetwork(
  failure: NetworkFailure,
  operation: Operation,
  attempts: number
): Failure {
  const tries = attempts > 1 ? ` (${attempts} attempts)` : ''
  return {
    errorCode: 'NETWORK_ERROR',
    errorMessage: actionableMessage(
      'NETWORK_ERROR',
      `${operation} failed: ${failure.summary}${tries}`
    )
  }
}

function codeFromAnswer(
  status: number,
  body: ErrorBody,
  text: string,
  operation: Operation
): ErrorCode {
  const named = [body.errorCode, body.error].find(isErrorCode)
  if (named !== undefined) return named
  const fromText = codeFromMessage(body.message ?? '')
  switch (status) {
    case 400:
      return fromText ?? 'INVALID_PAYLOAD'
    case 401:
    case 403:
      return 'AUTH_FAILED'
    case 402:
      return 'INSUFFICIENT_CREDITS'
    case 404:
      return isTaskOperation(operation) && isTaskNotFoundBody(body, text)
        ? 'TASK_NOT_FOUND'
        : 'ROUTE_NOT_FOUND'
    case 408:
      return 'NETWORK_ERROR'
    case 409:
      return operation === 'cancelTask' ? 'TASK_NOT_CANCELLABLE' : 'IDEMPOTENCY_CONFLICT'
    case 413:
      return 'INVALID_PAYLOAD'
    case 422:
      // 422 is either the spending cap or a content refusal.
      return fromText === 'BUDGET_EXCEEDED' ? 'BUDGET_EXCEEDED' : 'INVALID_PAYLOAD'
    case 429:
      return 'RATE_LIMITED'
    case 502:
    case 503:
    case 504:
      return 'NETWORK_ERROR'
    default:
      return fromText ?? 'UNKNOWN_ERROR'
  }
}

/** Older upstream bodies carry only a message; read the code from its words. */
function codeFromMessage(message: string): ErrorCode | undefined {
  const text = message.toLowerCase()
  if (text === '') return undefined
  if (/insufficient|not enough credit|balance/.test(text)) return 'INSUFFICIENT_CREDITS'
  if (/unsupported model|unknown model|invalid model/.test(text)) return 'INVALID_MODEL'
  if (/max[- ]?credits|budget/.test(text)) return 'BUDGET_EXCEEDED'
  if (/idempoten/.test(text)) return 'IDEMPOTENCY_CONFLICT'
  if (/api key|unauthori[sz]ed|auth/.test(text)) return 'AUTH_FAILED'
  if (/too many requests|rate limit/.test(text)) return 'RATE_LIMITED'
  if (/not found|no such task/.test(text)) return 'TASK_NOT_FOUND'
  if (/invalid|required|must be|payload/.test(text)) return 'INVALID_PAYLOAD'
  return undefined
}

function isTaskOperation(operation: Operation): boolean {
  return operation === 'getStatus' || operation === 'getTask' || operation === 'cancelTask'
}

function asErrorBody(json: unknown): ErrorBody | undefined {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return undefined
  return json as ErrorBody
}

/**
 * A task query's 404 means "no such task" only when the body is the API's JSON and does
 * not name some other missing thing: a web server's or proxy's 404 for an unknown route
 * (HTML, empty, `NOT_FOUND`, "Cannot GET /...", "No route ...") means the base URL is wrong.
 */
function isTaskNotFoundBody(body: ErrorBody, text: string): boolean {
  if (!/^\s*[{[]/.test(text)) return false
  const code = body.errorCode ?? body.error
  if (code === 'TASK_NOT_FOUND') return true
  if (typeof code === 'string' && code !== '') return false
  return !/\broute\b|cannot (get|post|put)\b/i.test(body.message ?? '')
}

/** The upstream's own words, or a description of a body that has none. */
function upstreamText(body: ErrorBody, result: Extract<ApiResult, { kind: 'response' }>): string {
  const message = [body.message, body.error, body.errorCode].find(
    (value): value is string => typeof value === 'string' && value.trim() !== ''
  )
  if (message !== undefined) return clip(message, 500)
  const type = String(result.headers['content-type'] ?? '')
  if (result.text.trim() === '') return 'empty body'
  if (/html/i.test(type) || /^\s*</.test(result.text)) {
    return 'the answer was an HTML page, not the API (check base-url, a proxy or a captive portal)'
  }
  if (result.json === undefined) return 'the answer was not valid JSON'
  return 'the answer had no error message'
}
