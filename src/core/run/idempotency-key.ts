import { createHash } from 'node:crypto'
import type {
  IdempotencySetting,
  ResolvedBatchKeys,
  ResolvedKey,
  RunContext,
  StepIdentity
} from './types.js'
import { deriveContentKey } from './content-key.js'
import { canonicalJson } from './canonical-json.js'

export { canonicalJson }

/** Stands in for the model in a batch base: no model is named that (see models.ts). */
const BATCH_MODEL = 'batch-file'

/**
 * The Idempotency-Key of a single run: `auto` derives one from the step (repository,
 * workflow, job, run id, step) and the request (model, payload), the same for every
 * attempt of the run, so "Re-run jobs" finds the tasks earlier attempts paid for. Outside
 * a workflow run `auto` sends none: every local run would otherwise replay the first.
 * An auto key of a first attempt is new; every other key may have tasks already.
 */
export function resolveRunKey(
  setting: IdempotencySetting,
  context: RunContext,
  model: string,
  payload: unknown
): ResolvedKey {
  switch (setting.mode) {
    case 'none':
      return { idempotencyKey: undefined, usedBefore: false }
    case 'explicit':
      return { idempotencyKey: setting.key, usedBefore: true }
    case 'content':
      try {
        // Any earlier run in the scope may have sent it: its lineage is looked up.
        return {
          idempotencyKey: deriveContentKey(setting.scope, model, payload),
          usedBefore: true
        }
      } catch {
        return { idempotencyKey: undefined, usedBefore: false }
      }
    case 'auto': {
      if (context.identity === null) return { idempotencyKey: undefined, usedBefore: false }
      try {
        return {
          idempotencyKey: deriveIdempotencyKey(context.identity, model, payload),
          usedBefore: isRerun(context)
        }
      } catch {
        // Nested too deep to serialize (stack overflow): the validator refuses it, unsent.
        return { idempotencyKey: undefined, usedBefore: false }
      }
    }
    default: {
      const unknown: never = setting
      return unknown
    }
  }
}

/**
 * The base of a batch's per-item keys: `auto` derives it from the step and a hash of the
 * whole batch file, so a re-run finds every item's tasks while an edited file starts
 * afresh; `none` -> null (no keys); an explicit key is the base itself; `content` gives
 * no base but a scope, and each item's key derives from its own request. Outside a
 * workflow run `auto` gives undefined: the batch then picks a random base, so retries
 * within it are safe and a new run pays anew.
 */
export function resolveBatchKeyBase(
  setting: IdempotencySetting,
  context: RunContext,
  contentHash: string
): ResolvedBatchKeys {
  switch (setting.mode) {
    case 'none':
      return { base: null, usedBefore: false }
    case 'content':
      return { base: null, usedBefore: true, contentScope: setting.scope }
    case 'explicit':
      return { base: setting.key, usedBefore: true }
    case 'auto':
      return context.identity === null
        ? { base: undefined, usedBefore: false }
        : {
            base: deriveIdempotencyKey(context.identity, BATCH_MODEL, contentHash),
            usedBefore: isRerun(context)
          }
    default: {
      const unknown: never = setting
      return unknown
    }
  }
}

/** A later attempt of a run, or one whose attempt is unknown: earlier tasks may exist. */
function isRerun(context: RunContext): boolean {
  return context.attempt === null || context.attempt > 1
}

/**
 * Derives an Idempotency-Key that is the same for every attempt of one step of one run
 * (the run attempt is deliberately left out), so "Re-run jobs" resumes the task the first
 * attempt paid for instead of paying again. A different model or payload gives a new key.
 */
export function deriveIdempotencyKey(
  identity: StepIdentity,
  model: string,
  payload: unknown
): string {
  const payloadHash = createHash('sha256').update(canonicalJson(payload)).digest('hex')
  const digest = createHash('sha256')
    .update(
      [
        identity.repository,
        identity.workflow,
        identity.job,
        identity.runId,
        identity.step,
        model,
        payloadHash
      ].join('\u0000')
    )
    .digest('hex')
  return `gha-${digest.slice(0, 40)}`
}

/**
 * The `auto` key of a command line (no workflow run to derive it from): the same model
 * and payload give the same key, so running the same command again (after a lost
 * connection, a crash, a TIMEOUT) finds the first task instead of paying twice.
 */
export function deriveCommandKey(model: string, payload: unknown): string {
  const digest = createHash('sha256')
    .update(`${model}\u0000${canonicalJson(payload)}`)
    .digest('hex')
  return `cli-${digest.slice(0, 40)}`
}
