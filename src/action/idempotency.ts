import { deriveIdempotencyKey, type StepIdentity } from '../core/run/idempotency-key.js'
import type { IdempotencySetting } from './action-request.js'

/**
 * The Idempotency-Key for a create, from the `idempotency-key` input: `auto` derives one
 * from where the step runs (repository, workflow, job, run id, step) and what it asks
 * for (model, payload) — not the run attempt, so "Re-run jobs" resumes the task the
 * first attempt paid for. Outside a workflow run (no GITHUB_RUN_ID) `auto` sends none:
 * every local run would otherwise replay the first one.
 */
export function resolveIdempotencyKey(
  setting: IdempotencySetting,
  model: string,
  payload: unknown,
  env: NodeJS.ProcessEnv = process.env
): string | undefined {
  switch (setting.mode) {
    case 'none':
      return undefined
    case 'explicit':
      return setting.key
    case 'auto': {
      const identity = stepIdentity(env)
      if (identity === null) return undefined
      try {
        return deriveIdempotencyKey(identity, model, payload)
      } catch {
        // Nested too deep to serialize (stack overflow): the validator refuses it, unsent.
        return undefined
      }
    }
    default: {
      const unknown: never = setting
      return unknown
    }
  }
}

/**
 * A fresh auto key for this run attempt, used when the task the key led back to had
 * ended FAILED or CANCEL (refunded, no video): a re-run should then try again instead of
 * replaying the dead task. Null when there is no earlier attempt to differ from.
 */
export function attemptIdempotencyKey(
  model: string,
  payload: unknown,
  env: NodeJS.ProcessEnv = process.env
): string | null {
  const identity = stepIdentity(env)
  const attempt = env.GITHUB_RUN_ATTEMPT ?? ''
  if (identity === null || !/^\d+$/.test(attempt) || Number(attempt) <= 1) return null
  return deriveIdempotencyKey(
    { ...identity, step: `${identity.step}#attempt-${attempt}` },
    model,
    payload
  )
}

/** What a batch's items derive their keys from; see `BatchOptions.idempotencyKeyBase`. */
export type BatchKeyBase = string | null | undefined

/**
 * The base of a batch's per-item Idempotency-Keys: `auto` derives it from where the step
 * runs and a hash of the whole batch file, so "Re-run jobs" replays every item instead of
 * paying again, while an edited file starts afresh; `none` -> null (no keys); an explicit
 * key is the base itself. Outside a workflow run `auto` gives undefined: the core then
 * picks a random base, so retries within the batch are safe and a new run pays anew.
 */
export function resolveBatchKeyBase(
  setting: IdempotencySetting,
  contentHash: string,
  env: NodeJS.ProcessEnv = process.env
): BatchKeyBase {
  switch (setting.mode) {
    case 'none':
      return null
    case 'explicit':
      return setting.key
    case 'auto': {
      const identity = stepIdentity(env)
      return identity === null
        ? undefined
        : deriveIdempotencyKey(identity, BATCH_MODEL, contentHash)
    }
    default: {
      const unknown: never = setting
      return unknown
    }
  }
}

/**
 * A fresh batch base for this run attempt, for the items whose replayed task had ended
 * FAILED or CANCEL (see `attemptIdempotencyKey`); null on a first attempt.
 */
export function attemptBatchKeyBase(
  contentHash: string,
  env: NodeJS.ProcessEnv = process.env
): string | null {
  return attemptIdempotencyKey(BATCH_MODEL, contentHash, env)
}

/** A later attempt of a run, whose deterministic keys lead back to the first attempt's tasks. */
export function isRerunAttempt(env: NodeJS.ProcessEnv = process.env): boolean {
  const attempt = env.GITHUB_RUN_ATTEMPT ?? ''
  return Boolean(env.GITHUB_RUN_ID) && /^\d+$/.test(attempt) && Number(attempt) > 1
}

/** Stands in for the model in a batch base: no model is named that (see models.ts). */
const BATCH_MODEL = 'batch-file'

function stepIdentity(env: NodeJS.ProcessEnv): StepIdentity | null {
  if (!env.GITHUB_RUN_ID) return null
  return {
    repository: env.GITHUB_REPOSITORY ?? '',
    workflow: env.GITHUB_WORKFLOW ?? '',
    job: env.GITHUB_JOB ?? '',
    runId: env.GITHUB_RUN_ID,
    step: env.GITHUB_ACTION ?? ''
  }
}
