import type { Clock } from '../src/core/time/clock.js'
import { abortReason } from '../src/core/time/clock.js'

/** A clock whose sleeps return at once and move virtual time forward; it records every sleep. */
export class FakeClock implements Clock {
  time: number
  readonly sleeps: number[] = []

  constructor(start = Date.parse('2026-11-25T12:00:00Z')) {
    this.time = start
  }

  now(): number {
    return this.time
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw abortReason(signal)
    this.sleeps.push(ms)
    this.time += Math.max(0, ms)
    await Promise.resolve()
    if (signal?.aborted) throw abortReason(signal)
  }
}
