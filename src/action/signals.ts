import { setMaxListeners } from 'node:events'
import * as core from '@actions/core'
import { AbortError } from '../core/time/clock.js'

/** The runner sends SIGINT, then SIGTERM 7.5 s later, then kills: finish well before. */
export const SIGNAL_GRACE_MS = 4_000

/** Kept back from the grace for writing the outputs once main's own claim has ended. */
const REPORT_MARGIN_MS = 1_000

const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM']

export interface SignalGuard {
  /** Aborted on the first SIGINT or SIGTERM. */
  readonly signal: AbortSignal
  interrupted(): boolean
  /** The clock time by which main's own claim of what the interrupt left must end. */
  claimDeadline(): number
  /** Removes the handlers and the grace timer; call once main has reported. */
  dispose(): void
}

/**
 * Turns the runner's cancellation signals into an abort of the running work, so main can
 * claim what it left (by `claimDeadline`), write its outputs and save state for the post step.
 * Should that not finish within `graceMs`, `onGraceExpired` reports what is known and the
 * process exits: the runner kills it soon after, and a report late by seconds is lost.
 */
export function guardSignals(onGraceExpired: () => void, graceMs = SIGNAL_GRACE_MS): SignalGuard {
  const controller = new AbortController()
  // Every create in flight of a batch (up to 20) and every wait listens to this one signal.
  setMaxListeners(0, controller.signal)
  let timer: NodeJS.Timeout | undefined
  let signalledAt = Date.now()
  const onSignal = (name: NodeJS.Signals): void => {
    if (controller.signal.aborted) return
    signalledAt = Date.now()
    core.info(`Received ${name}: the job is being cancelled; stopping and saving what is known.`)
    controller.abort(new AbortError(`interrupted by ${name}`))
    timer = setTimeout(() => {
      onGraceExpired()
      process.exit(1)
    }, graceMs)
    // The timer must not keep a process alive that has finished reporting on its own.
    timer.unref()
  }
  for (const name of SIGNALS) process.on(name, onSignal)
  return {
    signal: controller.signal,
    interrupted: () => controller.signal.aborted,
    claimDeadline: () => signalledAt + graceMs - REPORT_MARGIN_MS,
    dispose: () => {
      clearTimeout(timer)
      for (const name of SIGNALS) process.off(name, onSignal)
    }
  }
}
