import { actionableMessage } from '../core/api/errors.js'

/** The codes a bad input maps to: model and payload problems keep the seed's codes. */
export type InputErrorCode = 'INVALID_INPUT' | 'INVALID_MODEL' | 'INVALID_PAYLOAD'

/** A bad action input, found before anything is sent. `message` is already actionable. */
export class InputError extends Error {
  readonly code: InputErrorCode

  constructor(code: InputErrorCode, message: string) {
    super(message)
    this.name = 'InputError'
    this.code = code
  }

  /** `what` went wrong, followed by the code's next steps. */
  static of(code: InputErrorCode, what: string): InputError {
    return new InputError(code, actionableMessage(code, what))
  }
}
