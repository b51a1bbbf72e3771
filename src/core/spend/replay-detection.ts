import type { CallOptions, Client } from '../api/client.js'
import type { Failure } from '../api/envelope.js'
import type { TaskDetail } from '../api/task-record.js'
import { findTasksByKey, hasEveryKey, type KeyLookupClient } from '../tasks/key-lookup.js'
import { matchesRequest } from '../tasks/request-match.js'
import { validateRequest } from '../validation/validate.js'
import { checkSpend, type SpendCheck, type SpendItem, type SpendOptions } from './spend-guard.js'

/** An item to price, with the Idempotency-Key its create will carry (none: never a replay). */
export interface KeyedSpendItem extends SpendItem {
  idempotencyKey?: string
}

export interface BatchSpendOptions extends SpendOptions {
  /**
   * Whether a task may already exist under the items' keys (default true). False (keys
   * known to be new: a random base, the first attempt of a run) saves the list request.
   */
  mayReplay?: boolean
}

/** `checkSpend`'s answer for the items that were quoted, plus what was left out and why. */
export type BatchSpendCheck = SpendCheck & {
  /** Indices (into the items) whose key already has a task: not quoted, their create is a free replay. */
  replayed: number[]
  /** Why the key's tasks could not be listed (every item was then quoted); null otherwise. */
  listFailure: Failure | null
}

/** What `checkBatchSpend` needs of a client. */
export type BatchSpendClient = Pick<Client, 'quote'> &
  KeyLookupClient &
  Partial<Pick<Client, 'account'>>

/**
 * `checkSpend` for items that may be replays: lists the key's tasks once and leaves out of
 * the quotes every item whose Idempotency-Key already has a task (upstream replays that
 * create without charging, so counting it would refuse a resumable batch on a balance its
 * first run spent). When the list fails, every item is quoted (`listFailure` says why).
 * Throws only when `signal` aborts, as `checkSpend` does.
 */
export async function checkBatchSpend(
  client: BatchSpendClient,
  items: readonly KeyedSpendItem[],
  options: BatchSpendOptions = {}
): Promise<BatchSpendCheck> {
  const { mayReplay = true, ...spendOptions } = options
  const keyed = items.some(item => item.idempotencyKey !== undefined)
  const itemKeys = items.flatMap(item =>
    item.idempotencyKey === undefined ? [] : [item.idempotencyKey]
  )
  const existing =
    mayReplay && keyed
      ? await listExistingKeys(client, itemKeys, {
          signal: options.signal,
          deadline: options.deadline
        })
      : { keys: new Set<string>(), tasks: [], failure: null }
  // A task under the key is this item's free replay only when it was made for this very
  // request (a task belongs to one request); another body gets IDEMPOTENCY_CONFLICT instead.
  const isReplay = (item: KeyedSpendItem): boolean =>
    item.idempotencyKey !== undefined &&
    existing.tasks.some(
      task => task.idempotencyKey === item.idempotencyKey && isMadeFor(task, item)
    )
  const replayed = items.flatMap((item, index) => (isReplay(item) ? [index] : []))
  const toQuote = items.flatMap((item, index) =>
    isReplay(item)
      ? []
      : [
          {
            name: item.name ?? `item ${index + 1}`,
            model: item.model,
            payload: item.payload,
            maxCredits: item.maxCredits
          }
        ]
  )
  const check = await checkSpend(client, toQuote, spendOptions)
  return { ...check, replayed, listFailure: existing.failure }
}

/**
 * Which of `keys` already have a task upstream (and those tasks), read from the task list as a stream that
 * stops once every key was found; an empty set and the failure when the list cannot be
 * read whole (an error, or longer than `MAX_LOOKUP_BYTES`): a cut list never makes a key look new.
 */
export async function listExistingKeys(
  client: KeyLookupClient,
  keys: readonly string[],
  options: CallOptions = {}
): Promise<{ keys: Set<string>; tasks: TaskDetail[]; failure: Failure | null }> {
  const wanted = new Set(keys)
  const listed = await findTasksByKey(client, key => wanted.has(key), {
    ...options,
    isEnough: hasEveryKey(wanted)
  })
  if (!listed.ok || listed.data === null) {
    return {
      keys: new Set(),
      tasks: [],
      failure: {
        errorCode: listed.errorCode ?? 'UNKNOWN_ERROR',
        errorMessage: listed.errorMessage ?? 'the task list could not be read'
      }
    }
  }
  return {
    keys: new Set(listed.data.tasks.map(task => task.idempotencyKey as string)),
    tasks: listed.data.tasks,
    failure: null
  }
}

/** The item's request as its create sends it (checked, coerced) matches the task's echo. */
function isMadeFor(task: TaskDetail, item: KeyedSpendItem): boolean {
  const checked = validateRequest(item.model, item.payload)
  return checked.ok && matchesRequest(task, { model: checked.model, payload: checked.payload })
}
