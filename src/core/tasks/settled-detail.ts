import type { CallOptions, Client } from '../api/client.js'
import { failureEnvelope, type Envelope, type Failure } from '../api/envelope.js'
import type { ErrorCode } from '../api/error-codes.js'
import { actionableMessage, messageParts } from '../api/advice.js'
import type { Clock } from '../time/clock.js'
import type { TaskDetail } from '../api/task-record.js'

/**
 * getTask calls made after the first one fails transiently. Each call already carries
 * the transport's own retries, so a few more ride out a burst (a soak run saw four
 * connection resets in a row) without stalling a run on a service that is down.
 */
export const SETTLED_DETAIL_EXTRA_CALLS = 3

/**
 * Failures worth asking again: a dropped or reset connection and 408/502/503/504
 * (NETWORK_ERROR), 429 (RATE_LIMITED), and a 500 or an unreadable answer (UNKNOWN_ERROR).
 * Reading a task is harmless to repeat; every other code (the key, the id, the route)
 * would fail the same way again.
 */
const TRANSIENT_CODES: readonly ErrorCode[] = ['NETWORK_ERROR', 'RATE_LIMITED', 'UNKNOWN_ERROR']

export interface SettledDetailOptions {
  clock: Clock
  /** Absolute clock time: no call starts at or past it. */
  deadline: number
  /** The status the wait ended with; a COMPLETED task's failure says how to fetch it later. */
  status: string | null
  signal?: AbortSignal
  /** Default SETTLED_DETAIL_EXTRA_CALLS. */
  extraCalls?: number
}

/**
 * The detail of a task whose wait has ended: getTask, asked again on transient failures
 * with the client's retry policy (Retry-After first) until it answers, the extra calls run out, or the next
 * call could not start before the deadline. A task that is COMPLETED has been paid for,
 * so its failure says so and how to fetch it; the caller keeps its id and status.
 * Throws only when `signal` aborts.
 */
export async function fetchSettledDetail(
  client: Client,
  taskId: string,
  options: SettledDetailOptions
): Promise<Envelope<TaskDetail>> {
  const extraCalls = options.extraCalls ?? SETTLED_DETAIL_EXTRA_CALLS
  const call: CallOptions = { signal: options.signal, deadline: options.deadline }
  let calls = 1
  let detail = await client.getTask(taskId, call)
  while (!detail.ok && isTransient(detail.errorCode) && calls <= extraCalls) {
    // The transport's retries used the low exponents; these calls continue the curve.
    const policy = client.retryPolicy
    const retryAfterMs = detail.retryAfter === null ? null : detail.retryAfter * 1000
    const delay = policy.delay(policy.maxRetries + calls, retryAfterMs)
    if (options.clock.now() + delay >= options.deadline) break
    await options.clock.sleep(delay, options.signal)
    calls++
    detail = await client.getTask(taskId, call)
  }
  if (detail.ok || options.status !== 'COMPLETED') return detail
  return failureEnvelope(completedFailure(taskId, detail, calls), {
    taskId,
    status: 'COMPLETED'
  })
}

function isTransient(code: ErrorCode | null): boolean {
  return code !== null && TRANSIENT_CODES.includes(code)
}

/** Keeps the failure's code (and retryAfter), and puts first that the task is done and paid. */
function completedFailure(taskId: string, detail: Envelope<TaskDetail>, calls: number): Failure {
  const code = detail.errorCode ?? 'UNKNOWN_ERROR'
  const reason = withoutAdvice(detail.errorMessage ?? '')
  const what = `Task ${taskId} is COMPLETED (its credits are charged), but its detail could not be fetched (${calls} getTask ${calls === 1 ? 'call' : 'calls'}; last: ${reason}). Fetch it with getTask and task id ${taskId}; the video link is kept for 24 hours`
  return {
    errorCode: code,
    errorMessage: actionableMessage(code, what),
    retryAfter: detail.retryAfter
  }
}

/** The "what happened" of a message: without its next steps when the core composed it. */
function withoutAdvice(message: string): string {
  return messageParts(message)?.what ?? message.trim().replace(/[.\s]+$/, '')
}
