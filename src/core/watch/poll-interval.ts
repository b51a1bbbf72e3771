import type { PollCycle } from './poll-cycle.js'

/** Each interval without a change is this much longer than the last, up to the cap. */
const POLL_GROWTH = 1.5

/**
 * The delay between polling cycles: starts at the first interval, grows by 1.5x to the
 * cap while nothing changes, goes back to the start on any change, and is never shorter
 * than a `Retry-After`.
 */
export class PollInterval {
  private readonly startMs: number
  private readonly capMs: number
  /** The current interval, as reported to `onPoll`. */
  delayMs: number
  /** How long to sleep before the next cycle. */
  sleepMs: number

  constructor(pollIntervalMs: number | undefined, maxPollIntervalMs: number | undefined) {
    this.startMs = Math.max(0, pollIntervalMs ?? 5_000)
    this.capMs = Math.max(this.startMs, maxPollIntervalMs ?? 30_000)
    this.delayMs = this.sleepMs = this.startMs
  }

  /** Back to the first interval (a new task arrived after the watch ran empty). */
  reset(): void {
    this.delayMs = this.sleepMs = this.startMs
  }

  /** Sets the next delay after `cycle`; `elapsedMs` tells how long the cycle took. */
  advance(cycle: PollCycle, elapsedMs: () => number): void {
    this.delayMs =
      cycle.changed > 0
        ? this.startMs
        : Math.min(this.capMs, Math.max(this.startMs, this.delayMs * POLL_GROWTH))
    // A list cycle is one request: its interval runs from start to start, so a slow
    // answer does not stretch it. Per-task cycles rest the full interval between them.
    this.sleepMs = cycle.via === 'list' ? Math.max(0, this.delayMs - elapsedMs()) : this.delayMs
    // Never come back before the server said we may.
    if (cycle.retryAfterMs !== null) {
      this.delayMs = Math.max(this.delayMs, cycle.retryAfterMs)
      this.sleepMs = Math.max(this.sleepMs, cycle.retryAfterMs)
    }
  }
}
