import { describe, expect, it } from '@jest/globals'
import { FIELD_ALIASES, suggestNames } from '../../src/core/validation/field-suggestion.js'

describe('suggestNames', () => {
  const models = ['t2v', 'i2v', 't2v_v3', 'seedance20']

  it('matches a name ignoring case, "_" and "-"', () => {
    expect(suggestNames('T2V-V3', models)).toEqual(['t2v_v3'])
  })
  it('returns every candidate tied at the smallest edit distance', () => {
    expect(suggestNames('t2v3', models)).toEqual(['t2v', 't2v_v3'])
  })
  it('returns the one candidate a prefix of 3 or more characters begins', () => {
    expect(suggestNames('seed', models)).toEqual(['seedance20'])
  })
  it('maps a known alias to the candidate of its group', () => {
    expect(suggestNames('ratio', ['prompt', 'aspectRatio'], FIELD_ALIASES)).toEqual(['aspectRatio'])
  })
  it('returns nothing when no candidate is close, or the input is blank or over 64 characters', () => {
    expect(suggestNames('banana', models)).toEqual([])
    expect(suggestNames(' _ ', models)).toEqual([])
    expect(suggestNames('t'.repeat(65), models)).toEqual([])
  })
})
