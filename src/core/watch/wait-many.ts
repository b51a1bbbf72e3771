import type { Clock } from '../time/clock.js'
import type { Client } from '../api/client.js'
import type { Envelope } from '../api/envelope.js'
import type { TaskDetail } from '../tasks/task-record.js'
import { TaskWatcher } from './task-watcher.js'

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
  const watcher = new TaskWatcher(client, options)
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
