import { isAbortError } from '../core/time/clock.js'
import { failureEnvelope, type Envelope } from '../core/api/envelope.js'
import { actionableMessage } from '../core/api/errors.js'
import {
  settleInterrupt,
  type ClaimOutcome,
  type CutOffCreate
} from '../core/tasks/interrupt-settlement.js'
import { describeClaimOutcome } from '../core/tasks/settlement-report.js'
import { run, type RunData } from '../core/run/workflow.js'
import { runBatchCommand } from './batch-command.js'
import { quoteBatch } from '../core/batch/batch-quote.js'
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
  const { client, signal } = context
  try {
    switch (invocation.action) {
      case 'run':
        return invocation.batch === undefined
          ? await runWorkflow(invocation, context)
          : await runBatchCommand(invocation, invocation.batch, context)
      case 'createGeneration':
        return await client.createGeneration(invocation.model ?? '', invocation.payload, {
          idempotencyKey: invocation.idempotencyKey,
          maxCredits: invocation.maxCredits,
          webhookUrl: invocation.webhookUrl,
          signal
        })
      case 'getStatus':
        return await client.getStatus(invocation.taskId ?? '', { signal })
      case 'getTask':
        return await client.getTask(invocation.taskId ?? '', { signal })
      case 'cancelTask':
        return await client.cancelTask(invocation.taskId ?? '', { signal })
      case 'listTasks':
        return await client.listTasks({ signal })
      case 'account':
        return await client.account({ signal })
      case 'quote':
        return invocation.batch === undefined
          ? await client.quote(invocation.model ?? '', invocation.payload, { signal })
          : await quoteBatch(invocation.batch.items, {
              client,
              signal,
              maxTotalCredits: invocation.batch.maxTotalCredits
            })
      default: {
        const unknownAction: never = invocation.action
        throw new Error(`unhandled action ${String(unknownAction)}`)
      }
    }
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
  const envelope = await run(
    {
      model: invocation.model ?? '',
      payload: invocation.payload,
      taskId: invocation.taskId,
      idempotencyKey: invocation.idempotencyKey,
      // An explicit or auto key is the same on every run of the same command.
      idempotencyKeyUsedBefore: invocation.idempotencyKey !== undefined,
      maxCredits: invocation.maxCredits,
      webhookUrl: invocation.webhookUrl,
      waitTimeoutMs: invocation.waitTimeoutMs,
      pollIntervalMs: invocation.pollIntervalMs,
      download: invocation.download === undefined ? undefined : { path: invocation.download },
      ...invocation.cache
    },
    {
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
    }
  )
  if (envelope.errorCode !== 'ABORTED') return envelope
  reporter.stop()
  return settleInterruptedRun(envelope, sent, context)
}

/**
 * After Ctrl-C stopped a run, its task is claimed (`settleInterrupt`): a task that may still
 * be SUBMITTED is cancelled (refunded in full), and a create whose answer never came back is
 * found by its key or replayed, then cancelled, so an abandoned command costs nothing. A task
 * further along keeps running upstream, and the user is told how to pick it up again.
 */
async function settleInterruptedRun(
  envelope: Envelope<RunData>,
  sent: CutOffCreate | null,
  { client, reporter }: CommandContext
): Promise<Envelope<RunData>> {
  const taskId = envelope.taskId
  if (taskId === null && sent === null) {
    reporter.note(
      'interrupted before a task id came back, and the create had no Idempotency-Key to claim it by; if it reached the service, --action listTasks shows the task'
    )
    return envelope
  }
  const isRunning = taskId !== null && envelope.status !== null && envelope.status !== 'SUBMITTED'
  if (!isRunning) {
    reporter.note(
      taskId === null
        ? `claiming the task of the create cut off under Idempotency-Key ${sent?.key}…`
        : `cancelling task ${taskId} (it is still SUBMITTED)…`
    )
    // Not bound to the aborted signal: these requests are the point of the interrupt.
    const settlement = await settleInterrupt(
      client,
      taskId === null
        ? { taskIds: [], creates: sent === null ? [] : [sent] }
        : { taskIds: [taskId], creates: [] }
    )
    for (const outcome of settlement.outcomes) reporter.note(describeClaimOutcome(outcome))
    const [outcome] = settlement.outcomes
    if (outcome?.kind === 'cancelled') return cancelledEnvelope(envelope, outcome)
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
  }
  const id = envelope.taskId
  if (id !== null) {
    reporter.note(
      `task ${id} is ${envelope.status ?? 'pending'} and keeps running upstream. ` +
        `Resume waiting: ${PROGRAM} --taskId ${id}   Check it: ${PROGRAM} --action getStatus --taskId ${id}`
    )
  } else if (sent !== null) {
    reporter.note(
      `Resume without paying twice: run the same command with --idempotency-key ${sent.key}`
    )
  }
  return envelope
}

/** TASK_CANCELLED, with the task the claim cancelled and the credits upstream refunded. */
function cancelledEnvelope(
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
