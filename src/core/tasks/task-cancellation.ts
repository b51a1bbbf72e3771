import type { CallOptions, Client } from '../api/client.js'
import { forEachLimited } from '../batch/concurrency-limit.js'
import type { Envelope } from '../api/envelope.js'

/** What became of one task `cancelSubmittedTasks` was given. */
export type CancelOutcome =
  | { taskId: string; outcome: 'cancelled'; status: string; creditsRefunded: number | null }
  /** Not SUBMITTED (upstream cancels nothing else): left running or finished. */
  | { taskId: string; outcome: 'left'; status: string }
  /** Its status could not be read, or the cancel was refused (the envelope says why; `status` may be newer). */
  | { taskId: string; outcome: 'failed'; stage: 'status' | 'cancel'; envelope: Envelope<unknown> }

export interface CancelOptions extends CallOptions {
  /** Cancels sent at once; default 4 (cancel is not a task query, but stay polite). */
  concurrency?: number
  /**
   * Statuses already known (e.g. from the last poll), trusted as they are. The others
   * are read: with one list request when there are several (getStatus for those the
   * list does not show), with getStatus for a single one.
   */
  knownStatuses?: ReadonlyMap<string, string>
}

export type CancelClient = Pick<Client, 'cancelTask' | 'getStatus' | 'scanTasks'>

const DEFAULT_CONCURRENCY = 4

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
  const statuses = await readStatuses(client, taskIds, options.knownStatuses, call, outcomes)
  const submitted = taskIds.filter(id => statuses.get(id) === 'SUBMITTED')
  for (const [taskId, status] of statuses) {
    if (status !== 'SUBMITTED') outcomes.set(taskId, { taskId, outcome: 'left', status })
  }
  await forEachLimited(submitted, options.concurrency ?? DEFAULT_CONCURRENCY, async taskId => {
    const answer = await client.cancelTask(taskId, call)
    if (!answer.ok) {
      outcomes.set(taskId, { taskId, outcome: 'failed', stage: 'cancel', envelope: answer })
      return
    }
    const refunded = answer.data?.creditsRefunded
    outcomes.set(taskId, {
      taskId,
      outcome: 'cancelled',
      status: answer.status ?? 'CANCEL',
      creditsRefunded: typeof refunded === 'number' ? refunded : null
    })
  })
  return taskIds.map(taskId => outcomes.get(taskId) as CancelOutcome)
}

/** Every task's status: known, listed, or asked for; a task whose status cannot be read gets a failed outcome. */
async function readStatuses(
  client: CancelClient,
  taskIds: readonly string[],
  known: ReadonlyMap<string, string> = new Map(),
  call: CallOptions,
  outcomes: Map<string, CancelOutcome>
): Promise<Map<string, string>> {
  const statuses = new Map<string, string>()
  for (const id of taskIds) {
    const status = known.get(id)
    if (status !== undefined) statuses.set(id, status)
  }
  const unknown = taskIds.filter(id => !statuses.has(id))
  if (unknown.length > 1) {
    // Read only until every task was seen; the list's tasks are kept even when the read
    // then fails (each was read whole), and the others are asked one by one below.
    const wanted = new Set(unknown)
    await client.scanTasks(task => {
      if (wanted.delete(task.id)) statuses.set(task.id, task.status)
      return wanted.size === 0
    }, call)
  }
  for (const taskId of unknown.filter(id => !statuses.has(id))) {
    const current = await client.getStatus(taskId, call)
    if (current.ok && current.status !== null) statuses.set(taskId, current.status)
    else outcomes.set(taskId, { taskId, outcome: 'failed', stage: 'status', envelope: current })
  }
  return statuses
}
