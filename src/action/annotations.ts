import * as core from '@actions/core'
import type { ActionResult } from './operations.js'

/** A step shows a few annotations at most: the failure first, then warnings. */
export const MAX_ANNOTATIONS = 3

/**
 * Fails the step (`core.setFailed`, itself the error annotation) when the envelope is not
 * ok and `fail-on-error` is true; with `fail-on-error: false` the failure becomes a
 * warning and the step stays green. Then the warnings that did not stop the step.
 */
export function annotate(result: ActionResult, failOnError: boolean): void {
  const { envelope } = result
  let left = MAX_ANNOTATIONS
  if (!envelope.ok) {
    const message = envelope.errorMessage ?? `The step failed (${envelope.errorCode})`
    if (failOnError) core.setFailed(message)
    else
      core.warning(`${message} (fail-on-error is false: the step stays green)`, {
        title: `AIVideoMaker ${envelope.errorCode}`
      })
    left--
  }
  for (const warning of result.warnings.slice(0, left))
    core.warning(warning, { title: 'AIVideoMaker' })
}
