import { describe, expect, it } from '@jest/globals'
import { preparePayload } from '../../src/core/validation/duration-coercion.js'
import { getModelSpec } from '../../src/core/validation/models.js'

describe('preparePayload', () => {
  it('turns a numeric duration into a string for a model expecting strings', () => {
    const prepared = preparePayload(getModelSpec('t2v'), { duration: 5 })
    expect(prepared.payload).toEqual({ duration: '5' })
    expect(prepared.notes).toEqual([
      'payload.duration was the number 5; sent as the string "5" as t2v expects'
    ])
    expect(prepared.originals.get('duration')).toBe(5)
  })
  it('turns a digit-only duration string into a number for a model expecting numbers', () => {
    const prepared = preparePayload(getModelSpec('seedance20'), { duration: '10' })
    expect(prepared.payload).toEqual({ duration: 10 })
    expect(prepared.originals.get('duration')).toBe('10')
  })
  it('leaves other durations alone and drops undefined fields without changing the input', () => {
    const input = { duration: '5.5', prompt: undefined }
    const prepared = preparePayload(getModelSpec('seedance20'), input)
    expect(prepared.payload).toEqual({ duration: '5.5' })
    expect(prepared.notes).toEqual([])
    expect(input).toEqual({ duration: '5.5', prompt: undefined })
  })
})
