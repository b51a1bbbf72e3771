import { describe, expect, it } from '@jest/globals'
import {
  HTTP_URL_PATTERN,
  IMAGE_REF_PATTERN,
  httpUrlProblem,
  imageRefProblem,
  patternProblem
} from '../../src/core/validation/image-ref.js'

describe('imageRefProblem', () => {
  it('accepts a public https URL and a base64 PNG data URI', () => {
    expect(imageRefProblem('https://example.com/a.png')).toBeNull()
    expect(imageRefProblem('data:image/png;base64,iVBORw0K')).toBeNull()
  })
  it('rejects a file: URL explaining the service cannot read it', () => {
    expect(imageRefProblem('file:///tmp/a.png')).toContain('not a file: URL')
    // A path on this machine: how to send it instead.
    expect(imageRefProblem('./owl.png')).toMatch(
      /\(got "\.\/owl\.png"\); a local image goes as a data URI, e.g\. "data:image\/png;base64,\$\(base64 -w0 image\.png\)"/
    )
    expect(imageRefProblem('ftp://e.com/a.png')).not.toContain('local image')
  })
  it('tells image/jpg to be written image/jpeg', () => {
    expect(imageRefProblem('data:image/jpg;base64,AAAA')).toBe(
      'is a data URI of type image/jpg; write image/jpeg'
    )
  })
  it('points at URL-safe base64 characters', () => {
    expect(imageRefProblem('data:image/png;base64,ab-d')).toBe(
      'has invalid base64 data: unexpected "-" at position 2 (URL-safe base64; use + and / instead)'
    )
  })
})

describe('httpUrlProblem', () => {
  it('rejects a data URI', () => {
    expect(httpUrlProblem('data:image/png;base64,AAAA')).toBe(
      'must be a public http(s) URL; data: URIs are not accepted for this field'
    )
  })
  it('rejects a URL carrying credentials', () => {
    expect(httpUrlProblem('https://user:pw@example.com/a.mp4')).toContain('user name or password')
  })
})

describe('patternProblem', () => {
  it('explains the image and URL patterns by their own functions', () => {
    expect(patternProblem(IMAGE_REF_PATTERN, 'file:///a.png')).toContain('not a file: URL')
    expect(patternProblem(HTTP_URL_PATTERN, 'data:image/png;base64,AAAA')).toContain('data: URIs')
  })
  it('returns null for non-string values and other patterns', () => {
    expect(patternProblem(IMAGE_REF_PATTERN, 5)).toBeNull()
    expect(patternProblem('^\\d+$', 'abc')).toBeNull()
  })
})
