import type { BatchItemResult, BatchProgress } from '../core/batch/batch.js'
import type { BatchData } from '../core/batch/batch-envelope.js'
import { performOperation } from '../core/operation/operation.js'
import { toOperationRequest } from './operation-request.js'
import { itemLabel } from '../core/batch/batch-validation.js'
import type { SpendDecision } from '../core/spend/spend-decision.js'
import type { Envelope } from '../core/api/envelope.js'
import type { CutOffCreate } from '../core/tasks/interrupt-settlement.js'
import { settleInterruptedBatch as settleBatch } from '../core/operation/interrupt-envelope.js'
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
  if (context.signal.aborted) return settleInterruptedBatch(data, job, creates, context)
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
 * After Ctrl-C the core claims the batch whole (`settleInterruptedBatch`), so an abandoned
 * batch costs only what already started; stderr says what became of each claimed job and
 * how to pick up the tasks that keep running.
 */
async function settleInterruptedBatch(
  data: BatchData,
  job: BatchJob,
  creates: ReadonlyMap<string, CutOffCreate>,
  { client, reporter }: CommandContext
): Promise<Envelope<BatchData>> {
  // Not bound to the aborted signal: these requests are the point of the interrupt.
  const settled = await settleBatch(client, data, creates, {
    onClaim: claimed =>
      reporter.note(
        `claiming ${claimed.length} task${claimed.length === 1 ? '' : 's'} that may still be SUBMITTED: ${claimed.map(c => `${c.label} (${c.taskId ?? 'create unanswered'})`).join(', ')}`
      )
  })
  for (const { outcome, label } of settled.outcomes) {
    reporter.note(`${label}: ${describeClaimOutcome(outcome)}`)
  }
  const { running, unsent } = settled
  if (running.length > 0) {
    const results = settled.envelope.data?.results ?? []
    reporter.note(
      `${running.length} task${running.length === 1 ? '' : 's'} keep running upstream: ${running.map(r => `${itemLabel(results.indexOf(r), r.name)} (${r.taskId}, ${r.status ?? 'pending'})`).join(', ')}`
    )
  }
  if (running.length > 0 || unsent.length > 0) reporter.note(resumeHint(job, running))
  return settled.envelope
}

function resumeHint(job: BatchJob, running: BatchItemResult[]): string {
  if (job.keyed) {
    return 'run the same command again to pick the batch up: with the same --idempotency-key, jobs whose tasks exist are replayed, not paid again'
  }
  const example = running[0]?.taskId ?? '<taskId>'
  return `collect a running task with: ${PROGRAM} --taskId ${example} --download <path>; add --idempotency-key auto next time, so that re-running a batch picks it up`
}
