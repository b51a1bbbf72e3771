import type { BatchItemResult, BatchProgress } from '../core/batch/batch.js'
import { batchEnvelope as coreBatchEnvelope, type BatchData } from '../core/batch/batch-envelope.js'
import { performOperation } from '../core/operation/operation.js'
import { toOperationRequest } from './operation-request.js'
import { itemLabel } from '../core/batch/batch-validation.js'
import { batchTotals } from '../core/batch/batch-ledger.js'
import type { SpendDecision } from '../core/spend/spend-decision.js'
import type { Envelope, Failure } from '../core/api/envelope.js'
import { actionableMessage } from '../core/api/errors.js'
import { cancelSubmittedTasks, type CancelOutcome } from '../core/tasks/task-cancellation.js'
import { cancelByIdempotencyKey } from '../core/tasks/key-cancellation.js'
import { describeFoundByKey } from './key-outcome.js'
import type { BatchJob } from './batch-input.js'
import type { CommandContext } from './types.js'
import type { Invocation } from './invocation.js'

export type { BatchData }

/** Cancels sent at once after Ctrl-C. */
const CANCEL_CONCURRENCY = 4

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
  // Save before you pay: a create cut off before its answer is found by its key.
  const keys = new Map<string, string>()
  // Without --idempotency-key the core picks a random base: a re-run creates new tasks,
  // as a single run does, while every create stays safe to retry within this run.
  const { envelope } = await performOperation(toOperationRequest(invocation), {
    client: context.client,
    signal: context.signal,
    onBatchIdempotencyKey: (name, key) => keys.set(name, key),
    onBatchSpend: decision => reportSpend(decision, context),
    onBatchProgress: progress => reportProgress(progress, label, context),
    onNote: note => context.reporter.note(note)
  })
  context.reporter.stop()
  const data = envelope.data as BatchData
  if (context.signal.aborted) return settleInterruptedBatch(data, job, label, keys, context)
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
  if (typeof credits === 'number') {
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
 * After Ctrl-C: every job whose task is still SUBMITTED is cancelled (refunded in full),
 * so an abandoned batch costs only what already started; tasks in PROGRESS keep running,
 * and stderr says how to pick them up.
 */
async function settleInterruptedBatch(
  data: BatchData,
  job: BatchJob,
  label: (name: string) => string,
  keys: ReadonlyMap<string, string>,
  { client, reporter }: CommandContext
): Promise<Envelope<BatchData>> {
  const results = [...data.results]
  const interrupted = (r: BatchItemResult): boolean => r.errorCode === 'ABORTED'
  // Ctrl-C after the last job finished changes nothing.
  if (!results.some(interrupted)) return batchEnvelope(data, null)
  const submitted = results.filter(
    r => interrupted(r) && r.taskId !== null && r.status === 'SUBMITTED'
  )
  if (submitted.length > 0) {
    reporter.note(
      `cancelling ${submitted.length} task${submitted.length === 1 ? '' : 's'} still SUBMITTED: ${submitted.map(r => `${label(r.name)} (${r.taskId})`).join(', ')}`
    )
  }
  // Not bound to the aborted signal: these requests are the point of the interrupt.
  const outcomes = await cancelSubmittedTasks(
    client,
    submitted.map(r => r.taskId as string),
    {
      concurrency: CANCEL_CONCURRENCY,
      knownStatuses: new Map(submitted.map(r => [r.taskId as string, 'SUBMITTED']))
    }
  )
  outcomes.forEach((outcome, k) => {
    const result = submitted[k]
    results[results.indexOf(result)] = settleCancel(result, outcome, label(result.name), reporter)
  })
  await cancelCutOffCreates(results, interrupted, keys, label, { client, reporter })
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

/** One interrupted job after its cancel: TASK_CANCELLED (refunded), or as it was with its newer status. */
function settleCancel(
  result: BatchItemResult,
  outcome: CancelOutcome,
  label: string,
  reporter: CommandContext['reporter']
): BatchItemResult {
  const taskId = outcome.taskId
  if (outcome.outcome !== 'cancelled') {
    const status = outcome.outcome === 'left' ? outcome.status : outcome.envelope.status
    const code = outcome.outcome === 'failed' ? outcome.envelope.errorCode : null
    reporter.note(`${label}: could not cancel task ${taskId} (${code})`)
    return status !== null && status !== result.status && result.data !== null
      ? { ...result, status, data: { ...result.data, status } }
      : result
  }
  const { status, creditsRefunded } = outcome
  reporter.note(`${label}: cancelled task ${taskId}; its credits are refunded`)
  const what = `${label}: interrupted; task ${taskId} was cancelled while it was still SUBMITTED`
  return {
    ...result,
    status,
    errorCode: 'TASK_CANCELLED',
    errorMessage: actionableMessage('TASK_CANCELLED', what),
    data:
      result.data === null
        ? null
        : {
            ...result.data,
            status,
            creditsRefunded: creditsRefunded ?? result.data.creditsCharged ?? null
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

/**
 * Jobs interrupted before their create answered: their tasks, if the creates reached the
 * service, are found by key with one list request and cancelled while SUBMITTED.
 */
async function cancelCutOffCreates(
  results: BatchItemResult[],
  interrupted: (r: BatchItemResult) => boolean,
  keys: ReadonlyMap<string, string>,
  label: (name: string) => string,
  { client, reporter }: Pick<CommandContext, 'client' | 'reporter'>
): Promise<void> {
  const cutOff = results.filter(r => interrupted(r) && r.taskId === null && keys.has(r.name))
  if (cutOff.length === 0) return
  // Not bound to the aborted signal: these requests are the point of the interrupt.
  const found = await cancelByIdempotencyKey(
    client,
    cutOff.map(r => keys.get(r.name) as string)
  )
  if (found.failure !== null) {
    reporter.note(
      `could not list the tasks to find those of ${cutOff.length} cut-off create(s): ${found.failure.errorCode}`
    )
    return
  }
  for (const outcome of found.outcomes) reporter.note(describeFoundByKey(outcome))
  if (found.notFound.length > 0) {
    reporter.note(
      `${found.notFound.length} cut-off create(s) left no task under their keys (nothing charged so far): ${cutOff
        .filter(r => found.notFound.includes(keys.get(r.name) as string))
        .map(r => label(r.name))
        .join(', ')}`
    )
  }
}
