import type { Clock } from './clock.js'

/**
 * An AbortSignal that fires `graceMs` after `parent` does. A create request that is
 * already on its way may have reached upstream, which then charges for the task: letting
 * it finish for a moment after an interrupt brings back the task id, so the face can
 * cancel that task by id instead of guessing by key (the create may land after any look).
 */
export interface GraceSignal {
  readonly signal: AbortSignal
  /** Stops listening and clears the grace timer; call once the request is over. */
  dispose(): void
}

export function createGraceSignal(
  clock: Clock,
  parent: AbortSignal | undefined,
  graceMs: number
): GraceSignal {
  const controller = new AbortController()
  const timer = new AbortController()
  const onParentAbort = (): void => {
    clock.sleep(graceMs, timer.signal).then(
      () => controller.abort(parent?.reason),
      () => undefined
    )
  }
  if (parent?.aborted) onParentAbort()
  else parent?.addEventListener('abort', onParentAbort, { once: true })
  return {
    signal: controller.signal,
    dispose: () => {
      timer.abort()
      parent?.removeEventListener('abort', onParentAbort)
    }
  }
}
