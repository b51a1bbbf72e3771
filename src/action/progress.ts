import * as core from '@actions/core'
import { throttleProgress } from '../core/progress-throttle.js'
import type { RetryEvent } from '../core/transport.js'
import { formatMs, type WaitProgress } from '../core/wait.js'

/** A long wait logs a line on every status change, otherwise at most this often. */
export const PROGRESS_INTERVAL_MS = 30_000

/** Progress lines for the log: status, elapsed time, next poll. */
export function createProgressLogger(): (progress: WaitProgress) => void {
  return throttleProgress(progress => core.info(describeProgress(progress)), PROGRESS_INTERVAL_MS)
}

export function describeProgress(progress: WaitProgress): string {
  const status = progress.status ?? 'pending'
  const next =
    progress.nextPollMs === null ? 'done' : `next poll in ${formatMs(progress.nextPollMs)}`
  return `Task ${progress.taskId}: ${status} — ${formatMs(progress.elapsedMs)} elapsed, ${progress.polls} poll${progress.polls === 1 ? '' : 's'}, ${next}`
}

/** One line per retry: the path and the reason, never a header (the key travels in one). */
export function logRetry(event: RetryEvent): void {
  core.info(
    `${event.method} ${event.path}: ${event.reason}; retry ${event.attempt} in ${formatMs(event.delayMs)}`
  )
}
