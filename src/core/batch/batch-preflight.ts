import { randomUUID } from 'node:crypto'
import { isAbortError } from '../time/clock.js'
import type { Failure } from '../api/envelope.js'
import { actionableMessage } from '../api/errors.js'
import { findRelatedKeys, lookUpLineages } from '../run/key-lineage.js'
import { guardSpend, type SpendDecision } from '../spend/spend-decision.js'
import type { BatchOptions } from './types.js'
import { itemIdempotencyKey } from './batch-item-key.js'
import { itemLabel, type ValidItem } from './batch-validation.js'

/** What a batch settles before its first create. */
export interface Preflight {
  /** The valid items, each with the Idempotency-Key its create sends (none without a base). */
  items: ValidItem[]
  /** The failure that stops every item before anything is created, or null. */
  refusal: Failure | null
}

/**
 * Before a batch creates anything: each item's key is chosen from its lineage (one list
 * request for all items, only when an earlier run can have sent the keys: the newest
 * live task is resumed, a dead one is not replayed), then every item that is not a
 * resumed task is quoted against the caps and the balance when `quoteFirst` or a cap
 * asks for it. Throws only for bugs; an abort becomes an ABORTED refusal.
 */
export async function prepareBatch(
  valid: readonly ValidItem[],
  options: BatchOptions,
  deadline: number
): Promise<Preflight> {
  const base = options.idempotencyKeyBase === undefined ? randomUUID() : options.idempotencyKeyBase
  // A random base makes keys no task can have yet; an item's own key may have been sent.
  // So may a content key: an earlier run of the same request in the same scope sent it.
  const usedBefore =
    valid.some(v => v.item.idempotencyKey !== undefined) ||
    options.contentKeyScope !== undefined ||
    (options.idempotencyKeyBase !== undefined && options.idempotencyKeyUsedBefore !== false)
  const call = { signal: options.signal, deadline }
  try {
    const keyed = valid.map(v => ({
      valid: v,
      base: itemIdempotencyKey(v, base, options.contentKeyScope)
    }))
    const related = relatedItemsRefusal(keyed)
    if (related !== null) return { items: [...valid], refusal: related }
    const requests = keyed.flatMap(k =>
      k.base === undefined ? [] : [{ base: k.base, model: k.valid.model, payload: k.valid.payload }]
    )
    const lookup =
      usedBefore && requests.length > 0
        ? await lookUpLineages(options.client, requests, call)
        : null
    if (lookup?.failure) {
      options.onNote?.(
        `Could not list the key's tasks (${lookup.failure.errorCode}): every item sends its key as it is, and is quoted`
      )
    }
    // Keys are unrelated to each other (checked above), so each names one item's lineage.
    const choices = new Map(requests.map((r, i) => [r.base, lookup?.choices[i] ?? null]))
    const resumed = new Set<number>()
    const restarted: string[] = []
    const items = keyed.map(({ valid: v, base: key }) => {
      const choice = key === undefined ? null : (choices.get(key) ?? null)
      if (choice?.resumed) resumed.add(v.index)
      else if (choice !== null && choice.dead.length > 0) restarted.push(String(v.item.name))
      return { ...v, item: { ...v.item, idempotencyKey: choice?.key ?? key } }
    })
    if (resumed.size > 0) {
      options.onNote?.(
        `${resumed.size} of ${valid.length} item(s) already have a live task under their Idempotency-Key: resumed, not quoted or paid again`
      )
    }
    if (restarted.length > 0) {
      options.onNote?.(
        `${restarted.length} item(s) led back only to tasks earlier attempts left FAILED or CANCEL (refunded): starting new tasks for them (${restarted.slice(0, 5).join(', ')}${restarted.length > 5 ? ', …' : ''})`
      )
    }
    const refusal = await quoteItems(
      items.filter(v => !resumed.has(v.index)),
      resumed.size,
      options,
      deadline
    )
    return { items, refusal }
  } catch (error) {
    if (!isAbortError(error) && !options.signal?.aborted) throw error
    const what = 'The batch was interrupted before its first create; nothing was created'
    return {
      items: [...valid],
      refusal: { errorCode: 'ABORTED', errorMessage: actionableMessage('ABORTED', what) }
    }
  }
}

/**
 * Items whose keys share a lineage (the same key, or one a later attempt's key of the
 * other) would resume each other's tasks: refused, naming both, before anything is sent.
 */
function relatedItemsRefusal(
  keyed: readonly { valid: ValidItem; base: string | undefined }[]
): Failure | null {
  const withKeys = keyed.filter(
    (k): k is { valid: ValidItem; base: string } => k.base !== undefined
  )
  const pairs = findRelatedKeys(withKeys.map(k => k.base))
  if (pairs.length === 0) return null
  const label = (i: number) => itemLabel(withKeys[i].valid.index, withKeys[i].valid.item.name)
  const named = pairs.map(([i, j]) => `${label(i)} and ${label(j)}`)
  const what = `${named.slice(0, 5).join('; ')}${named.length > 5 ? `; and ${named.length - 5} more pair(s)` : ''} have related idempotency keys (the same key, or one is a re-run attempt's key of the other, like "<key>-a2"), so one could resume the other's task. Give each item a key that is not the other's with a suffix`
  return { errorCode: 'INVALID_INPUT', errorMessage: actionableMessage('INVALID_INPUT', what) }
}

/** The quote check of the items to create, when asked for; its refusal, or null. */
async function quoteItems(
  toQuote: readonly ValidItem[],
  resumed: number,
  options: BatchOptions,
  deadline: number
): Promise<Failure | null> {
  const capped =
    options.maxTotalCredits !== undefined || toQuote.some(v => v.item.maxCredits !== undefined)
  if (!(options.quoteFirst === true || capped) || toQuote.length === 0) return null
  const decision: SpendDecision = await guardSpend(
    options.client,
    toQuote.map(v => ({
      name: v.item.name,
      model: v.model,
      payload: v.payload,
      maxCredits: v.item.maxCredits
    })),
    {
      maxTotalCredits: options.maxTotalCredits,
      signal: options.signal ?? new AbortController().signal,
      deadline,
      concurrency: options.concurrency,
      // The items' lineages were looked up already: what is left is to be created.
      mayReplay: false
    }
  )
  options.onSpend?.({ ...decision, replayed: resumed })
  return decision.refusal
}
