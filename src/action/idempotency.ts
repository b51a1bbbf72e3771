import { deriveIdempotencyKey, type StepIdentity } from '../core/idempotency-key.js'
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
      return identity === null ? undefined : deriveIdempotencyKey(identity, model, payload)
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
