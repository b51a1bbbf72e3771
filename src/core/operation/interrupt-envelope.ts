import { failureEnvelope, type Envelope } from '../api/envelope.js'
import { actionableMessage } from '../api/errors.js'
import {
  settleInterrupt,
  type ClaimOutcome,
  type CutOffCreate,
  type SettleClient,
  type SettleOptions
} from '../tasks/interrupt-settlement.js'
import type { RunData } from '../run/workflow.js'
import type { BatchItemResult } from '../batch/types.js'
import { batchEnvelope, type BatchData } from '../batch/batch-envelope.js'
import { batchTotals } from '../batch/batch-ledger.js'
import { itemLabel } from '../batch/batch-validation.js'

/** A claim's outcome, with the batch item it belongs to (null for a single run). */
export interface ItemOutcome {
  outcome: ClaimOutcome
  /** The item's label (`item 2 "fox"`), or null for a single run. */
  label: string | null
}

export interface InterruptSettlementOptions extends SettleOptions {
  /** Called before the claim with what it will claim, so a face can say so. */
  onClaim?: (claimed: { label: string | null; taskId: string | null; key: string | null }[]) => void
}

/** The envelope an interrupt ends with, after its claim, and what the claim did. */
export interface SettledInterrupt<T> {
  envelope: Envelope<T>
  outcomes: ItemOutcome[]
  /** Nothing could be claimed: no task id came back and the create had no key. */
  unclaimable: boolean
}

/**
 * After an interrupt stopped a single run, its task is claimed (`settleInterrupt`): a task
 * that may still be SUBMITTED is cancelled (refunded in full) and the run ends TASK_CANCELLED
 * with upstream's refund; a create whose answer never came back is found by its key or
 * replayed, then cancelled. A task further along keeps running, and the run stays ABORTED
 * with the task's newest status. Both faces end an interrupted run with this.
 */
export async function settleInterruptedRun(
  client: SettleClient,
  envelope: Envelope<RunData>,
  sent: CutOffCreate | null,
  options: InterruptSettlementOptions = {}
): Promise<SettledInterrupt<RunData>> {
  const taskId = envelope.taskId
  if (taskId === null && sent === null) return { envelope, outcomes: [], unclaimable: true }
  const isRunning = taskId !== null && envelope.status !== null && envelope.status !== 'SUBMITTED'
  if (isRunning) return { envelope, outcomes: [], unclaimable: false }
  options.onClaim?.([{ label: null, taskId, key: taskId === null ? (sent?.key ?? null) : null }])
  const settlement = await settleInterrupt(
    client,
    taskId === null
      ? { taskIds: [], creates: sent === null ? [] : [sent] }
      : { taskIds: [taskId], creates: [] },
    options
  )
  const outcomes = settlement.outcomes.map(outcome => ({ outcome, label: null }))
  const [outcome] = settlement.outcomes
  if (outcome?.kind === 'cancelled') {
    return { envelope: cancelledRun(envelope, outcome), outcomes, unclaimable: false }
  }
  if (outcome?.kind === 'left' && outcome.status !== null) {
    // The task moved on since the last poll; say where it is now.
    const status = outcome.status
    envelope = {
      ...envelope,
      taskId: outcome.taskId,
      status,
      errorMessage: actionableMessage(
        'ABORTED',
        `The run was interrupted; task ${outcome.taskId} is now ${status}`
      ),
      data: envelope.data === null ? null : { ...envelope.data, taskId: outcome.taskId, status }
    }
  }
  return { envelope, outcomes, unclaimable: false }
}

/** TASK_CANCELLED, with the task the claim cancelled and the credits upstream refunded. */
function cancelledRun(
  envelope: Envelope<RunData>,
  outcome: Extract<ClaimOutcome, { kind: 'cancelled' }>
): Envelope<RunData> {
  const { taskId } = outcome
  const status = 'CANCEL'
  return failureEnvelope<RunData>(
    {
      errorCode: 'TASK_CANCELLED',
      errorMessage: actionableMessage(
        'TASK_CANCELLED',
        `Interrupted: task ${taskId} was cancelled while it was still SUBMITTED`
      )
    },
    {
      taskId,
      status,
      data:
        envelope.data === null
          ? null
          : {
              ...envelope.data,
              taskId,
              status,
              creditsCharged: envelope.data.creditsCharged ?? outcome.creditsCharged,
              creditsRefunded: outcome.creditsRefunded
            }
    }
  )
}

/** What an interrupted batch left after its claim, beside its envelope. */
export interface SettledBatch extends SettledInterrupt<BatchData> {
  /** Interrupted items whose tasks keep running upstream. */
  running: BatchItemResult[]
  /** Interrupted items that have no task. */
  unsent: BatchItemResult[]
}

/**
 * After an interrupt the batch is claimed whole (`settleInterrupt`): every interrupted item
 * whose task may still be SUBMITTED is cancelled by its id, and an item whose create never
 * answered has its task found by key or its create replayed, then cancelled (refunded in
 * full). Tasks in PROGRESS keep running. The batch ends ABORTED with one message that sums
 * up the claim; each face adds its own way to go on.
 */
export async function settleInterruptedBatch(
  client: SettleClient,
  data: BatchData,
  creates: ReadonlyMap<string, CutOffCreate>,
  options: InterruptSettlementOptions = {}
): Promise<SettledBatch> {
  const results = [...data.results]
  const label = (result: BatchItemResult): string =>
    itemLabel(data.results.indexOf(result), result.name)
  const interrupted = (r: BatchItemResult): boolean => r.errorCode === 'ABORTED'
  // An interrupt after the last item finished changes nothing.
  if (!results.some(interrupted)) {
    return {
      envelope: batchEnvelope(
        { results, totals: data.totals, errorMessage: null },
        data.totals.creditsQuoted
      ),
      outcomes: [],
      unclaimable: false,
      running: [],
      unsent: []
    }
  }
  const mayBeSubmitted = results.filter(
    r => interrupted(r) && r.taskId !== null && (r.status === null || r.status === 'SUBMITTED')
  )
  const cutOff = results.filter(r => interrupted(r) && r.taskId === null && creates.has(r.name))
  if (mayBeSubmitted.length + cutOff.length > 0) {
    options.onClaim?.(
      [...mayBeSubmitted, ...cutOff].map(r => ({
        label: label(r),
        taskId: r.taskId,
        key: r.taskId === null ? (creates.get(r.name)?.key ?? null) : null
      }))
    )
  }
  const settlement = await settleInterrupt(
    client,
    {
      taskIds: mayBeSubmitted.map(r => r.taskId as string),
      creates: cutOff.map(r => creates.get(r.name) as CutOffCreate)
    },
    options
  )
  const outcomes: ItemOutcome[] = []
  for (const outcome of settlement.outcomes) {
    const result =
      outcome.taskId !== null && mayBeSubmitted.some(r => r.taskId === outcome.taskId)
        ? mayBeSubmitted.find(r => r.taskId === outcome.taskId)
        : cutOff.find(r => creates.get(r.name)?.key === outcome.key)
    if (result === undefined) continue
    outcomes.push({ outcome, label: label(result) })
    results[results.indexOf(result)] = settleItem(result, outcome, label(result))
  }
  const running = results.filter(r => interrupted(r) && r.taskId !== null)
  const unsent = results.filter(r => interrupted(r) && r.taskId === null)
  const cancelledCount = results.filter(r => r.errorCode === 'TASK_CANCELLED').length
  // The generic ABORTED advice speaks of one task; a batch's next step is the face's to word.
  const message =
    `Interrupted: ${cancelledCount} SUBMITTED task${cancelledCount === 1 ? '' : 's'} cancelled (refunded), ` +
    `${running.length} still running upstream, ${unsent.length} not created, ` +
    `${results.filter(r => r.ok).length} of ${results.length} completed.`
  const envelope = batchEnvelope(
    {
      results,
      totals: batchTotals(results),
      errorMessage: null
    },
    data.totals.creditsQuoted,
    { errorCode: 'ABORTED', errorMessage: message }
  )
  return { envelope, outcomes, unclaimable: false, running, unsent }
}

/** One interrupted item after its claim: TASK_CANCELLED (with upstream's refund), or as it was with its newer status. */
function settleItem(
  result: BatchItemResult,
  outcome: ClaimOutcome,
  label: string
): BatchItemResult {
  if (outcome.kind === 'unhandled') return result
  const { taskId } = outcome
  if (outcome.kind === 'left') {
    const status = outcome.status ?? result.status
    return {
      ...result,
      taskId,
      status,
      data: result.data === null ? null : { ...result.data, taskId, status }
    }
  }
  const status = 'CANCEL'
  const what = `${label}: interrupted; task ${taskId} was cancelled while it was still SUBMITTED`
  return {
    ...result,
    taskId,
    status,
    errorCode: 'TASK_CANCELLED',
    errorMessage: actionableMessage('TASK_CANCELLED', what),
    data:
      result.data === null
        ? null
        : {
            ...result.data,
            taskId,
            status,
            creditsCharged: result.data.creditsCharged ?? outcome.creditsCharged,
            creditsRefunded: outcome.creditsRefunded
          }
  }
}
