import { formatMs } from '../core/watch/wait.js'
import type { Reporter } from '../cli/progress.js'

/** Where a call's progress and remarks go: MCP notifications, already bound to the call. */
export interface ProgressChannel {
  /** notifications/progress, when the client sent a progress token; `progress` only grows. */
  progress(progress: number, message: string): void
  /** notifications/message (a log line), also after the call was cancelled. */
  log(text: string): void
}

/**
 * The CLI's reporter interface, speaking MCP: each poll of a wait (and each polling cycle
 * of a batch) is a progress notification, each remark a log message. Upstream text in
 * them is the caller's to sanitise (`channel`).
 */
export function createProgressReporter(channel: ProgressChannel): Reporter {
  let step = 0
  return {
    note: text => channel.log(text),
    progress: progress => {
      step += 1
      const status = progress.status ?? 'pending'
      const next =
        progress.nextPollMs === null ? '' : `; next check in ${formatMs(progress.nextPollMs)}`
      channel.progress(
        step,
        `task ${progress.taskId} is ${status} (${formatMs(progress.elapsedMs)} elapsed, ${progress.polls} polls${next})`
      )
    },
    batch: standing => {
      step += 1
      channel.progress(
        step,
        `batch: ${standing.done} of ${standing.items} jobs done, ${standing.failed} failed (${formatMs(standing.elapsedMs)} elapsed)`
      )
    },
    stop: () => undefined
  }
}
