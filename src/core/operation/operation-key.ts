import { validateRequest } from '../validation/validate.js'
import { deriveCommandKey, resolveBatchKeyBase, resolveRunKey } from '../run/idempotency-key.js'
import type { IdempotencySetting, ResolvedBatchKeys, ResolvedKey } from '../run/types.js'
import type { KeyScope } from './types.js'

/**
 * A batch's `auto` base on a command line: one fixed base, so each item's key depends on
 * the item alone (name, model, payload). Re-running the same batch replays its tasks, and
 * so does re-running it after one item was edited, for every item but that one.
 */
export const COMMAND_BATCH_KEY_BASE = 'aivideomaker-cli-batch'

/**
 * The Idempotency-Key of one create, the one rule for every face: in a workflow step
 * `auto` derives from the step and the request; on a command line from the checked
 * request alone; an explicit key may have been sent before; no setting sends none.
 */
export function resolveOperationKey(
  setting: IdempotencySetting | undefined,
  scope: KeyScope,
  model: string,
  payload: unknown
): ResolvedKey {
  if (setting === undefined) return { idempotencyKey: undefined, usedBefore: false }
  if (scope.kind === 'step') return resolveRunKey(setting, scope.context, model, payload)
  switch (setting.mode) {
    case 'none':
      return { idempotencyKey: undefined, usedBefore: false }
    case 'explicit':
      return { idempotencyKey: setting.key, usedBefore: true }
    case 'content':
      // Any earlier run in the scope may have sent it: its lineage is looked up.
      return resolveRunKey(setting, { identity: null, attempt: null }, model, payload)
    case 'auto': {
      // Derived from the checked request, so `"duration": 5` and `"5"` share a key.
      const checked = validateRequest(model, payload)
      return checked.ok
        ? { idempotencyKey: deriveCommandKey(checked.model, checked.payload), usedBefore: true }
        : { idempotencyKey: undefined, usedBefore: false }
    }
    default: {
      const unknown: never = setting
      return unknown
    }
  }
}

/**
 * The base of a batch's per-item keys: undefined (no setting) gives a random base for
 * this call only, `none` gives no keys, `auto` is the step's or the command's base, and
 * `content` gives no base but a scope each item's key derives from.
 */
export function resolveOperationKeyBase(
  setting: IdempotencySetting | undefined,
  scope: KeyScope,
  contentHash: string
): ResolvedBatchKeys {
  if (setting === undefined) return { base: undefined, usedBefore: false }
  if (scope.kind === 'step') return resolveBatchKeyBase(setting, scope.context, contentHash)
  switch (setting.mode) {
    case 'none':
      return { base: null, usedBefore: false }
    case 'explicit':
      return { base: setting.key, usedBefore: true }
    case 'content':
      return { base: null, usedBefore: true, contentScope: setting.scope }
    case 'auto':
      return { base: COMMAND_BATCH_KEY_BASE, usedBefore: true }
    default: {
      const unknown: never = setting
      return unknown
    }
  }
}
