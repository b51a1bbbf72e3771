import * as core from '@actions/core'
import type { ActionResult } from './operations.js'
import { logLine } from './sinks/workflow-log.js'

/** A step shows a few annotations at most: the failure first, then warnings. */
export const MAX_ANNOTATIONS = 3

/**
 * Fails the step (`core.setFailed`, itself the error annotation) when the envelope is not
 * ok and `fail-on-error` is true; with `fail-on-error: false` the failure becomes a
 * warning and the step stays green. Then the warnings that did not stop the step.
 * `@actions/core` escapes only `%`, CR and LF in an annotation: its text (upstream's words
 * among it) passes the workflow-log sanitiser like every other line.
 */
export function annotate(result: ActionResult, failOnError: boolean): void {
  const { envelope } = result
  let left = MAX_ANNOTATIONS
  if (!envelope.ok) {
    const message = envelope.errorMessage ?? `The step failed (${envelope.errorCode})`
    if (failOnError) core.setFailed(logLine(message))
    else
      core.warning(logLine(`${message} (fail-on-error is false: the step stays green)`), {
        title: logLine(`AIVideoMaker ${envelope.errorCode}`)
      })
    left--
  }
  for (const warning of result.warnings.slice(0, left))
    core.warning(logLine(warning), { title: 'AIVideoMaker' })
}
