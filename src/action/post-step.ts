import * as core from '@actions/core'
import { createClient, type Client } from '../core/api/client.js'
import { cancelSubmittedTasks, type CancelOutcome } from '../core/tasks/task-cancellation.js'
import { cancelByIdempotencyKey } from '../core/tasks/key-cancellation.js'
import { parsePostInputs } from './inputs.js'
import { readTaskState } from './state.js'
import { logLine } from './sinks/workflow-log.js'
import { appendSummaryLine } from './summary.js'

/** The post step's own deadline: it runs while the job is being torn down. */
const POST_TIMEOUT_MS = 30_000
/** Cancels sent at once for a batch (cancel is not a task query, but stay polite). */
const CANCEL_CONCURRENCY = 4

type Report = (text: string, warn?: boolean) => Promise<void>

/**
 * The post step (`post-if: always()`): when main was interrupted (job cancelled or
 * timed out) after creating a task, and `cancel-on-abort` is true, cancels the task if
 * it is still SUBMITTED (the only state upstream can cancel; the credits are refunded).
 * A task that got further is left alone. In batch mode the same holds for every task
 * the batch created, their statuses read with one list request. Never fails the job:
 * problems become warnings.
 */
export async function runPost(): Promise<void> {
  try {
    const inputs = parsePostInputs()
    if (inputs.apiKey !== '') core.setSecret(inputs.apiKey)
    const state = readTaskState()
    const keys = state.idempotencyKeys
    if (
      state.finished ||
      (state.taskId === null && state.taskIds.length === 0 && keys.length === 0)
    )
      return
    const report: Report = async (text, warn = false) => {
      if (warn) core.warning(logLine(text), { title: 'AIVideoMaker post step' })
      else core.info(logLine(text))
      if (inputs.summary) await appendSummaryLine(`Post step: ${text}`)
    }
    const client = (): Client =>
      createClient({
        apiKey: inputs.apiKey,
        baseUrl: state.baseUrl ?? inputs.baseUrl,
        timeoutMs: inputs.requestTimeoutMs,
        maxRetries: inputs.maxRetries,
        userAgent: 'aivideomaker-action (GitHub Action, post step)'
      })
    const isBatch = state.taskIds.length > 0 || keys.length > 1
    if (!inputs.cancelOnAbort) {
      const what = isBatch
        ? `the batch's ${Math.max(state.taskIds.length, keys.length)} task(s) may still run upstream`
        : `task ${state.taskId ?? `under Idempotency-Key ${keys[0]}`} may still run upstream`
      await report(
        `The main step was interrupted; ${what} (cancel-on-abort is false, so it was left alone).`
      )
      return
    }
    const signal = AbortSignal.timeout(POST_TIMEOUT_MS)
    if (state.taskIds.length > 0) await cancelBatchTasks(client(), state.taskIds, report, signal)
    else if (state.taskId !== null) {
      const [outcome] = await cancelSubmittedTasks(client(), [state.taskId], { signal })
      await report(...describeRunOutcome(outcome))
      return
    }
    // Creates whose answer never came back: their tasks are found by the key saved first.
    const byKey = await cancelByIdempotencyKey(client(), keys, {
      signal,
      knownTaskIds: new Set(state.taskIds)
    })
    if (byKey.failure !== null) {
      await report(
        `Could not list the tasks to find those created under the saved Idempotency-Key(s), so none was cancelled: ${byKey.failure.errorMessage}`,
        true
      )
      return
    }
    for (const outcome of byKey.outcomes) await report(...describeRunOutcome(outcome))
    if (!isBatch && byKey.outcomes.length === 0) {
      await report(
        `No task exists under Idempotency-Key ${keys[0]}: the create was cut off, and the service shows no task under its key (nothing charged so far); a re-run with the same key resumes any task that appears later.`
      )
    }
  } catch (error) {
    core.warning(
      logLine(
        `The post step could not check the task: ${error instanceof Error ? error.message : String(error)}`
      )
    )
  }
}

/** The post step's line about a single run's task, and whether it is a warning. */
function describeRunOutcome(outcome: CancelOutcome): [string, boolean] {
  const { taskId } = outcome
  switch (outcome.outcome) {
    case 'cancelled': {
      const refunded = outcome.creditsRefunded
      const credits =
        refunded === null ? '; its credits are refunded' : `; ${refunded} credits refunded`
      return [
        `Cancelled task ${taskId}, which was still SUBMITTED when the job was interrupted${credits}.`,
        false
      ]
    }
    case 'left':
      return [
        `Task ${taskId} is ${outcome.status}: left alone (only a SUBMITTED task can be cancelled).`,
        false
      ]
    case 'failed':
      return outcome.stage === 'status'
        ? [
            `Could not read the status of task ${taskId}, so it was not cancelled: ${outcome.envelope.errorMessage}`,
            true
          ]
        : [
            `Could not cancel task ${taskId} (now ${outcome.envelope.status ?? 'unknown'}): ${outcome.envelope.errorMessage}`,
            true
          ]
    default: {
      const unknown: never = outcome
      throw new Error(`unhandled cancel outcome ${JSON.stringify(unknown)}`)
    }
  }
}

/**
 * Cancels the batch's tasks that are still SUBMITTED (`cancelSubmittedTasks`: statuses
 * from one list request, cancels a few at a time), and one line reports how many were
 * cancelled, refunded, left alone or could not be handled.
 */
async function cancelBatchTasks(
  client: Client,
  taskIds: string[],
  report: Report,
  signal: AbortSignal
): Promise<void> {
  const outcomes = await cancelSubmittedTasks(client, taskIds, {
    signal,
    concurrency: CANCEL_CONCURRENCY
  })
  let cancelled = 0
  let refunded = 0
  const others = new Map<string, number>()
  const unread: string[] = []
  const refused: string[] = []
  for (const outcome of outcomes) {
    if (outcome.outcome === 'cancelled') {
      cancelled++
      refunded += outcome.creditsRefunded ?? 0
    } else if (outcome.outcome === 'left') {
      others.set(outcome.status, (others.get(outcome.status) ?? 0) + 1)
    } else if (outcome.stage === 'status') {
      const { errorMessage, errorCode } = outcome.envelope
      unread.push(`status of ${outcome.taskId}: ${errorMessage ?? errorCode}`)
    } else {
      const { status, errorMessage, errorCode } = outcome.envelope
      refused.push(
        `cancel of ${outcome.taskId} (now ${status ?? 'unknown'}): ${errorMessage ?? errorCode}`
      )
    }
  }
  const problems = [...unread, ...refused]
  const alone = [...others].map(([status, count]) => `${count} ${status}`).join(', ')
  await report(
    `The batch was interrupted: cancelled ${cancelled} of its ${taskIds.length} task(s) that were still SUBMITTED` +
      `${refunded > 0 ? ` (${refunded} credits refunded)` : ''}` +
      `${alone === '' ? '' : `; left alone ${alone} (only a SUBMITTED task can be cancelled)`}.`
  )
  if (problems.length > 0) {
    await report(
      `Could not handle ${problems.length} batch task(s); they may still run upstream: ${problems.slice(0, 3).join('; ')}`,
      true
    )
  }
}
