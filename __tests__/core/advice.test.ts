import { describe, expect, it } from '@jest/globals'
import { failureEnvelope } from '../../src/core/api/envelope.js'
import {
  LIBRARY_ADVICE,
  WORDED_ADVICE_CODES,
  actionableMessage,
  adviceText,
  inWords,
  messageParts
} from '../../src/core/api/advice.js'
import { ERROR_CODES } from '../../src/core/api/error-codes.js'
import { batchEnvelope } from '../../src/core/batch/batch-envelope.js'
import { batchTotals } from '../../src/core/batch/batch-ledger.js'
import { ACTION_ADVICE } from '../../src/action/advice-words.js'
import { CLI_ADVICE } from '../../src/cli/advice-words.js'
import { suggestNames } from '../../src/core/validation/field-suggestion.js'
import { MODEL_NAMES } from '../../src/core/validation/models.js'

const timeout = failureEnvelope(
  {
    errorCode: 'TIMEOUT',
    errorMessage: actionableMessage('TIMEOUT', 'Task ck42 is still SUBMITTED after 1s')
  },
  { taskId: 'ck42', status: 'SUBMITTED' }
)

describe('actionableMessage', () => {
  it('ends with the next steps in the library words (option names) and keeps them as data', () => {
    expect(timeout.errorMessage).toBe(
      `Task ck42 is still SUBMITTED after 1s. ${adviceText('TIMEOUT', LIBRARY_ADVICE, null)}`
    )
    expect(timeout.errorMessage).toContain('run({ taskId })')
    expect(messageParts(timeout.errorMessage)).toEqual({
      advice: 'TIMEOUT',
      what: 'Task ck42 is still SUBMITTED after 1s'
    })
  })

  it('says "nothing was charged" once when upstream said it already', () => {
    const message = actionableMessage('BUDGET_EXCEEDED', 'Price 15 exceeds 5; nothing was charged')
    expect(message.match(/nothing was charged/gi)).toHaveLength(1)
    expect(message).toContain('Raise maxCredits')
  })

  it('does not ask to fix named fields (bad JSON names none)', () => {
    expect(actionableMessage('INVALID_PAYLOAD', 'payload is not valid JSON')).not.toContain(
      'named fields'
    )
  })

  it('knows no parts of a text it did not compose', () => {
    expect(messageParts('Something else.')).toBeNull()
    expect(messageParts(null)).toBeNull()
  })
})

describe('inWords', () => {
  it('gives the action the task-id input to resume with, said once', () => {
    const message = inWords(timeout, ACTION_ADVICE).errorMessage ?? ''
    expect(message).toMatch(/^Task ck42 is still SUBMITTED after 1s\. /)
    expect(message).toContain('`task-id: ck42`')
    expect(message).toContain('`action: cancelTask`')
    expect(message).not.toContain('run({ taskId })')
    expect(message.match(/may still finish/g)).toHaveLength(1)
  })

  it('gives the CLI the command to resume with, and no input names', () => {
    const message = inWords(timeout, CLI_ADVICE).errorMessage
    expect(message).toContain('aivideomaker --taskId ck42')
    expect(message).not.toMatch(/task-id|input|taskId \}/)
  })

  it('keeps a message the core did not compose as it is', () => {
    const own = failureEnvelope({ errorCode: 'TIMEOUT', errorMessage: 'Something else.' })
    expect(inWords(own, CLI_ADVICE)).toBe(own)
  })

  it('rewords a face-worded message again from its parts, not from its text', () => {
    const once = inWords(timeout, ACTION_ADVICE)
    expect(inWords(once, CLI_ADVICE).errorMessage).toBe(inWords(timeout, CLI_ADVICE).errorMessage)
  })

  it('rewords BUDGET_EXCEEDED after a repeated first sentence was dropped', () => {
    const message = actionableMessage(
      'BUDGET_EXCEEDED',
      'createGeneration failed: HTTP 422 — Price 15 credits exceeds X-Max-Credits 5; nothing was charged'
    )
    const worded = inWords(
      failureEnvelope({ errorCode: 'BUDGET_EXCEEDED', errorMessage: message }),
      CLI_ADVICE
    )
    expect(worded.errorMessage).toContain('Raise --max-credits')
    expect(worded.errorMessage?.match(/nothing was charged/gi)).toHaveLength(1)
  })

  it("words a batch's message and every item's", () => {
    const item = { ...timeout, name: 'fox', data: null }
    const batch = batchEnvelope(
      { results: [item], totals: batchTotals([item]), errorMessage: null },
      null
    )
    const worded = inWords(batch, CLI_ADVICE)
    expect(worded.errorMessage).toMatch(
      /^1 of 1 batch items failed\. First: Task ck42 .* aivideomaker --taskId <id>/
    )
    expect(worded.data?.results[0].errorMessage).toContain('aivideomaker --taskId ck42')
  })
})

describe('every face words every code', () => {
  it.each(ERROR_CODES.map(code => [code]))('%s', code => {
    const texts = [LIBRARY_ADVICE, ACTION_ADVICE, CLI_ADVICE].map(words =>
      adviceText(code, words, 'ck7')
    )
    for (const text of texts) expect(text).toMatch(/\.$/)
    const worded = (WORDED_ADVICE_CODES as readonly string[]).includes(code)
    // A code that names a setting is said differently by each face; any other the same.
    expect(new Set(texts).size).toBe(worded ? 3 : 1)
  })
})

describe('suggestNames', () => {
  it('suggests both t2v and t2v_v3 for "t2vv"', () => {
    expect(suggestNames('t2vv', MODEL_NAMES)).toEqual(expect.arrayContaining(['t2v', 't2v_v3']))
  })
})
