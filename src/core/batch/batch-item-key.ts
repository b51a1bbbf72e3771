import { createHash } from 'node:crypto'
import type { ValidItem } from './batch-validation.js'
import { canonicalJson } from '../run/idempotency-key.js'
import { contentKeyOf } from '../run/content-key.js'
import { requestDigest } from '../run/request-digest.js'

/**
 * The key an item's create carries: its own; else, with a content scope, its `content`
 * key (from its request digest); else one derived from the base (none for a null base).
 */
export function itemIdempotencyKey(
  valid: ValidItem,
  base: string | null,
  contentScope?: string
): string | undefined {
  if (valid.item.idempotencyKey === undefined && contentScope !== undefined) {
    return contentKeyOf(contentScope, requestDigest(valid.model, valid.payload))
  }
  return (
    valid.item.idempotencyKey ??
    (base === null
      ? undefined
      : deriveItemIdempotencyKey(base, {
          name: valid.item.name,
          model: valid.model,
          payload: valid.payload
        }))
  )
}

/**
 * The Idempotency-Key of one item: a hash of the batch's base key, the item's name, its
 * model and its payload (keys sorted), so an edited item gets a new task while an
 * unchanged one is resumed.
 */
export function deriveItemIdempotencyKey(
  base: string,
  item: { name: string; model: string; payload: unknown }
): string {
  const digest = createHash('sha256')
    .update([base, item.name, item.model, canonicalJson(item.payload)].join('\u0000'))
    .digest('hex')
  return `batch-${digest.slice(0, 40)}`
}
