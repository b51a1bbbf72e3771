import { setMaxListeners } from 'node:events'
import type { Clock } from './clock.js'

/**
 * An AbortSignal that fires at an absolute clock time, or as soon as the caller's own
 * signal fires. Waits that the code below cannot bound itself (a request-budget queue, a
 * retry sleep inside the transport) then end on time too. `isExpired` tells the deadline
 * apart from the caller's abort, which is reported as ABORTED rather than TIMEOUT.
 */
export interface DeadlineSignal {
  readonly signal: AbortSignal
  /** True once the deadline has passed (and the caller had not aborted first). */
  isExpired(): boolean
  /** Stops the deadline timer; call once the work is over. */
  dispose(): void
}

export class DeadlineError extends Error {
  constructor() {
    super('The deadline passed')
    this.name = 'AbortError'
  }
}

export function createDeadlineSignal(
  clock: Clock,
  deadline: number,
  parent?: AbortSignal
): DeadlineSignal {
  const controller = new AbortController()
  // Every request, sleep and budget wait of a batch listens to this one signal.
  setMaxListeners(0, controller.signal)
  const timer = new AbortController()
  let expired = false
  const onParentAbort = (): void => controller.abort(parent?.reason)
  if (parent?.aborted) controller.abort(parent.reason)
  else parent?.addEventListener('abort', onParentAbort, { once: true })
  clock.sleep(deadline - clock.now(), timer.signal).then(
    () => {
      if (controller.signal.aborted) return
      expired = true
      controller.abort(new DeadlineError())
    },
    () => undefined
  )
  return {
    signal: controller.signal,
    isExpired: () => expired || (!parent?.aborted && clock.now() >= deadline),
    dispose: () => {
      timer.abort()
      parent?.removeEventListener('abort', onParentAbort)
    }
  }
}
