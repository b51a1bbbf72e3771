import { isAbortError, type Clock } from '../time/clock.js'
import type { Client } from '../api/client.js'
import { failureEnvelope, successEnvelope, type Envelope } from '../api/envelope.js'
import { actionableMessage } from '../api/errors.js'
import type { ErrorCode } from '../api/error-codes.js'
import { isKnownTaskStatus, isTerminalStatus } from '../tasks/task-status.js'
import { isRetryPastDeadline } from '../http/retry-timing.js'

export interface WaitOptions {
  clock: Clock
  /** Absolute clock time at which waiting gives up with TIMEOUT. */
  deadline: number
  /** First delay before the first poll, in ms. */
  pollIntervalMs: number
  /** Largest delay between polls, in ms (default 30000). */
  maxPollIntervalMs?: number
  signal?: AbortSignal
  /** Told after every poll; faces decide how often to print. */
  onProgress?: (progress: WaitProgress) => void
  /** Status already known (e.g. from create). */
  initialStatus?: string | null
  /** Consecutive failed polls (after the transport's own retries) before giving up (default 5). */
  maxConsecutiveFailures?: number
  /** Consecutive polls with an unknown status before giving up (default 3). */
  maxUnknownStatusPolls?: number
}

export interface WaitProgress {
  taskId: string
  status: string | null
  elapsedMs: number
  /** Delay until the next poll, or null when the wait is over. */
  nextPollMs: number | null
  polls: number
}

/** Failures a later poll may not see again. */
const TRANSIENT_CODES: readonly ErrorCode[] = ['RATE_LIMITED', 'NETWORK_ERROR', 'UNKNOWN_ERROR']

/** Each poll interval is this much longer than the last, up to the cap. */
const POLL_GROWTH = 1.5

/**
 * Waits for one task to reach a terminal status (COMPLETED, FAILED, CANCEL), polling its
 * status endpoint with a growing interval, within `deadline`. The envelope is ok when a
 * terminal status was seen (whatever it is); TIMEOUT, ABORTED or the last persistent
 * error otherwise — always with the task id and the last status seen.
 */
export async function waitForTask(
  client: Client,
  taskId: string,
  options: WaitOptions
): Promise<Envelope<{ status: string; polls: number }>> {
  const { clock } = options
  const started = clock.now()
  const cap = options.maxPollIntervalMs ?? 30_000
  let status = options.initialStatus ?? null
  let delay = Math.max(0, options.pollIntervalMs)
  let polls = 0
  let failures = 0
  let unknownPolls = 0

  const stop = (code: ErrorCode, what: string, retryAfter: number | null = null) =>
    failureEnvelope<{ status: string; polls: number }>(
      { errorCode: code, errorMessage: actionableMessage(code, what), retryAfter },
      { taskId, status, data: status === null ? null : { status, polls } }
    )

  try {
    for (;;) {
      const now = clock.now()
      if (now >= options.deadline) {
        return stop(
          'TIMEOUT',
          `Task ${taskId} is still ${status ?? 'pending'} after ${formatMs(now - started)} (wait-timeout reached)`
        )
      }
      await clock.sleep(Math.min(delay, options.deadline - now), options.signal)
      // A poll started at the deadline would wait out any request-budget pause (a long
      // Retry-After) far past it.
      if (clock.now() >= options.deadline) continue
      const answer = await client.getStatus(taskId, {
        signal: options.signal,
        deadline: options.deadline
      })
      polls++
      let nextDelay = Math.min(cap, Math.max(delay * POLL_GROWTH, options.pollIntervalMs))
      if (answer.ok) {
        failures = 0
        status = answer.status
        if (isTerminalStatus(status)) {
          options.onProgress?.({
            taskId,
            status,
            elapsedMs: clock.now() - started,
            nextPollMs: null,
            polls
          })
          return successEnvelope({ status: status as string, polls }, { taskId, status })
        }
        unknownPolls = isKnownTaskStatus(status) ? 0 : unknownPolls + 1
        if (unknownPolls >= (options.maxUnknownStatusPolls ?? 3)) {
          return stop(
            'UNKNOWN_ERROR',
            `Task ${taskId} reports the unknown status "${status}" (${unknownPolls} polls in a row); it is neither finished nor known to be running`
          )
        }
      } else if (answer.errorCode !== null && TRANSIENT_CODES.includes(answer.errorCode)) {
        if (
          answer.errorCode === 'RATE_LIMITED' &&
          isRetryPastDeadline(answer.retryAfter, clock.now(), options.deadline)
        ) {
          return stop(
            'RATE_LIMITED',
            `Polling task ${taskId} was rate limited: upstream asks for ${answer.retryAfter} s more, past the wait-timeout`,
            answer.retryAfter
          )
        }
        failures++
        if (failures >= (options.maxConsecutiveFailures ?? 5)) {
          return stop(
            answer.errorCode,
            `Polling task ${taskId} kept failing: ${answer.errorMessage}`,
            answer.retryAfter
          )
        }
        // Never come back before the server said we may.
        if (answer.retryAfter !== null) nextDelay = Math.max(nextDelay, answer.retryAfter * 1000)
      } else {
        return { ...answer, status: answer.status ?? status, taskId, data: null } as Envelope<{
          status: string
          polls: number
        }>
      }
      delay = nextDelay
      options.onProgress?.({
        taskId,
        status,
        elapsedMs: clock.now() - started,
        nextPollMs: delay,
        polls
      })
    }
  } catch (error) {
    if (options.signal?.aborted || isAbortError(error)) {
      return stop(
        'ABORTED',
        `Waiting for task ${taskId} was interrupted while it was ${status ?? 'pending'}`
      )
    }
    throw error
  }
}

export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`
  const seconds = Math.round(ms / 1000)
  if (seconds < 120) return `${seconds}s`
  const minutes = Math.floor(seconds / 60)
  return `${minutes}m${String(seconds % 60).padStart(2, '0')}s`
}
