import type { Envelope, Failure } from '../api/envelope.js'
import type { ErrorCode } from '../api/error-codes.js'
import { actionableMessage } from '../api/errors.js'

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
