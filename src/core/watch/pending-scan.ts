import type { Client } from '../api/client.js'
import type { Envelope } from '../api/envelope.js'
import type { TaskScan } from '../api/task-list-scan.js'
import type { TaskDetail } from '../api/task-record.js'

/**
 * Bytes one list poll reads at most. The run's own tasks are the newest of the key, so
 * they sit at the head of the list (about 600 bytes each): 1 MB covers more than a
 * thousand pending tasks, and a key's history behind them is never read.
 */
export const LIST_POLL_MAX_BYTES = 1024 * 1024

/** What one list poll saw of the pending tasks, and how the read ended. */
export interface PendingScan {
  /** Pending tasks the list showed, by id. */
  seen: Map<string, TaskDetail>
  answer: Envelope<TaskScan>
}

/**
 * One list poll for the pending tasks: reads the list (newest first) only until every
 * pending task was seen, or until it passed the creation time of the oldest one (nothing
 * older can be one of them), or `LIST_POLL_MAX_BYTES`. `createdAt` remembers each task's
 * creation time (ms) from the list, across polls: a task not seen yet has none, and then
 * only the other two rules stop the read.
 */
export async function scanForPending(
  client: Pick<Client, 'scanTasks'>,
  pendingIds: readonly string[],
  createdAt: Map<string, number>,
  call: { signal?: AbortSignal; deadline?: number }
): Promise<PendingScan> {
  const pending = new Set(pendingIds)
  const seen = new Map<string, TaskDetail>()
  const oldest = oldestCreation(pendingIds, createdAt)
  const answer = await client.scanTasks(
    task => {
      const at = Date.parse(task.createdAt ?? '')
      if (pending.has(task.id)) {
        seen.set(task.id, task)
        if (Number.isFinite(at)) createdAt.set(task.id, at)
      }
      if (seen.size === pending.size) return true
      return oldest !== null && Number.isFinite(at) && at < oldest
    },
    { ...call, maxBytes: LIST_POLL_MAX_BYTES }
  )
  return { seen, answer }
}

/** The earliest creation time of the tasks, or null when one of them has none known yet. */
function oldestCreation(taskIds: readonly string[], createdAt: Map<string, number>): number | null {
  let oldest = Infinity
  for (const taskId of taskIds) {
    const at = createdAt.get(taskId)
    if (at === undefined) return null
    oldest = Math.min(oldest, at)
  }
  return taskIds.length === 0 ? null : oldest
}
