import { describe, expect, it } from '@jest/globals'
import { IMAGE_REF_PATTERN } from '../../src/core/validation/image-ref.js'
import { describeAllowed, describeTypes } from '../../src/core/validation/schema-description.js'

describe('describeAllowed', () => {
  it('lists enum values', () => {
    expect(describeAllowed({ enum: ['5', 8] })).toBe('one of "5", 8')
  })
  it('gives a number range', () => {
    expect(describeAllowed({ type: 'integer', minimum: 4, maximum: 15 })).toBe(
      'an integer from 4 to 15'
    )
  })
  it('describes a non-blank string with a length limit, or null', () => {
    expect(describeAllowed({ type: ['string', 'null'], pattern: '\\S', maxLength: 10 })).toBe(
      'a non-blank string of at most 10 characters or null'
    )
  })
  it('describes an array of images by count', () => {
    expect(
      describeAllowed({
        type: 'array',
        minItems: 1,
        maxItems: 3,
        items: { pattern: IMAGE_REF_PATTERN }
      })
    ).toBe('an array of 1 to 3 images')
  })
  it('says any value when the schema has no type', () => {
    expect(describeAllowed({})).toBe('any value')
  })
})

describe('describeTypes', () => {
  it('names JSON types in words', () => {
    expect(describeTypes(['boolean', 'null'])).toBe('true or false or null')
  })
})
