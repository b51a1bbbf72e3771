import type { WaitProgress } from './wait.js'

/**
 * Wraps a progress printer so long waits log a line when the status changes or at most
 * every `minIntervalMs` — not one line per poll when polls are frequent.
 */
export function throttleProgress(
  print: (progress: WaitProgress) => void,
  minIntervalMs: number,
  now: () => number = Date.now
): (progress: WaitProgress) => void {
  let lastStatus: string | null | undefined
  let lastPrinted = -Infinity
  return progress => {
    const changed = progress.status !== lastStatus
    const finished = progress.nextPollMs === null
    if (!changed && !finished && now() - lastPrinted < minIntervalMs) return
    lastStatus = progress.status
    lastPrinted = now()
    print(progress)
  }
}
