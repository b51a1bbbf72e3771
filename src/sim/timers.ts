import type { SimClock } from './sim-clock.js'

/** A timer `TimerSet.after` started; cancel it with `TimerSet.cancel`. */
export type SimTimer = AbortController

/**
 * Every timer the simulator starts, on its clock, so stop() can clear them all. A timer
 * cancelled or cleared never runs, even when its wait had already ended.
 */
export class TimerSet {
  private readonly timers = new Set<SimTimer>()

  constructor(private readonly clock: SimClock) {}

  after(ms: number, run: () => void): SimTimer {
    const timer = new AbortController()
    this.timers.add(timer)
    this.clock.sleep(ms, timer.signal).then(
      () => {
        if (!this.timers.delete(timer)) return
        run()
      },
      // Cancelled: nothing to run.
      () => undefined
    )
    return timer
  }

  cancel(timer: SimTimer | undefined): void {
    if (timer === undefined) return
    this.timers.delete(timer)
    timer.abort()
  }

  /** Resolves after `ms`; after clearAll() it never resolves, so a stopped server writes nothing more. */
  sleep(ms: number): Promise<void> {
    return new Promise(resolve => this.after(ms, resolve))
  }

  clearAll(): void {
    const timers = [...this.timers]
    this.timers.clear()
    for (const timer of timers) timer.abort()
  }
}
