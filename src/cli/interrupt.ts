import { setMaxListeners } from 'node:events'
import { AbortError } from '../core/time/clock.js'

/** Where SIGINT/SIGTERM come from: the process, or a test's emitter. */
export interface SignalSource {
  on(event: 'SIGINT' | 'SIGTERM', listener: () => void): unknown
  off(event: 'SIGINT' | 'SIGTERM', listener: () => void): unknown
}

export interface Interrupt {
  /** Aborts on the first Ctrl-C (or SIGTERM). */
  readonly signal: AbortSignal
  /** Stops listening; the default signal behaviour returns. */
  dispose(): void
}

/** The shell's exit status for "ended by SIGINT" (128 + 2). */
export const INTERRUPTED_EXIT_CODE = 130

/**
 * First Ctrl-C: abort the signal (the wait stops, the CLI may still cancel the task and
 * print the envelope) and tell `onFirst`. Second Ctrl-C: `exit(130)` at once, for a user
 * who does not want to wait for the cancel.
 */
export function listenForInterrupt(
  source: SignalSource,
  onFirst: (signalName: string) => void,
  exit: (code: number) => void
): Interrupt {
  const controller = new AbortController()
  // Every create in flight of a batch (up to 20) and every wait listens to this one signal.
  setMaxListeners(0, controller.signal)
  const handle = (signalName: 'SIGINT' | 'SIGTERM') => (): void => {
    if (controller.signal.aborted) {
      exit(INTERRUPTED_EXIT_CODE)
      return
    }
    controller.abort(new AbortError(`interrupted by ${signalName}`))
    onFirst(signalName)
  }
  const onInt = handle('SIGINT')
  const onTerm = handle('SIGTERM')
  source.on('SIGINT', onInt)
  source.on('SIGTERM', onTerm)
  return {
    signal: controller.signal,
    dispose: () => {
      source.off('SIGINT', onInt)
      source.off('SIGTERM', onTerm)
    }
  }
}
