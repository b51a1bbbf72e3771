import * as core from '@actions/core'
import type { BatchProgress } from '../core/batch/batch.js'
import { throttleProgress } from '../core/watch/progress-throttle.js'
import type { RetryEvent } from '../core/http/transport.js'
import { formatMs, type WaitProgress } from '../core/watch/wait.js'
import { logLine } from './sinks/workflow-log.js'

/** A long wait logs a line on every status change, otherwise at most this often. */
export const PROGRESS_INTERVAL_MS = 30_000

/** Progress lines for the log: status, elapsed time, next poll. */
export function createProgressLogger(): (progress: WaitProgress) => void {
  return throttleProgress(
    progress => core.info(logLine(describeProgress(progress))),
    PROGRESS_INTERVAL_MS
  )
}

export function describeProgress(progress: WaitProgress): string {
  const status = progress.status ?? 'pending'
  const next =
    progress.nextPollMs === null ? 'done' : `next poll in ${formatMs(progress.nextPollMs)}`
  return `Task ${progress.taskId}: ${status} — ${formatMs(progress.elapsedMs)} elapsed, ${progress.polls} poll${progress.polls === 1 ? '' : 's'}, ${next}`
}

/**
 * Batch progress for the log: a line per created task and per finished item (so the log
 * keeps every task id), and a status line on polling cycles at most every 30 s.
 */
export function createBatchProgressLogger(
  now: () => number = Date.now
): (progress: BatchProgress) => void {
  let lastPoll = -Infinity
  return progress => {
    const { event } = progress
    switch (event.type) {
      case 'created':
        core.info(
          logLine(`Batch item ${event.name}: task ${event.taskId} ${event.status ?? 'created'}`)
        )
        return
      case 'finished': {
        const item = event.result
        const outcome = item.ok
          ? (item.status ?? 'done')
          : `${item.errorCode} (${item.status ?? 'no task'})`
        core.info(logLine(`Batch item ${event.name}: ${outcome}`))
        return
      }
      case 'poll': {
        if (event.nextPollMs !== null && now() - lastPoll < PROGRESS_INTERVAL_MS) return
        lastPoll = now()
        const elapsed = `${formatMs(progress.elapsedMs)} elapsed, polled via ${event.via}`
        // The last poll comes before the ended tasks are counted: their counts would be stale.
        core.info(
          event.nextPollMs === null
            ? `Batch: every task has ended (${elapsed}); collecting the results`
            : `Batch: ${progress.completed} done, ${progress.failed} failed, ${progress.waiting} waiting of ${progress.items} — ${elapsed}, next poll in ${formatMs(event.nextPollMs)}`
        )
        return
      }
      case 'status':
        return
      default: {
        const unknown: never = event
        return unknown
      }
    }
  }
}

/** One line per retry: the path and the reason, never a header (the key travels in one). */
export function logRetry(event: RetryEvent): void {
  core.info(
    logLine(
      `${event.method} ${event.path}: ${event.reason}; retry ${event.attempt} in ${formatMs(event.delayMs)}`
    )
  )
}
