import type { ErrorCode } from './error-codes.js'
import { isErrorCode } from './error-codes.js'
import type { Failure } from './envelope.js'
import type { ApiResult } from '../http/transport.js'
import type { NetworkFailure } from '../http/network-failure.js'
import type { Operation } from './operation-names.js'
import { toRetryAfterSeconds } from '../http/retry-timing.js'

interface ErrorBody {
  errorCode?: string
  error?: string
  message?: string
  status?: string
}

/** What to do next, per code: the second half of every actionable message. */
const NEXT_STEPS: Record<ErrorCode, string> = {
  INVALID_MODEL: 'Use one of the supported models (action `account` lists what your key may use).',
  INVALID_PAYLOAD: 'Fix the payload as described; nothing was charged.',
  AUTH_FAILED:
    'Check the API key (secret AIVIDEO_API_KEY / input api-key): it may be missing, mistyped, disabled or deleted.',
  RATE_LIMITED:
    'Wait for retryAfter seconds and try again; for many tasks use batch mode, which polls them all with one request.',
  INSUFFICIENT_CREDITS:
    'Top up credits at https://aivideomaker.ai, or pick a cheaper model or shorter duration.',
  TASK_NOT_FOUND: 'Check the task id; tasks are only visible to the API key that created them.',
  NETWORK_ERROR:
    'Check connectivity, proxy settings (https_proxy/no_proxy) and base-url, then try again; a created task can be resumed with its task id.',
  UNKNOWN_ERROR: 'Try again later; if it persists, check base-url and the service status.',
  INVALID_INPUT: 'Fix the input named above; nothing was sent.',
  TIMEOUT:
    'The task may still finish: resume waiting with the task id (action run with task-id, or getStatus), or cancel it with cancelTask.',
  TASK_FAILED:
    'Credits for a failed task are refunded. Adjust the prompt or image (content may have been refused) and try again.',
  TASK_CANCELLED:
    'The task was cancelled and refunded; start a new one if you still need the video.',
  BUDGET_EXCEEDED:
    'Nothing was charged. Raise max-credits, or choose a cheaper model or shorter duration (action quote shows the price).',
  IDEMPOTENCY_CONFLICT:
    'This Idempotency-Key was already used with a different request; use a new key (or idempotency-key: auto).',
  TASK_NOT_CANCELLABLE:
    'Cancel works only while a task is SUBMITTED: a task in PROGRESS finishes on its own (a FAILED one is refunded), and a finished task needs nothing.',
  ABORTED:
    'The wait was interrupted; the task keeps running upstream: resume with its task id or cancel it with cancelTask.',
  ROUTE_NOT_FOUND:
    'Check the base URL: it must be the service root (https://aivideomaker.ai) or a proxy that forwards /api/v1/... unchanged, without /api/v1 itself.',
  RESULT_EXPIRED:
    'Result links expire 24 hours after the task completes; generate the video again (a new task) to get a fresh link.',
  DOWNLOAD_REFUSED:
    'Nothing was saved. The result link must be https to a public host and serve an MP4, MOV or WebM video within the download size limit; plain http and local hosts are allowed only with a loopback base URL (a local simulator).',
  LOCAL_IO_ERROR:
    'The task itself is fine and paid: free disk space or fix the folder or its permissions, then download the video again by its task id (the result link stays valid for 24 hours); nothing is retried.'
}

export function nextSteps(code: ErrorCode): string {
  return NEXT_STEPS[code]
}

/** `what happened` + ` ` + `what to do`. */
export function actionableMessage(code: ErrorCode, what: string): string {
  const trimmed = what.trim().replace(/[.\s]+$/, '')
  const steps = withoutRepeat(NEXT_STEPS[code], trimmed)
  return steps === '' ? `${trimmed}.` : `${trimmed}. ${steps}`
}

/**
 * The next steps without an opening sentence the message already says: upstream's own
 * text often ends "nothing was charged", which BUDGET_EXCEEDED's advice begins with.
 */
function withoutRepeat(steps: string, what: string): string {
  const rest = withoutFirstSentence(steps)
  const sentence = steps.slice(0, steps.length - rest.length).replace(/[.\s]+$/, '')
  return sentence !== '' && what.toLowerCase().includes(sentence.toLowerCase()) ? rest : steps
}

/** Advice without its first sentence ('' when it has only one). */
export function withoutFirstSentence(steps: string): string {
  return steps.slice(/^[^.]*\.\s*/.exec(steps)?.[0].length ?? 0)
}

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

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text
}
