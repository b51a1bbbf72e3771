import { isAbortError } from '../core/time/clock.js'
import { failureEnvelope, type Envelope } from '../core/api/envelope.js'
import { actionableMessage } from '../core/api/errors.js'
import type { CutOffCreate } from '../core/tasks/interrupt-settlement.js'
import { settleInterruptedRun as settleRun } from '../core/operation/interrupt-envelope.js'
import { describeClaimOutcome } from '../core/tasks/settlement-report.js'
import type { RunData } from '../core/run/workflow.js'
import { performOperation } from '../core/operation/operation.js'
import { toOperationRequest } from './operation-request.js'
import { runBatchCommand } from './batch-command.js'
import type { Invocation } from './invocation.js'
import type { CommandContext } from './types.js'

export type { CommandContext }

const PROGRAM = 'aivideomaker'

/**
 * Runs the invocation's action against the core and returns its envelope. Never throws
 * for API, network or interrupt outcomes: an interrupt becomes ABORTED (or, for a run
 * whose task was still SUBMITTED, TASK_CANCELLED after cancelling it).
 */
export async function executeAction(
  invocation: Invocation,
  context: CommandContext
): Promise<Envelope<unknown>> {
  const { signal } = context
  try {
    if (invocation.action === 'run') {
      return invocation.batch === undefined
        ? await runWorkflow(invocation, context)
        : await runBatchCommand(invocation, invocation.batch, context)
    }
    const outcome = await performOperation(toOperationRequest(invocation), {
      client: context.client,
      signal,
      onNote: note => context.reporter.note(note)
    })
    for (const warning of outcome.warnings) context.reporter.note(warning)
    return outcome.envelope
  } catch (error) {
    if (!signal.aborted && !isAbortError(error)) throw error
    return interruptedCall(invocation)
  }
}

async function runWorkflow(
  invocation: Invocation,
  context: CommandContext
): Promise<Envelope<RunData>> {
  const { reporter } = context
  // Kept in memory from before the create is sent, to claim its task after Ctrl-C.
  let sent: CutOffCreate | null = null
  const { envelope: outcome } = await performOperation(toOperationRequest(invocation), {
    client: context.client,
    signal: context.signal,
    onIdempotencyKey: (key, request) => {
      sent = { key, request }
    },
    onSpend: report => {
      if (report.quotedCredits !== null) {
        const balance = report.balance === null ? '' : `; balance ${report.balance}`
        reporter.note(
          `quoted ${report.quotedCredits} credits (max-credits ${invocation.maxCredits})${balance}`
        )
      }
    },
    onProgress: progress => reporter.progress(progress),
    onTaskId: (taskId, status) =>
      reporter.note(
        status === null
          ? `waiting for task ${taskId}`
          : `created task ${taskId} (${status}); Ctrl-C cancels it while it is SUBMITTED`
      ),
    onNote: note => reporter.note(note)
  })
  const envelope = outcome as Envelope<RunData>
  if (envelope.errorCode !== 'ABORTED') return envelope
  reporter.stop()
  return settleInterruptedRun(envelope, sent, context)
}

/**
 * After Ctrl-C stopped a run, the core claims its task (`settleInterruptedRun`), so an
 * abandoned command costs nothing; stderr says what became of it and, for a task further
 * along, how to pick it up again.
 */
async function settleInterruptedRun(
  envelope: Envelope<RunData>,
  sent: CutOffCreate | null,
  { client, reporter }: CommandContext
): Promise<Envelope<RunData>> {
  // Not bound to the aborted signal: these requests are the point of the interrupt.
  const settled = await settleRun(client, envelope, sent, {
    onClaim: ([claim]) =>
      reporter.note(
        claim?.taskId == null
          ? `claiming the task of the create cut off under Idempotency-Key ${claim?.key}…`
          : `cancelling task ${claim.taskId} (it is still SUBMITTED)…`
      )
  })
  if (settled.unclaimable) {
    reporter.note(
      'interrupted before a task id came back, and the create had no Idempotency-Key to claim it by; if it reached the service, --action listTasks shows the task'
    )
    return settled.envelope
  }
  for (const { outcome } of settled.outcomes) reporter.note(describeClaimOutcome(outcome))
  if (settled.envelope.errorCode === 'TASK_CANCELLED') return settled.envelope
  const id = settled.envelope.taskId
  if (id !== null) {
    reporter.note(
      `task ${id} is ${settled.envelope.status ?? 'pending'} and keeps running upstream. ` +
        `Resume waiting: ${PROGRAM} --taskId ${id}   Check it: ${PROGRAM} --action getStatus --taskId ${id}`
    )
  } else if (sent !== null) {
    reporter.note(
      `Resume without paying twice: run the same command with --idempotency-key ${sent.key}`
    )
  }
  return settled.envelope
}

function interruptedCall(invocation: Invocation): Envelope<unknown> {
  const what =
    invocation.action === 'createGeneration'
      ? 'Interrupted before the create was answered; if it reached the service, --action listTasks shows the task'
      : `Interrupted during ${invocation.action}`
  return failureEnvelope(
    { errorCode: 'ABORTED', errorMessage: actionableMessage('ABORTED', what) },
    { taskId: invocation.taskId ?? null }
  )
}
