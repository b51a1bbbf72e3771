import type { Clock } from '../time/clock.js'
import type { Envelope } from '../api/envelope.js'
import type { TaskDetail } from '../api/task-record.js'
import type { TaskExpectation } from './poll-schedule.js'

// The watch's shared option and result types: the watcher, its ledger and the batch import
// them from here, so none of them imports wait-many.ts (which imports the watcher).

export interface WaitManyOptions {
  clock?: Clock
  /** Absolute clock time at which every task still pending ends with TIMEOUT. */
  deadline: number
  /**
   * First delay before polling in ms (default 5000), and the shortest interval between
   * polls: the interval near a task's expected completion, and after any change.
   */
  pollIntervalMs?: number
  /**
   * Largest delay between polls in ms (default 30000), reached while no task can
   * plausibly be done; also how long a list that could not answer is set aside.
   */
  maxPollIntervalMs?: number
  /**
   * Multiplies the table of typical generation times (default 1); a simulator running
   * 60 times faster than upstream wants 1/60.
   */
  durationScale?: number
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
  /**
   * Adds a task (ignored when already watched). `status` is what its creation answered;
   * without one (a resume) the task is checked at once. `expectation` (its model and
   * payload) tells the schedule when it can plausibly be done.
   */
  add(taskId: string, status?: string | null, expectation?: TaskExpectation): void
  /** No more tasks will be added: `done` resolves once every added task has settled. */
  close(): void
  /**
   * One envelope per task id, in the order they were added. Ok when a terminal status
   * was seen (whatever it is); otherwise TIMEOUT, ABORTED or the error that ended the
   * wait for that task, always with its task id and last status. Never rejects.
   */
  readonly done: Promise<Map<string, Envelope<WatchedTask>>>
}
