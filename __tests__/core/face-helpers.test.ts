import { describe, expect, it } from '@jest/globals'
import { parseDuration } from '../../src/core/time/duration.js'
import { canonicalJson, deriveIdempotencyKey } from '../../src/core/run/idempotency-key.js'
import { isValidIdempotencyKey } from '../../src/core/api/identifiers.js'
import { throttleProgress } from '../../src/core/watch/progress-throttle.js'
import type { WaitProgress } from '../../src/core/watch/wait.js'

describe('parseDuration', () => {
  it('reads ms, s, m, h and bare seconds', () => {
    expect(parseDuration('250ms')).toBe(250)
    expect(parseDuration('90s')).toBe(90_000)
    expect(parseDuration('30m')).toBe(1_800_000)
    expect(parseDuration('1h')).toBe(3_600_000)
    expect(parseDuration('45')).toBe(45_000)
    expect(parseDuration('1.5s')).toBe(1500)
  })
  it('returns null for anything else', () => {
    for (const bad of ['', 'abc', '-5s', '5 minutes', '1d', '1e9999'])
      expect(parseDuration(bad)).toBeNull()
  })
})

describe('deriveIdempotencyKey', () => {
  const identity = { repository: 'o/r', workflow: 'video', job: 'build', runId: '42', step: 'gen' }

  it('is stable across re-runs and key order, and valid for upstream', () => {
    const a = deriveIdempotencyKey(identity, 't2v', { prompt: 'x', duration: '5' })
    const b = deriveIdempotencyKey(identity, 't2v', { duration: '5', prompt: 'x' })
    expect(a).toBe(b)
    expect(isValidIdempotencyKey(a)).toBe(true)
  })

  it('changes with the run, the step, the model or the payload', () => {
    const base = deriveIdempotencyKey(identity, 't2v', { prompt: 'x' })
    expect(deriveIdempotencyKey({ ...identity, runId: '43' }, 't2v', { prompt: 'x' })).not.toBe(
      base
    )
    expect(deriveIdempotencyKey({ ...identity, step: 'other' }, 't2v', { prompt: 'x' })).not.toBe(
      base
    )
    expect(deriveIdempotencyKey(identity, 'i2v', { prompt: 'x' })).not.toBe(base)
    expect(deriveIdempotencyKey(identity, 't2v', { prompt: 'y' })).not.toBe(base)
  })

  it('canonicalJson sorts keys at every depth', () => {
    expect(canonicalJson({ b: [{ d: 1, c: 2 }], a: null })).toBe('{"a":null,"b":[{"c":2,"d":1}]}')
  })
})

describe('throttleProgress', () => {
  const progress = (
    status: string,
    polls: number,
    nextPollMs: number | null = 1000
  ): WaitProgress => ({
    taskId: 'ck1',
    status,
    elapsedMs: polls * 1000,
    nextPollMs,
    polls
  })

  it('prints on status changes and at most once per interval otherwise', () => {
    let now = 0
    const printed: number[] = []
    const report = throttleProgress(
      p => printed.push(p.polls),
      30_000,
      () => now
    )
    for (let poll = 1; poll <= 100; poll++) {
      now = poll * 1000
      report(progress(poll < 50 ? 'SUBMITTED' : 'PROGRESS', poll))
    }
    report(progress('COMPLETED', 101, null))
    expect(printed).toEqual([1, 31, 50, 80, 101])
  })
})
