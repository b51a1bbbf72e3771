/** Time source and sleeper, injectable so tests never wait for real time. */
export interface Clock {
  now(): number
  /** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: abortableSleep
}

/** A sleep that clears its timer when aborted, so no timer outlives its purpose. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortReason(signal))
      return
    }
    const onAbort = (): void => {
      clearTimeout(timer)
      reject(abortReason(signal as AbortSignal))
    }
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort)
        resolve()
      },
      Math.max(0, ms)
    )
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

/** A signal that aborts after `ms` on a clock, and the means to stop its timer early. */
export interface ClockTimeout {
  readonly signal: AbortSignal
  /** Stops the timer; call it once the guarded work has ended, however it ended. */
  dispose(): void
}

/**
 * `AbortSignal.timeout` on any clock: aborts with a `TimeoutError` after `ms` of that
 * clock's time. Request and download timeouts use it, so on a test's clock a slow answer
 * times out in the clock's time, in order with every other timer on it.
 */
export function clockTimeout(clock: Clock, ms: number): ClockTimeout {
  const controller = new AbortController()
  const stop = new AbortController()
  clock.sleep(ms, stop.signal).then(
    () =>
      controller.abort(new DOMException(`The operation timed out after ${ms} ms`, 'TimeoutError')),
    () => undefined
  )
  return { signal: controller.signal, dispose: () => stop.abort() }
}

export function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new AbortError()
}

export class AbortError extends Error {
  constructor(message = 'The operation was aborted') {
    super(message)
    this.name = 'AbortError'
  }
}

export function isAbortError(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError')
}
