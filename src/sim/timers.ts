/**
 * Every timer the simulator starts, so stop() can clear them all. Timers are unref'd:
 * a simulator left running must never keep a test process or CLI caller alive by itself.
 */
export class TimerSet {
  private readonly timers = new Set<NodeJS.Timeout>()

  after(ms: number, run: () => void): NodeJS.Timeout {
    const timer = setTimeout(() => {
      this.timers.delete(timer)
      run()
    }, ms)
    timer.unref()
    this.timers.add(timer)
    return timer
  }

  cancel(timer: NodeJS.Timeout | undefined): void {
    if (timer === undefined) return
    clearTimeout(timer)
    this.timers.delete(timer)
  }

  /** Resolves after `ms`; after clearAll() it never resolves, so a stopped server writes nothing more. */
  sleep(ms: number): Promise<void> {
    return new Promise(resolve => this.after(ms, resolve))
  }

  clearAll(): void {
    for (const timer of this.timers) clearTimeout(timer)
    this.timers.clear()
  }
}
