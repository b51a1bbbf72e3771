import type { Clock } from '../time/clock.js'
import type { Client } from '../api/client.js'
import { failureEnvelope, successEnvelope, type Envelope } from '../api/envelope.js'
import { TaskWatcher } from './task-watcher.js'

export interface WaitOptions {
  clock: Clock
  /** Absolute clock time at which waiting gives up with TIMEOUT. */
  deadline: number
  /**
   * Delay before the first poll of a task just created, in ms, and the shortest interval
   * between polls (used near the task's expected completion). A resumed task (no
   * `initialStatus`) is checked at once.
   */
  pollIntervalMs: number
  /** Largest delay between polls, in ms (default 30000), while the task cannot be done yet. */
  maxPollIntervalMs?: number
  /** The task's model and payload: they tell when it can plausibly be done. */
  model?: string | null
  payload?: unknown
  /** Multiplies the typical generation times (default 1); see `watchTasks`. */
  durationScale?: number
  signal?: AbortSignal
  /** Told after every poll; faces decide how often to print. */
  onProgress?: (progress: WaitProgress) => void
  /** Status already known (e.g. from create); null or absent means check at once. */
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

type Waited = Envelope<{ status: string; polls: number }>

/**
 * Waits for one task to reach a terminal status (COMPLETED, FAILED, CANCEL) within
 * `deadline`: the same watcher and polling policy as `watchTasks`, with one task. The
 * envelope is ok when a terminal status was seen (whatever it is); TIMEOUT, ABORTED or
 * the last persistent error otherwise — always with the task id and the last status seen.
 */
export async function waitForTask(
  client: Client,
  taskId: string,
  options: WaitOptions
): Promise<Waited> {
  const { clock } = options
  const started = clock.now()
  let status = options.initialStatus ?? null
  let polls = 0
  const watcher = new TaskWatcher(client, {
    ...options,
    onStatus: (_taskId, next) => (status = next),
    onPoll: report => {
      polls += report.requests
      options.onProgress?.({
        taskId,
        status,
        elapsedMs: clock.now() - started,
        nextPollMs: report.pending === 0 ? null : report.nextPollMs,
        polls
      })
    }
  })
  watcher.add(taskId, options.initialStatus ?? null, {
    model: options.model,
    payload: options.payload
  })
  watcher.close()
  const outcome = (await watcher.run()).get(taskId) as Envelope<unknown>
  const fields = { taskId, status: outcome.status ?? status }
  if (outcome.ok && fields.status !== null) {
    return successEnvelope({ status: fields.status, polls }, fields)
  }
  return failureEnvelope(
    {
      errorCode: outcome.errorCode ?? 'UNKNOWN_ERROR',
      errorMessage: outcome.errorMessage ?? '',
      retryAfter: outcome.retryAfter
    },
    { ...fields, data: fields.status === null ? null : { status: fields.status, polls } }
  )
}

/** Kept here too: the faces read it from this module. */
export { formatMs } from '../time/duration.js'
