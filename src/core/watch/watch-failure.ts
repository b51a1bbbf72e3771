import type { Envelope, Failure } from '../api/envelope.js'
import type { ErrorCode } from '../api/error-codes.js'
import { actionableMessage } from '../api/errors.js'
import { isRetryPastDeadline } from '../http/retry-timing.js'

/** A failure the waiter itself decided on (timeout, abort, unknown status). */
export function ownFailure(code: ErrorCode, what: string): Failure {
  return { errorCode: code, errorMessage: actionableMessage(code, what) }
}

/** A client's failure, its message (which already says what to do) optionally prefixed. */
export function clientFailure(answer: Envelope<unknown>, prefix = ''): Failure {
  const code = answer.errorCode ?? 'UNKNOWN_ERROR'
  return {
    errorCode: code,
    errorMessage: prefix + (answer.errorMessage ?? actionableMessage(code, 'The request failed')),
    retryAfter: answer.retryAfter
  }
}

/** A 429 whose Retry-After (as upstream gave it) ends at or after the deadline: waiting it out cannot help. */
export function isRateLimitPastDeadline(
  answer: Envelope<unknown>,
  now: number,
  deadline: number
): boolean {
  return (
    answer.errorCode === 'RATE_LIMITED' && isRetryPastDeadline(answer.retryAfter, now, deadline)
  )
}

/** Ends at once with RATE_LIMITED and `retryAfter`, instead of sleeping into TIMEOUT. */
export function rateLimitPastDeadline(answer: Envelope<unknown>, what: string): Failure {
  const reason = `${what} was rate limited: upstream asks for ${answer.retryAfter} s more, past the wait-timeout`
  return { ...ownFailure('RATE_LIMITED', reason), retryAfter: answer.retryAfter }
}
