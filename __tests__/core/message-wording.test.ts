import { describe, expect, it } from '@jest/globals'
import {
  joinAlternatives,
  kindOf,
  plural,
  preview,
  quoteAlternatives
} from '../../src/core/validation/message-wording.js'

describe('kindOf', () => {
  it('names JSON kinds and class instances', () => {
    expect(kindOf(null)).toBe('null')
    expect(kindOf([1])).toBe('array')
    expect(kindOf({})).toBe('object')
    expect(kindOf(new Date(0))).toBe('Date')
    expect(kindOf(5)).toBe('number')
  })
})

describe('preview', () => {
  it('shortens long JSON to 60 characters', () => {
    const text = preview('x'.repeat(100))
    expect(text).toHaveLength(60)
    expect(text.endsWith('...')).toBe(true)
  })
  it('falls back to String for values JSON cannot render', () => {
    expect(preview(undefined)).toBe('undefined')
  })
})

describe('joinAlternatives', () => {
  it('joins with commas and a final "or"', () => {
    expect(joinAlternatives(['a'])).toBe('a')
    expect(joinAlternatives(['a', 'b', 'c'])).toBe('a, b or c')
    expect(quoteAlternatives(['a', 'b'])).toBe('"a" or "b"')
  })
})

describe('plural', () => {
  it('adds "s" unless the count is 1', () => {
    expect(plural(1, 'item')).toBe('1 item')
    expect(plural(0, 'item')).toBe('0 items')
  })
})
