import type { CallOptions } from '../api/client.js'
import type { Failure } from '../api/envelope.js'
import { findTasksByKey, hasEveryKey } from './key-lookup.js'
import { cancelSubmittedTasks, type CancelClient, type CancelOutcome } from './task-cancellation.js'

/** What `cancelByIdempotencyKey` found and did. */
export interface KeyCancellation {
  /** One outcome per task found under the keys (newest first per key). */
  outcomes: CancelOutcome[]
  /**
   * Keys no task carries in the whole list (read to its end). This proves nothing yet: a
   * create upstream carries out late makes its task after the list; `settleInterrupt`
   * settles such a key by replaying its create.
   */
  notFound: string[]
  /** Why the list could not be read (nothing was cancelled), or null. */
  failure: Failure | null
}

/**
 * Finds the tasks created under the given Idempotency-Keys by reading the task list as a
 * stream (its items carry their key), stopping once every key has its task, and cancels
 * those still SUBMITTED (refunded in full); tasks further along are left alone. This is
 * how a face recovers a task whose create was cut off before its id came back (SIGINT,
 * SIGTERM, a killed process): the key was saved before the create was sent. A key is
 * reported in `notFound` only when the whole list was read; a list that cannot be read
 * whole (an error, or longer than `MAX_LOOKUP_BYTES`) is a `failure`, never a shorter list. Tasks whose
 * ids are known already can be skipped with `knownTaskIds`. Never throws for API or
 * network errors; throws only when `signal` aborts.
 */
export async function cancelByIdempotencyKey(
  client: CancelClient,
  keys: readonly string[],
  options: CallOptions & { knownTaskIds?: ReadonlySet<string> } = {}
): Promise<KeyCancellation> {
  const call: CallOptions = { signal: options.signal, deadline: options.deadline }
  const wanted = new Set(keys)
  if (wanted.size === 0) return { outcomes: [], notFound: [], failure: null }
  const listed = await findTasksByKey(client, key => wanted.has(key), {
    ...call,
    isEnough: hasEveryKey(wanted)
  })
  if (!listed.ok || listed.data === null) {
    return {
      outcomes: [],
      notFound: [],
      failure: {
        errorCode: listed.errorCode ?? 'UNKNOWN_ERROR',
        errorMessage: listed.errorMessage ?? 'the task list could not be read'
      }
    }
  }
  const found = listed.data.tasks.filter(task => options.knownTaskIds?.has(task.id) !== true)
  const seenKeys = new Set(listed.data.tasks.map(task => task.idempotencyKey))
  const outcomes = await cancelSubmittedTasks(
    client,
    found.map(task => task.id),
    { ...call, knownStatuses: new Map(found.map(task => [task.id, task.status])) }
  )
  return { outcomes, notFound: [...wanted].filter(key => !seenKeys.has(key)), failure: null }
}
