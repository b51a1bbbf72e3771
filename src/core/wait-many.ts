import { isAbortError, systemClock, type Clock } from './clock.js'
import type { Client } from './client.js'
import { createDeadlineSignal } from './deadline.js'
import { failureEnvelope, successEnvelope, type Envelope, type Failure } from './envelope.js'
import type { ErrorCode } from './error-codes.js'
import { actionableMessage } from './errors.js'
import type { TaskDetail } from './task-record.js'
import { isKnownTaskStatus, isTerminalStatus } from './task-status.js'
import { formatMs } from './wait.js'

export interface WaitManyOptions {
  clock?: Clock
  /** Absolute clock time at which every task still pending ends with TIMEOUT. */
  deadline: number
  /** First delay between polls in ms (default 5000); also the delay after any change. */
  pollIntervalMs?: number
  /** Largest delay between polls in ms (default 30000), reached while nothing changes. */
  maxPollIntervalMs?: number
  /** Aborting ends every pending task with ABORTED. */
  signal?: AbortSignal
  /** Told when a task's status changes (including to a terminal one). */
  onStatus?: (taskId: string, status: string, previous: string | null) => void
  /** Told as soon as a task's outcome is known, before the others finish. */
  onSettled?: (taskId: string, outcome: Envelope<WatchedTask>) => void
  /** Told after every polling cycle. */
  onPoll?: (report: PollReport) => void
  /** Consecutive transient failures (after the transport's own retries) before giving up (default 5). */
  maxConsecutiveFailures?: number
  /** Consecutive polls with an unknown status before a task gives up (default 3). */
  maxUnknownStatusPolls?: number
}

/** What the waiter learned about a finished task. */
export interface WatchedTask {
  /** The terminal status: COMPLETED, FAILED or CANCEL. */
  status: string
  /** The task's detail from the list answer; null when only a status poll saw it finish. */
  task: TaskDetail | null
  /** Clock time at which the terminal status was first seen. */
  detectedAt: number
  /** Polling cycles that reported on this task. */
  polls: number
}

export interface PollReport {
  /** `list`: one GET /api/v1/tasks answered; `status`: per-task status polls only. */
  via: 'list' | 'status'
  /** Requests this cycle sent (list plus per-task status polls). */
  requests: number
  /** Tasks still pending after the cycle. */
  pending: number
  /** Tasks whose status changed in the cycle. */
  changed: number
  /** Delay until the next cycle, or null when there is nothing left to wait for. */
  nextPollMs: number | null
}

/** A set of tasks being waited for, which may grow while the wait runs. */
export interface TaskWatch {
  /** Adds a task (ignored when already watched); `status` is what its creation answered. */
  add(taskId: string, status?: string | null): void
  /** No more tasks will be added: `done` resolves once every added task has settled. */
  close(): void
  /**
   * One envelope per task id, in the order they were added. Ok when a terminal status
   * was seen (whatever it is); otherwise TIMEOUT, ABORTED or the error that ended the
   * wait for that task, always with its task id and last status. Never rejects.
   */
  readonly done: Promise<Map<string, Envelope<WatchedTask>>>
}

/** Failures a later poll may not see again. */
const TRANSIENT_CODES: readonly ErrorCode[] = ['RATE_LIMITED', 'NETWORK_ERROR']

/** Each interval without a change is this much longer than the last, up to the cap. */
const POLL_GROWTH = 1.5

/** Unusable list answers in a row before the list is set aside for per-task polls. */
const LIST_FAILURES_BEFORE_FALLBACK = 2

/** Per-task cycles after which a set-aside list is tried again (it may have recovered). */
const LIST_RETRY_CYCLES = 10

interface Tracked {
  status: string | null
  task: TaskDetail | null
  polls: number
  failures: number
  unknownPolls: number
}

/**
 * Waits for many tasks at once for the price of one request per cycle: each cycle asks
 * `GET /api/v1/tasks` (one answer covers every task of the key) through the client's
 * shared request budget. Only tasks the list cannot answer for (missing from it, e.g.
 * older than the list keeps) are polled one by one with `getStatus`; when the list
 * itself cannot answer (an unknown shape or an error twice in a row, or network
 * failures that persist), every task is polled that way for ten cycles, then the list
 * is tried again. A rate-limited list is waited out, never replaced by more requests.
 *
 * The delay starts at `pollIntervalMs`, grows by 1.5x to `maxPollIntervalMs` while
 * nothing changes, goes back to the start when any status changes, and is never shorter
 * than a `Retry-After`. The deadline bounds everything, including budget waits.
 */
export function watchTasks(client: Client, options: WaitManyOptions): TaskWatch {
  const watcher = new Watcher(client, options)
  return {
    add: (taskId, status) => watcher.add(taskId, status ?? null),
    close: () => watcher.close(),
    done: watcher.run()
  }
}

/** Waits for a fixed set of tasks; see `watchTasks`. */
export function waitForTasks(
  client: Client,
  taskIds: readonly string[],
  options: WaitManyOptions
): Promise<Map<string, Envelope<WatchedTask>>> {
  const watch = watchTasks(client, options)
  for (const taskId of taskIds) watch.add(taskId)
  watch.close()
  return watch.done
}

class Watcher {
  private readonly clock: Clock
  private readonly startMs: number
  private readonly capMs: number
  private readonly order: string[] = []
  private readonly pending = new Map<string, Tracked>()
  private readonly results = new Map<string, Envelope<WatchedTask>>()
  private closed = false
  private wake: (() => void) | null = null
  /** Per-task cycles left before the list is tried again; 0 while the list is in use. */
  private listSetAside = 0
  private listFailures = 0
  private rateLimitedLists = 0
  private networkFailedLists = 0

  constructor(
    private readonly client: Client,
    private readonly options: WaitManyOptions
  ) {
    this.clock = options.clock ?? systemClock
    this.startMs = Math.max(0, options.pollIntervalMs ?? 5_000)
    this.capMs = Math.max(this.startMs, options.maxPollIntervalMs ?? 30_000)
  }

  add(taskId: string, status: string | null): void {
    if (this.pending.has(taskId) || this.results.has(taskId)) return
    this.order.push(taskId)
    this.pending.set(taskId, { status, task: null, polls: 0, failures: 0, unknownPolls: 0 })
    this.wake?.()
  }

  close(): void {
    this.closed = true
    this.wake?.()
  }

  async run(): Promise<Map<string, Envelope<WatchedTask>>> {
    const started = this.clock.now()
    const deadline = createDeadlineSignal(this.clock, this.options.deadline, this.options.signal)
    let delay = this.startMs
    let sleepMs = delay
    try {
      for (;;) {
        if (this.pending.size === 0) {
          if (this.closed) break
          await this.nextAddition(deadline.signal)
          delay = sleepMs = this.startMs
          continue
        }
        await this.clock.sleep(sleepMs, deadline.signal)
        const began = this.clock.now()
        const cycle = await this.poll(deadline.signal)
        delay =
          cycle.changed > 0
            ? this.startMs
            : Math.min(this.capMs, Math.max(this.startMs, delay * POLL_GROWTH))
        // A list cycle is one request: its interval runs from start to start, so a slow
        // answer does not stretch it. Per-task cycles rest the full interval between them.
        sleepMs = cycle.via === 'list' ? Math.max(0, delay - (this.clock.now() - began)) : delay
        // Never come back before the server said we may.
        if (cycle.retryAfterMs !== null) {
          delay = Math.max(delay, cycle.retryAfterMs)
          sleepMs = Math.max(sleepMs, cycle.retryAfterMs)
        }
        this.options.onPoll?.({
          via: cycle.via,
          requests: cycle.requests,
          pending: this.pending.size,
          changed: cycle.changed,
          nextPollMs: this.pending.size === 0 && this.closed ? null : delay
        })
      }
    } catch (error) {
      if (!isAbortError(error) && !deadline.signal.aborted) throw error
      const aborted = this.options.signal?.aborted === true
      const elapsed = formatMs(this.clock.now() - started)
      for (const [taskId, tracked] of [...this.pending]) {
        const state = tracked.status ?? 'pending'
        this.settleFailure(
          taskId,
          aborted
            ? ownFailure(
                'ABORTED',
                `Waiting for task ${taskId} was interrupted while it was ${state}`
              )
            : ownFailure(
                'TIMEOUT',
                `Task ${taskId} is still ${state} after ${elapsed} (wait-timeout reached)`
              )
        )
      }
    } finally {
      deadline.dispose()
    }
    return new Map(
      this.order.map(taskId => [taskId, this.results.get(taskId) as Envelope<WatchedTask>])
    )
  }

  /** Resolves on the next add or close; rejects when the signal aborts. */
  private nextAddition(signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        this.wake = null
        reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'))
      }
      if (signal.aborted) return onAbort()
      this.wake = () => {
        this.wake = null
        signal.removeEventListener('abort', onAbort)
        resolve()
      }
      signal.addEventListener('abort', onAbort, { once: true })
    })
  }

  private async poll(signal: AbortSignal): Promise<Cycle> {
    const cycle: Cycle = { via: 'status', requests: 0, changed: 0, retryAfterMs: null }
    let unanswered = [...this.pending.keys()]
    if (this.listSetAside > 0) this.listSetAside--
    else {
      const answer = await this.client.listTasks({ signal })
      cycle.requests++
      if (answer.ok && answer.data !== null) {
        cycle.via = 'list'
        this.listFailures = 0
        this.rateLimitedLists = 0
        this.networkFailedLists = 0
        const byId = new Map(answer.data.tasks.map(task => [task.id, task]))
        unanswered = unanswered.filter(taskId => {
          const task = byId.get(taskId)
          if (task !== undefined) this.observe(taskId, task.status, task, cycle)
          return task === undefined
        })
      } else if (!this.onListFailure(answer, cycle)) {
        return cycle
      }
    }
    for (const taskId of unanswered) {
      const answer = await this.client.getStatus(taskId, { signal })
      cycle.requests++
      if (answer.ok && answer.status !== null) this.observe(taskId, answer.status, null, cycle)
      else this.onStatusFailure(taskId, answer, cycle)
    }
    return cycle
  }

  /**
   * Handles a failed list answer; true when the tasks should be polled one by one this
   * cycle. A rate limit waits (per-task polls would only make it worse); a network
   * failure waits too, until it persists (an answer too large to read fails the same
   * way every time); anything else means the list cannot answer: after two in a row
   * it is set aside, and tried again after LIST_RETRY_CYCLES per-task cycles.
   */
  private onListFailure(answer: Envelope<unknown>, cycle: Cycle): boolean {
    const code = answer.errorCode ?? 'UNKNOWN_ERROR'
    const maxFailures = this.options.maxConsecutiveFailures ?? 5
    if (code === 'AUTH_FAILED') {
      // Every per-task query would be refused the same way.
      this.failAll(clientFailure(answer))
      return false
    }
    if (code === 'RATE_LIMITED') {
      if (answer.retryAfter !== null) cycle.retryAfterMs = answer.retryAfter * 1000
      if (++this.rateLimitedLists >= maxFailures) {
        this.failAll(clientFailure(answer, 'Listing tasks kept failing: '))
      }
      return false
    }
    if (code === 'NETWORK_ERROR' && ++this.networkFailedLists < maxFailures) return false
    this.listFailures++
    if (code === 'NETWORK_ERROR' || this.listFailures >= LIST_FAILURES_BEFORE_FALLBACK) {
      this.listSetAside = LIST_RETRY_CYCLES
      // One more unusable answer after the retry sets it aside again.
      this.listFailures = LIST_FAILURES_BEFORE_FALLBACK - 1
      this.networkFailedLists = 0
    }
    return true
  }

  private onStatusFailure(taskId: string, answer: Envelope<unknown>, cycle: Cycle): void {
    const tracked = this.pending.get(taskId) as Tracked
    const code = answer.errorCode ?? 'UNKNOWN_ERROR'
    if (!TRANSIENT_CODES.includes(code) && code !== 'UNKNOWN_ERROR') {
      this.settleFailure(taskId, clientFailure(answer))
      return
    }
    tracked.failures++
    if (answer.retryAfter !== null) {
      cycle.retryAfterMs = Math.max(cycle.retryAfterMs ?? 0, answer.retryAfter * 1000)
    }
    if (tracked.failures >= (this.options.maxConsecutiveFailures ?? 5)) {
      this.settleFailure(taskId, clientFailure(answer, `Polling task ${taskId} kept failing: `))
    }
  }

  private observe(taskId: string, status: string, task: TaskDetail | null, cycle: Cycle): void {
    const tracked = this.pending.get(taskId)
    if (tracked === undefined) return
    tracked.polls++
    tracked.failures = 0
    if (task !== null) tracked.task = task
    if (status !== tracked.status) {
      const previous = tracked.status
      tracked.status = status
      // Learning the first status of a task added without one is not progress.
      if (previous !== null) cycle.changed++
      this.options.onStatus?.(taskId, status, previous)
    }
    if (isTerminalStatus(status)) {
      this.settle(
        taskId,
        successEnvelope<WatchedTask>(
          { status, task, detectedAt: this.clock.now(), polls: tracked.polls },
          { taskId, status }
        )
      )
      return
    }
    tracked.unknownPolls = isKnownTaskStatus(status) ? 0 : tracked.unknownPolls + 1
    if (tracked.unknownPolls >= (this.options.maxUnknownStatusPolls ?? 3)) {
      this.settleFailure(
        taskId,
        ownFailure(
          'UNKNOWN_ERROR',
          `Task ${taskId} reports the unknown status "${status}" (${tracked.unknownPolls} polls in a row); it is neither finished nor known to be running`
        )
      )
    }
  }

  private failAll(failure: Failure): void {
    for (const taskId of [...this.pending.keys()]) this.settleFailure(taskId, failure)
  }

  private settleFailure(taskId: string, failure: Failure): void {
    const status = this.pending.get(taskId)?.status ?? null
    this.settle(taskId, failureEnvelope<WatchedTask>(failure, { taskId, status }))
  }

  private settle(taskId: string, outcome: Envelope<WatchedTask>): void {
    this.pending.delete(taskId)
    this.results.set(taskId, outcome)
    this.options.onSettled?.(taskId, outcome)
  }
}

interface Cycle {
  via: 'list' | 'status'
  requests: number
  changed: number
  retryAfterMs: number | null
}

function ownFailure(code: ErrorCode, what: string): Failure {
  return { errorCode: code, errorMessage: actionableMessage(code, what) }
}

/** A client's failure, its message (which already says what to do) optionally prefixed. */
function clientFailure(answer: Envelope<unknown>, prefix = ''): Failure {
  const code = answer.errorCode ?? 'UNKNOWN_ERROR'
  return {
    errorCode: code,
    errorMessage: prefix + (answer.errorMessage ?? actionableMessage(code, 'The request failed')),
    retryAfter: answer.retryAfter
  }
}
