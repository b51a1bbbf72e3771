import { describe, expect, it } from '@jest/globals'
import { failureEnvelope } from '../../src/core/api/envelope.js'
import { actionableMessage } from '../../src/core/api/errors.js'
import { inFaceWords } from '../../src/core/api/face-wording.js'
import { suggestNames } from '../../src/core/validation/field-suggestion.js'
import { MODEL_NAMES } from '../../src/core/validation/models.js'

const timeout = failureEnvelope(
  {
    errorCode: 'TIMEOUT',
    errorMessage: actionableMessage('TIMEOUT', 'Task ck42 is still SUBMITTED after 1s')
  },
  { taskId: 'ck42', status: 'SUBMITTED' }
)

describe('inFaceWords', () => {
  it('gives the action the task-id input to resume with', () => {
    const message = inFaceWords(timeout, 'action').errorMessage
    expect(message).toMatch(/^Task ck42 is still SUBMITTED after 1s\. /)
    expect(message).toContain('`task-id: ck42`')
    expect(message).toContain('`action: cancelTask`')
  })

  it('gives the CLI the command to resume with, and no input names', () => {
    const message = inFaceWords(timeout, 'cli').errorMessage
    expect(message).toContain('aivideomaker --taskId ck42')
    expect(message).not.toMatch(/task-id|input/)
  })

  it('keeps a message that does not end with the standard advice', () => {
    const own = failureEnvelope({ errorCode: 'TIMEOUT', errorMessage: 'Something else.' })
    expect(inFaceWords(own, 'cli')).toBe(own)
  })

  it('rewords BUDGET_EXCEEDED for the CLI after a repeated first sentence was dropped', () => {
    const message = actionableMessage(
      'BUDGET_EXCEEDED',
      'createGeneration failed: HTTP 422 — Price 15 credits exceeds X-Max-Credits 5; nothing was charged'
    )
    const worded = inFaceWords(
      failureEnvelope({ errorCode: 'BUDGET_EXCEEDED', errorMessage: message }),
      'cli'
    )
    expect(worded.errorMessage).toContain('Raise --max-credits')
  })
})

describe('actionableMessage', () => {
  it('says "nothing was charged" once when upstream said it already', () => {
    const message = actionableMessage('BUDGET_EXCEEDED', 'Price 15 exceeds 5; nothing was charged')
    expect(message.match(/nothing was charged/gi)).toHaveLength(1)
    expect(message).toContain('Raise max-credits')
  })

  it('keeps the advice whole when the message does not repeat it', () => {
    const message = actionableMessage('BUDGET_EXCEEDED', 'Price 15 exceeds 5')
    expect(message).toMatch(/^Price 15 exceeds 5\. Nothing was charged\. Raise max-credits/)
  })

  it('does not ask to fix named fields (bad JSON names none)', () => {
    expect(actionableMessage('INVALID_PAYLOAD', 'payload is not valid JSON')).not.toContain(
      'named fields'
    )
  })
})

describe('suggestNames', () => {
  it('suggests both t2v and t2v_v3 for "t2vv"', () => {
    expect(suggestNames('t2vv', MODEL_NAMES)).toEqual(expect.arrayContaining(['t2v', 't2v_v3']))
  })
})
