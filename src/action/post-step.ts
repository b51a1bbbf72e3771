import * as core from '@actions/core'
import { createClient } from '../core/api/client.js'
import { settleInterrupt } from '../core/tasks/interrupt-settlement.js'
import { describeClaimOutcome, describeSettlement } from '../core/tasks/settlement-report.js'
import { parsePostInputs } from './inputs.js'
import { readTaskState } from './state.js'
import { logLine } from './sinks/workflow-log.js'
import { appendSummaryLine } from './summary.js'

/**
 * The post step's own time limit: it runs while the job is being torn down. It holds the
 * claim's wait for a late create (`LATE_CREATE_WINDOW_MS`, 60 s) with room for the
 * cancels, and stays well inside the 5 minutes a cancelled job's `always()` steps get.
 * At the limit the claim reports what it did and names every task it did not handle.
 */
const POST_TIME_LIMIT_MS = 90_000

type Report = (text: string, warn?: boolean) => Promise<void>

/**
 * The post step (`post-if: always()`): when main was interrupted (job cancelled or
 * timed out) and `cancel-on-abort` is true, claims what main left and did not settle itself
 * within its signal grace (`settleInterrupt`; main records what it settled):
 * every known task is cancelled while SUBMITTED (the only state upstream can cancel; the
 * credits are refunded), and a create whose answer never came back is found by its key or
 * replayed, then cancelled. A task that got further is left alone. Never fails the job:
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
    // What main's own claim settled after the interrupt was cancelled and reported there.
    const { settled } = state
    const taskIds = [...(state.taskId === null ? [] : [state.taskId]), ...state.taskIds].filter(
      id => !settled.taskIds.has(id)
    )
    // A single run whose task id came back is claimed by that id alone.
    const creates = (!isBatch && state.taskId !== null ? [] : state.cutOffCreates).filter(
      create => !settled.keys.has(create.key)
    )
    if (taskIds.length === 0 && creates.length === 0) return
    const client = createClient({
      apiKey: inputs.apiKey,
      baseUrl: state.baseUrl ?? inputs.baseUrl,
      timeoutMs: inputs.requestTimeoutMs,
      maxRetries: inputs.maxRetries,
      userAgent: 'aivideomaker-action (GitHub Action, post step)'
    })
    const settlement = await settleInterrupt(
      client,
      { taskIds, creates },
      { deadline: Date.now() + POST_TIME_LIMIT_MS }
    )
    const unhandled = settlement.outcomes.filter(o => o.kind === 'unhandled')
    if (isBatch) {
      await report(
        `The batch was interrupted: ${describeSettlement(settlement, new Set(taskIds).size + creates.length)}.`,
        unhandled.length > 0
      )
      // Tasks found by key or by a replay are named: their ids are in no saved state.
      for (const outcome of settlement.outcomes) {
        if (outcome.kind === 'unhandled' || outcome.route !== 'id') {
          await report(describeClaimOutcome(outcome), outcome.kind === 'unhandled')
        }
      }
    } else {
      for (const outcome of settlement.outcomes) {
        await report(describeClaimOutcome(outcome), outcome.kind === 'unhandled')
      }
    }
  } catch (error) {
    core.warning(
      logLine(
        `The post step could not claim the task: ${error instanceof Error ? error.message : String(error)}`
      )
    )
  }
}
