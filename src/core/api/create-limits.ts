import { isValidIdempotencyKey } from './identifiers.js'

/** The limits a create may carry on its own: its Idempotency-Key and X-Max-Credits. */
export interface CreateLimits {
  idempotencyKey?: string
  maxCredits?: number
}

/**
 * What is wrong with `limits`, as parts of one message; empty when each is fine or absent.
 * The client checks a create's headers with it, and batch validation every job's.
 */
export function findCreateLimitProblems(limits: CreateLimits): string[] {
  const problems: string[] = []
  if (limits.idempotencyKey !== undefined && !isValidIdempotencyKey(limits.idempotencyKey)) {
    problems.push('idempotency-key must be 8 to 128 printable characters without spaces')
  }
  if (
    limits.maxCredits !== undefined &&
    (!Number.isInteger(limits.maxCredits) || limits.maxCredits < 0)
  ) {
    problems.push('max-credits must be a whole number of credits, 0 or more')
  }
  return problems
}
