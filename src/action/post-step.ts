import * as core from '@actions/core'
import { createClient } from '../core/client.js'
import { parsePostInputs } from './inputs.js'
import { readTaskState } from './state.js'
import { appendSummaryLine } from './summary.js'

/** The post step's own deadline: it runs while the job is being torn down. */
const POST_TIMEOUT_MS = 30_000

/**
 * The post step (`post-if: always()`): when main was interrupted (job cancelled or
 * timed out) after creating a task, and `cancel-on-abort` is true, cancels the task if
 * it is still SUBMITTED (the only state upstream can cancel; the credits are refunded).
 * A task that got further is left alone. Never fails the job: problems become warnings.
 */
export async function runPost(): Promise<void> {
  try {
    const inputs = parsePostInputs()
    if (inputs.apiKey !== '') core.setSecret(inputs.apiKey)
    const state = readTaskState()
    if (state.taskId === null || state.finished) return
    const taskId = state.taskId
    const report = async (text: string, warn = false): Promise<void> => {
      if (warn) core.warning(text, { title: 'AIVideoMaker post step' })
      else core.info(text)
      if (inputs.summary) await appendSummaryLine(`Post step: ${text}`)
    }
    if (!inputs.cancelOnAbort) {
      await report(
        `The main step was interrupted; task ${taskId} may still run upstream (cancel-on-abort is false, so it was left alone).`
      )
      return
    }
    const client = createClient({
      apiKey: inputs.apiKey,
      baseUrl: state.baseUrl ?? inputs.baseUrl,
      timeoutMs: inputs.requestTimeoutMs,
      maxRetries: inputs.maxRetries,
      userAgent: 'aivideomaker-action (GitHub Action, post step)'
    })
    const call = { signal: AbortSignal.timeout(POST_TIMEOUT_MS) }
    const current = await client.getStatus(taskId, call)
    if (!current.ok) {
      await report(
        `Could not read the status of task ${taskId}, so it was not cancelled: ${current.errorMessage}`,
        true
      )
      return
    }
    if (current.status !== 'SUBMITTED') {
      await report(
        `Task ${taskId} is ${current.status}: left alone (only a SUBMITTED task can be cancelled).`
      )
      return
    }
    const cancelled = await client.cancelTask(taskId, call)
    if (cancelled.ok) {
      const refunded = cancelled.data?.creditsRefunded
      const credits =
        typeof refunded === 'number'
          ? `; ${refunded} credits refunded`
          : '; its credits are refunded'
      await report(
        `Cancelled task ${taskId}, which was still SUBMITTED when the job was interrupted${credits}.`
      )
    } else {
      await report(
        `Could not cancel task ${taskId} (now ${cancelled.status ?? 'unknown'}): ${cancelled.errorMessage}`,
        true
      )
    }
  } catch (error) {
    core.warning(
      `The post step could not check the task: ${error instanceof Error ? error.message : String(error)}`
    )
  }
}
