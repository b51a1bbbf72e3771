import type { BatchItemResult, BatchProgress } from '../core/batch/batch.js'
import { batchEnvelope as coreBatchEnvelope, type BatchData } from '../core/batch/batch-envelope.js'
import { performOperation } from '../core/operation/operation.js'
import { toOperationRequest } from './operation-request.js'
import { itemLabel } from '../core/batch/batch-validation.js'
import { batchTotals } from '../core/batch/batch-ledger.js'
import type { SpendDecision } from '../core/spend/spend-decision.js'
import type { Envelope, Failure } from '../core/api/envelope.js'
import { actionableMessage } from '../core/api/errors.js'
import {
  settleInterrupt,
  type ClaimOutcome,
  type CutOffCreate
} from '../core/tasks/interrupt-settlement.js'
import { describeClaimOutcome } from '../core/tasks/settlement-report.js'
import type { BatchJob } from './batch-input.js'
import type { CommandContext } from './types.js'
import type { Invocation } from './invocation.js'

export type { BatchData }

const PROGRAM = 'aivideomaker'

/**
 * Runs a batch: quotes every job that does not already have a task (nothing is created
 * when the quotes exceed a cap or the balance), then `runBatch` within one deadline that
 * the quotes count against too. Reports each creation and each finished job on stderr,
 * plus the polling cycles. After Ctrl-C every job still SUBMITTED is cancelled. Never
 * throws for API, network, timeout or interrupt outcomes.
 */
export async function runBatchCommand(
  invocation: Invocation,
  job: BatchJob,
  context: CommandContext
): Promise<Envelope<BatchData>> {
  const labels = new Map(job.items.map((item, index) => [item.name, itemLabel(index, item.name)]))
  const label = (name: string): string => labels.get(name) ?? JSON.stringify(name)
  // Save before you pay: a create cut off before its answer is claimed by its key and request.
  const creates = new Map<string, CutOffCreate>()
  // Without --idempotency-key the core picks a random base: a re-run creates new tasks,
  // as a single run does, while every create stays safe to retry within this run.
  const { envelope } = await performOperation(toOperationRequest(invocation), {
    client: context.client,
    signal: context.signal,
    onBatchIdempotencyKey: (name, key, request) => creates.set(name, { key, request }),
    onBatchSpend: decision => reportSpend(decision, context),
    onBatchProgress: progress => reportProgress(progress, label, context),
    onNote: note => context.reporter.note(note)
  })
  context.reporter.stop()
  const data = envelope.data as BatchData
  if (context.signal.aborted) return settleInterruptedBatch(data, job, label, creates, context)
  const late = data.results.filter(r => r.errorCode === 'TIMEOUT' && r.taskId !== null)
  if (late.length > 0) {
    context.reporter.note(
      `${late.length} task${late.length === 1 ? ' was' : 's were'} still running at the deadline; ${resumeHint(job, late)}`
    )
  }
  return envelope as Envelope<BatchData>
}

function reportProgress(
  progress: BatchProgress,
  label: (name: string) => string,
  { reporter, signal }: CommandContext
): void {
  const { event } = progress
  switch (event.type) {
    case 'created':
      reporter.note(
        event.replay
          ? `${label(event.name)}: task ${event.taskId} replayed (it exists already; not paid again)`
          : `${label(event.name)}: task ${event.taskId} created (${event.status ?? 'pending'})`
      )
      return
    case 'finished':
      // After Ctrl-C the interrupted jobs are reported together, with what became of them.
      if (signal.aborted && event.result.errorCode === 'ABORTED') return
      reporter.note(describeFinished(label(event.name), event.result))
      return
    case 'poll':
      reporter.batch({
        items: progress.items,
        done: progress.completed + progress.failed,
        failed: progress.failed,
        elapsedMs: progress.elapsedMs,
        nextPollMs: event.nextPollMs
      })
      return
    case 'status':
      return
    default: {
      const unknownEvent: never = event
      throw new Error(`unhandled batch event ${JSON.stringify(unknownEvent)}`)
    }
  }
}

/** `item 2 "fox": COMPLETED, task ck1, 15 credits, saved to out/fox.mp4` or `item 2 "fox": TASK_FAILED, task ck1`. */
function describeFinished(label: string, result: BatchItemResult): string {
  const task = result.taskId === null ? 'no task' : `task ${result.taskId}`
  if (!result.ok)
    return `${label}: ${result.errorCode}, ${task}${result.status ? ` (${result.status})` : ''}`
  const credits = result.data?.creditsCharged
  const parts = [`${label}: ${result.status}`, task]
  const cache = result.data?.cache
  if (cache?.reused) {
    parts.push(`reused from the cache (nothing sent, ${cache.creditsSaved} credits saved)`)
  } else if (typeof credits === 'number') {
    parts.push(
      `${credits} credits${result.data?.idempotentReplay ? ' (paid by an earlier run)' : ''}`
    )
  }
  if (result.data?.download) parts.push(`saved to ${result.data.download.path}`)
  return parts.join(', ')
}

/** The quotes of the jobs to create, before the first create. */
function reportSpend(decision: SpendDecision, { reporter }: CommandContext): void {
  const { report, replayed } = decision
  const quoted = report.quotes.length
  if (decision.refusal === null && quoted > 0) {
    const balance = report.balance === null ? '' : `; balance ${report.balance}`
    const total = report.quotes.reduce((sum, quote) => sum + quote.credits, 0)
    reporter.note(
      `quoted ${quoted} job${quoted === 1 ? '' : 's'}: ${total} credits${balance}` +
        (replayed > 0 ? ` (${replayed} resumed, not quoted)` : '')
    )
  }
}

/**
 * After Ctrl-C the batch is claimed whole (`settleInterrupt`): every interrupted job whose
 * task may still be SUBMITTED is cancelled by its id, and a job whose create never answered
 * has its task found by key or its create replayed, then cancelled (refunded in full), so an
 * abandoned batch costs only what already started; tasks in PROGRESS keep running, and
 * stderr says how to pick them up.
 */
async function settleInterruptedBatch(
  data: BatchData,
  job: BatchJob,
  label: (name: string) => string,
  creates: ReadonlyMap<string, CutOffCreate>,
  { client, reporter }: CommandContext
): Promise<Envelope<BatchData>> {
  const results = [...data.results]
  const interrupted = (r: BatchItemResult): boolean => r.errorCode === 'ABORTED'
  // Ctrl-C after the last job finished changes nothing.
  if (!results.some(interrupted)) return batchEnvelope(data, null)
  const mayBeSubmitted = results.filter(
    r => interrupted(r) && r.taskId !== null && (r.status === null || r.status === 'SUBMITTED')
  )
  const cutOff = results.filter(r => interrupted(r) && r.taskId === null && creates.has(r.name))
  const claimed = mayBeSubmitted.length + cutOff.length
  if (claimed > 0) {
    reporter.note(
      `claiming ${claimed} task${claimed === 1 ? '' : 's'} that may still be SUBMITTED: ${[...mayBeSubmitted, ...cutOff].map(r => `${label(r.name)} (${r.taskId ?? 'create unanswered'})`).join(', ')}`
    )
  }
  // Not bound to the aborted signal: these requests are the point of the interrupt.
  const settlement = await settleInterrupt(client, {
    taskIds: mayBeSubmitted.map(r => r.taskId as string),
    creates: cutOff.map(r => creates.get(r.name) as CutOffCreate)
  })
  for (const outcome of settlement.outcomes) {
    const result =
      outcome.taskId !== null && mayBeSubmitted.some(r => r.taskId === outcome.taskId)
        ? mayBeSubmitted.find(r => r.taskId === outcome.taskId)
        : cutOff.find(r => creates.get(r.name)?.key === outcome.key)
    if (result === undefined) continue
    reporter.note(`${label(result.name)}: ${describeClaimOutcome(outcome)}`)
    results[results.indexOf(result)] = settleResult(result, outcome, label(result.name))
  }
  const running = results.filter(r => interrupted(r) && r.taskId !== null)
  const unsent = results.filter(r => interrupted(r) && r.taskId === null)
  if (running.length > 0) {
    reporter.note(
      `${running.length} task${running.length === 1 ? '' : 's'} keep running upstream: ${running.map(r => `${label(r.name)} (${r.taskId}, ${r.status ?? 'pending'})`).join(', ')}`
    )
  }
  const hint = running.length > 0 || unsent.length > 0 ? resumeHint(job, running) : null
  if (hint !== null) reporter.note(hint)
  const cancelledCount = results.filter(r => r.errorCode === 'TASK_CANCELLED').length
  // The generic ABORTED advice speaks of one task; a batch has its own next step.
  const message =
    `Interrupted: ${cancelledCount} SUBMITTED task${cancelledCount === 1 ? '' : 's'} cancelled (refunded), ` +
    `${running.length} still running upstream, ${unsent.length} not created, ` +
    `${results.filter(r => r.ok).length} of ${results.length} completed` +
    (hint === null ? '.' : `. To go on: ${hint}.`)
  return batchEnvelope(
    { totals: { ...batchTotals(results), creditsQuoted: data.totals.creditsQuoted }, results },
    { errorCode: 'ABORTED', errorMessage: message }
  )
}

/** One interrupted job after its claim: TASK_CANCELLED (with upstream's refund), or as it was with its newer status. */
function settleResult(
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

function resumeHint(job: BatchJob, running: BatchItemResult[]): string {
  if (job.keyed) {
    return 'run the same command again to pick the batch up: with the same --idempotency-key, jobs whose tasks exist are replayed, not paid again'
  }
  const example = running[0]?.taskId ?? '<taskId>'
  return `collect a running task with: ${PROGRAM} --taskId ${example} --download <path>; add --idempotency-key auto next time, so that re-running a batch picks it up`
}

/** The batch's envelope, as the core makes it (see batch-envelope.ts). */
function batchEnvelope(data: BatchData, failure: Failure | null): Envelope<BatchData> {
  return coreBatchEnvelope(
    { results: data.results, totals: data.totals, errorMessage: null },
    data.totals.creditsQuoted,
    failure
  )
}
