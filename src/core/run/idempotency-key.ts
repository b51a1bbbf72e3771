import { createHash } from 'node:crypto'

/** Where a step runs: the parts of the GitHub context that identify it across re-runs. */
export interface StepIdentity {
  repository: string
  workflow: string
  job: string
  runId: string
  /** GITHUB_ACTION: the step's id (or generated name). */
  step: string
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

/** JSON with object keys sorted, so equal payloads hash equally whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}
