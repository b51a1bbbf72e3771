import type { RunContext } from '../core/run/types.js'

/**
 * The run this step is in, read from the runner's environment: the core derives the
 * `auto` Idempotency-Key from it and decides whether earlier attempts can have tasks.
 */
export function readRunContext(env: NodeJS.ProcessEnv = process.env): RunContext {
  const attempt = /^\d+$/.test(env.GITHUB_RUN_ATTEMPT ?? '') ? Number(env.GITHUB_RUN_ATTEMPT) : null
  if (!env.GITHUB_RUN_ID) return { identity: null, attempt }
  return {
    identity: {
      repository: env.GITHUB_REPOSITORY ?? '',
      workflow: env.GITHUB_WORKFLOW ?? '',
      job: env.GITHUB_JOB ?? '',
      runId: env.GITHUB_RUN_ID,
      step: env.GITHUB_ACTION ?? ''
    },
    attempt
  }
}
