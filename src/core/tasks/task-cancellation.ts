import type { CallOptions, Client } from '../api/client.js'
import { forEachLimited } from '../time/concurrency-limit.js'
import type { Envelope } from '../api/envelope.js'
import { CANCEL_CONCURRENCY } from './interrupt-settlement.js'

/** What became of one task `cancelSubmittedTasks` was given. */
export type CancelOutcome =
  | { taskId: string; outcome: 'cancelled'; status: string; creditsRefunded: number | null }
  /** Not SUBMITTED (upstream cancels nothing else): left running or finished. */
  | { taskId: string; outcome: 'left'; status: string }
  /** The cancel failed (the envelope says why; `status` may be newer). */
  | { taskId: string; outcome: 'failed'; stage: 'cancel'; envelope: Envelope<unknown> }

export interface CancelOptions extends CallOptions {
  /** Cancels sent at once; default `CANCEL_CONCURRENCY` (4). */
  concurrency?: number
  /**
   * Statuses already known (e.g. from the last poll), trusted as they are. The others are
   * read with one list request when there are several; a task whose status is still unknown
   * is sent its cancel directly (no status query), which upstream refuses unless SUBMITTED.
   */
  knownStatuses?: ReadonlyMap<string, string>
}

export type CancelClient = Pick<Client, 'cancelTask' | 'scanTasks'>

/**
 * Cancels every task that is still SUBMITTED, the only state upstream can cancel (its
 * credits are refunded in full); tasks further along are left alone. One outcome per
 * task id, in the order given. Never throws for API or network errors; throws only when
 * `signal` aborts.
 *
 * @throws RangeError when `concurrency` is not a whole number of at least 1.
 */
export async function cancelSubmittedTasks(
  client: CancelClient,
  taskIds: readonly string[],
  options: CancelOptions = {}
): Promise<CancelOutcome[]> {
  const call: CallOptions = { signal: options.signal, deadline: options.deadline }
  const outcomes = new Map<string, CancelOutcome>()
  const statuses = await readStatuses(client, taskIds, options.knownStatuses, call)
  for (const [taskId, status] of statuses) {
    if (status !== 'SUBMITTED') outcomes.set(taskId, { taskId, outcome: 'left', status })
  }
  // A status still unknown costs no query: the cancel is sent anyway, and upstream refuses it
  // for a task that is not SUBMITTED.
  const toCancel = taskIds.filter(id => (statuses.get(id) ?? 'SUBMITTED') === 'SUBMITTED')
  await forEachLimited(toCancel, options.concurrency ?? CANCEL_CONCURRENCY, async taskId => {
    const answer = await client.cancelTask(taskId, call)
    if (answer.ok) {
      const refunded = answer.data?.creditsRefunded
      outcomes.set(taskId, {
        taskId,
        outcome: 'cancelled',
        status: answer.status ?? 'CANCEL',
        creditsRefunded: typeof refunded === 'number' ? refunded : null
      })
    } else if (answer.errorCode === 'TASK_NOT_CANCELLABLE' && answer.status !== null) {
      outcomes.set(taskId, { taskId, outcome: 'left', status: answer.status })
    } else {
      outcomes.set(taskId, { taskId, outcome: 'failed', stage: 'cancel', envelope: answer })
    }
  })
  return taskIds.map(taskId => outcomes.get(taskId) as CancelOutcome)
}

/** The statuses known, or listed (several ids: one streamed list read, tried twice); the rest stay unknown. */
async function readStatuses(
  client: CancelClient,
  taskIds: readonly string[],
  known: ReadonlyMap<string, string> = new Map(),
  call: CallOptions
): Promise<Map<string, string>> {
  const statuses = new Map<string, string>()
  for (const id of taskIds) {
    const status = known.get(id)
    if (status !== undefined) statuses.set(id, status)
  }
  const wanted = new Set(taskIds.filter(id => !statuses.has(id)))
  // Read only until every task was seen; the tasks read are kept even when the read then
  // fails (each was read whole), and a failed read is tried once more.
  for (let attempt = 0; wanted.size > 1 && attempt < 2; attempt++) {
    const scan = await client.scanTasks(task => {
      if (wanted.delete(task.id)) statuses.set(task.id, task.status)
      return wanted.size === 0
    }, call)
    if (scan.ok) break
  }
  return statuses
}
