import * as core from '@actions/core'
import { createClient, type CallOptions, type Client } from '../core/client.js'
import { parsePostInputs } from './inputs.js'
import { readTaskState } from './state.js'
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
    if (state.finished || (state.taskId === null && state.taskIds.length === 0)) return
    const report: Report = async (text, warn = false) => {
      if (warn) core.warning(text, { title: 'AIVideoMaker post step' })
      else core.info(text)
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
    if (state.taskIds.length > 0) {
      if (!inputs.cancelOnAbort) {
        await report(
          `The main step was interrupted; the batch's ${state.taskIds.length} task(s) may still run upstream (cancel-on-abort is false, so they were left alone).`
        )
        return
      }
      await cancelBatchTasks(client(), state.taskIds, report)
      return
    }
    const taskId = state.taskId as string
    if (!inputs.cancelOnAbort) {
      await report(
        `The main step was interrupted; task ${taskId} may still run upstream (cancel-on-abort is false, so it was left alone).`
      )
      return
    }
    const call = { signal: AbortSignal.timeout(POST_TIMEOUT_MS) }
    const current = await client().getStatus(taskId, call)
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
    const cancelled = await client().cancelTask(taskId, call)
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

/**
 * Cancels the batch's tasks that are still SUBMITTED: statuses come from one list request
 * (tasks it does not show are asked for one by one), cancels go a few at a time, and one
 * line reports how many were cancelled, refunded, left alone or could not be handled.
 */
async function cancelBatchTasks(client: Client, taskIds: string[], report: Report): Promise<void> {
  const call: CallOptions = { signal: AbortSignal.timeout(POST_TIMEOUT_MS) }
  const statuses = new Map<string, string>()
  const listed = await client.listTasks(call)
  if (listed.ok && listed.data !== null) {
    const ours = new Set(taskIds)
    for (const task of listed.data.tasks) if (ours.has(task.id)) statuses.set(task.id, task.status)
  }
  const problems: string[] = []
  for (const taskId of taskIds.filter(id => !statuses.has(id))) {
    const current = await client.getStatus(taskId, call)
    if (current.ok && current.status !== null) statuses.set(taskId, current.status)
    else problems.push(`status of ${taskId}: ${current.errorMessage ?? current.errorCode}`)
  }
  const submitted = taskIds.filter(id => statuses.get(id) === 'SUBMITTED')
  let cancelled = 0
  let refunded = 0
  const queue = [...submitted]
  const worker = async (): Promise<void> => {
    for (let taskId = queue.shift(); taskId !== undefined; taskId = queue.shift()) {
      const answer = await client.cancelTask(taskId, call)
      if (answer.ok) {
        cancelled++
        const credits = answer.data?.creditsRefunded
        if (typeof credits === 'number') refunded += credits
      } else {
        problems.push(
          `cancel of ${taskId} (now ${answer.status ?? 'unknown'}): ${answer.errorMessage ?? answer.errorCode}`
        )
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(CANCEL_CONCURRENCY, submitted.length) }, worker))
  const others = new Map<string, number>()
  for (const id of taskIds) {
    const status = statuses.get(id)
    if (status !== undefined && status !== 'SUBMITTED')
      others.set(status, (others.get(status) ?? 0) + 1)
  }
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
