import type { CallOptions } from '../api/client.js'
import type { Failure } from '../api/envelope.js'
import { validateRequest } from '../validation/validate.js'
import { findTasksByKey, hasEveryKey } from './key-lookup.js'
import { matchesRequest, type RequestContent } from './request-match.js'
import { cancelSubmittedTasks, type CancelClient, type CancelOutcome } from './task-cancellation.js'

/**
 * An Idempotency-Key to claim, with the request it was sent with: a key alone proves
 * nothing (another job may have sent the same key string with another request), so only
 * a task whose model and input match the request is this request's to cancel.
 */
export interface KeyClaim {
  idempotencyKey: string
  model: string
  payload: unknown
}

/** A task under a claimed key that another request made: reported, never touched. */
export interface ForeignTask {
  idempotencyKey: string
  taskId: string
}

/** What `cancelByIdempotencyKey` found and did. */
export interface KeyCancellation {
  /** One outcome per task of the claimed requests found under the keys (newest first per key). */
  outcomes: CancelOutcome[]
  /** Tasks under the keys whose model or input is not the claim's: left alone. */
  notThisRequest: ForeignTask[]
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
 * Finds the tasks created under the claims' Idempotency-Keys by reading the task list as a
 * stream (its items carry their key), stopping once every key has its task, and cancels
 * those still SUBMITTED (refunded in full) that were made for the claim's request (model
 * and input, see `matchesRequest`); tasks further along, and tasks another request made
 * under the same key string (`notThisRequest`), are left alone. This is
 * how a face recovers a task whose create was cut off before its id came back (SIGINT,
 * SIGTERM, a killed process): the key was saved before the create was sent. A key is
 * reported in `notFound` only when the whole list was read; a list that cannot be read
 * whole (an error, or longer than `MAX_LOOKUP_BYTES`) is a `failure`, never a shorter list. Tasks whose
 * ids are known already can be skipped with `knownTaskIds`. Never throws for API or
 * network errors; throws only when `signal` aborts.
 */
export async function cancelByIdempotencyKey(
  client: CancelClient,
  claims: readonly KeyClaim[],
  options: CallOptions & { knownTaskIds?: ReadonlySet<string> } = {}
): Promise<KeyCancellation> {
  const call: CallOptions = { signal: options.signal, deadline: options.deadline }
  const requests = new Map(claims.map(claim => [claim.idempotencyKey, sentRequest(claim)]))
  const wanted = new Set(requests.keys())
  if (wanted.size === 0) return { outcomes: [], notThisRequest: [], notFound: [], failure: null }
  const listed = await findTasksByKey(client, key => wanted.has(key), {
    ...call,
    isEnough: hasEveryKey(wanted)
  })
  if (!listed.ok || listed.data === null) {
    return {
      outcomes: [],
      notThisRequest: [],
      notFound: [],
      failure: {
        errorCode: listed.errorCode ?? 'UNKNOWN_ERROR',
        errorMessage: listed.errorMessage ?? 'the task list could not be read'
      }
    }
  }
  const unknown = listed.data.tasks.filter(task => options.knownTaskIds?.has(task.id) !== true)
  const isOwn = (task: (typeof unknown)[number]): boolean => {
    const request = requests.get(task.idempotencyKey as string)
    return request !== undefined && matchesRequest(task, request)
  }
  const own = unknown.filter(isOwn)
  const notThisRequest = unknown
    .filter(task => !isOwn(task))
    .map(task => ({ idempotencyKey: task.idempotencyKey as string, taskId: task.id }))
  const seenKeys = new Set(listed.data.tasks.map(task => task.idempotencyKey))
  const outcomes = await cancelSubmittedTasks(
    client,
    own.map(task => task.id),
    { ...call, knownStatuses: new Map(own.map(task => [task.id, task.status])) }
  )
  return {
    outcomes,
    notThisRequest,
    notFound: [...wanted].filter(key => !seenKeys.has(key)),
    failure: null
  }
}

/** The request as the create sent it: validated and coerced, as upstream echoes it. */
function sentRequest(claim: KeyClaim): RequestContent {
  const checked = validateRequest(claim.model, claim.payload)
  return checked.ok
    ? { model: checked.model, payload: checked.payload }
    : { model: claim.model, payload: claim.payload }
}
