import { systemClock, type Clock } from '../time/clock.js'

/**
 * One token bucket for the task-query endpoints, shared by everything in the process:
 * upstream limits task queries per IP, and every job on a runner shares that IP.
 *
 * Upstream counts a sliding window (60 per minute). A bucket of capacity `burst` that
 * refills `limit - burst` tokens per window can never let more than `limit` requests
 * into any window, so following it never earns a 429 from this process alone.
 * A 429 from upstream (someone else on the same IP) pauses every consumer.
 *
 * A budget keeps time on one clock: its tokens and pause are clock times, so the first
 * clock that uses it is the only one it accepts (a clock a day ahead would otherwise leave
 * real-clock callers waiting for tokens it spent in the future).
 */
export interface RequestBudgetOptions {
  /** Requests allowed per window (default 60). */
  limit?: number
  /** Window length in ms (default 60000). */
  windowMs?: number
  /** Tokens available at once (default 10). */
  burst?: number
}

export class RequestBudget {
  readonly limit: number
  readonly windowMs: number
  readonly burst: number
  private tokens: number
  private lastRefill: number | null = null
  private pausedUntil = 0
  private queue: Promise<void> = Promise.resolve()
  private clock: Clock | null = null

  constructor(options: RequestBudgetOptions = {}) {
    this.limit = options.limit ?? 60
    this.windowMs = options.windowMs ?? 60_000
    this.burst = Math.min(options.burst ?? 10, Math.max(1, this.limit - 1))
    if (this.limit < 2) throw new RangeError('RequestBudget limit must be at least 2')
    this.tokens = this.burst
  }

  /** Refill rate in tokens per ms. */
  private get rate(): number {
    return (this.limit - this.burst) / this.windowMs
  }

  /**
   * Waits for a token. Callers are served in order; an aborted wait gives up its place.
   */
  acquire(clock: Clock, signal?: AbortSignal): Promise<void> {
    this.clock ??= clock
    if (clock !== this.clock) {
      return Promise.reject(
        new Error(
          'This RequestBudget keeps time on another clock: give each clock its own budget (the default)'
        )
      )
    }
    const turn = this.queue.then(() => this.take(clock, signal))
    // The next caller waits for this one whatever happens to it.
    this.queue = turn.catch(() => undefined)
    return turn
  }

  /** Pauses every consumer until `until` (clock ms), e.g. after an upstream 429. */
  pauseUntil(until: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, until)
  }

  /** Clock time before which no consumer gets a token (0 when not paused). */
  get pausedUntilTime(): number {
    return this.pausedUntil
  }

  private async take(clock: Clock, signal?: AbortSignal): Promise<void> {
    for (;;) {
      const now = clock.now()
      this.refill(now)
      const pause = this.pausedUntil - now
      if (pause > 0) {
        await clock.sleep(pause, signal)
        continue
      }
      if (this.tokens >= 1) {
        this.tokens -= 1
        return
      }
      await clock.sleep(Math.ceil((1 - this.tokens) / this.rate), signal)
    }
  }

  private refill(now: number): void {
    if (this.lastRefill === null) {
      this.lastRefill = now
      return
    }
    this.tokens = Math.min(this.burst, this.tokens + (now - this.lastRefill) * this.rate)
    this.lastRefill = now
  }
}

/** The process-wide budget of every client on the real clock that is not given its own. */
export const sharedQueryBudget = new RequestBudget()

/** One budget per other clock (a test's or a simulation's), reachable only through it. */
const budgetsByClock = new WeakMap<Clock, RequestBudget>()

/**
 * The budget of a client not handed one: on the real clock, the process-wide one (every
 * job on a runner shares its IP); on any other clock, that clock's own, so no state is
 * shared between two clocks.
 */
export function defaultQueryBudget(clock: Clock): RequestBudget {
  if (clock === systemClock) return sharedQueryBudget
  let budget = budgetsByClock.get(clock)
  if (budget === undefined) {
    budget = new RequestBudget()
    budgetsByClock.set(clock, budget)
  }
  return budget
}
