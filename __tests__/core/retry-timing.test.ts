import { describe, expect, it } from '@jest/globals'
import {
  DEFAULT_BACKOFF,
  backoffDelay,
  parseRetryAfter,
  toRetryAfterSeconds
} from '../../src/core/http/retry-timing.js'

const now = Date.parse('2026-11-25T12:00:00Z')

describe('parseRetryAfter', () => {
  it('reads delta-seconds', () => {
    expect(parseRetryAfter('30', now)).toBe(30_000)
    expect(parseRetryAfter(' 0 ', now)).toBe(0)
  })
  it('reads an HTTP date relative to now', () => {
    expect(parseRetryAfter('Wed, 25 Nov 2026 12:00:45 GMT', now)).toBe(45_000)
  })
  it('turns a date in the past into zero', () => {
    expect(parseRetryAfter('Wed, 25 Nov 2026 11:00:00 GMT', now)).toBe(0)
  })
  it('returns null for absent or unreadable values', () => {
    expect(parseRetryAfter(undefined, now)).toBeNull()
    expect(parseRetryAfter('', now)).toBeNull()
    expect(parseRetryAfter('soon', now)).toBeNull()
    expect(parseRetryAfter('-5', now)).toBeNull()
  })
  it('takes the first of repeated headers', () => {
    expect(parseRetryAfter(['2', '9'], now)).toBe(2000)
  })
})

describe('backoffDelay', () => {
  it('grows exponentially up to the cap with full jitter', () => {
    expect(backoffDelay(0, DEFAULT_BACKOFF, () => 0.999)).toBe(499)
    expect(backoffDelay(3, DEFAULT_BACKOFF, () => 0.999)).toBe(3996)
    expect(backoffDelay(20, DEFAULT_BACKOFF, () => 0.999)).toBe(7992)
    expect(backoffDelay(5, DEFAULT_BACKOFF, () => 0)).toBe(0)
  })
})

describe('toRetryAfterSeconds', () => {
  it('rounds up so callers never come back early', () => {
    expect(toRetryAfterSeconds(1001)).toBe(2)
    expect(toRetryAfterSeconds(null)).toBeNull()
  })
})
