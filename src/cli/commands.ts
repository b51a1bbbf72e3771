import { isAbortError } from '../core/time/clock.js'
import type { Client } from '../core/api/client.js'
import { failureEnvelope, type Envelope } from '../core/api/envelope.js'
import { actionableMessage } from '../core/api/errors.js'
import { cancelSubmittedTasks } from '../core/tasks/task-cancellation.js'
import { cancelByIdempotencyKey } from '../core/tasks/key-cancellation.js'
import { describeFoundByKey } from './key-outcome.js'
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
  // Kept in memory from before the create is sent, to find its task after Ctrl-C.
  let sentKey: string | null = null
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
      download: invocation.download === undefined ? undefined : { path: invocation.download }
    },
    {
      client: context.client,
      signal: context.signal,
      onIdempotencyKey: key => {
        sentKey = key
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
  return settleInterruptedRun(envelope, sentKey, context)
}

/**
 * After Ctrl-C stopped a run: a task still SUBMITTED is cancelled (refunded in full), so
 * an abandoned command costs nothing; any other task keeps running upstream, and the
 * user is told how to pick it up again.
 */
async function settleInterruptedRun(
  envelope: Envelope<RunData>,
  sentKey: string | null,
  { client, reporter }: CommandContext
): Promise<Envelope<RunData>> {
  const taskId = envelope.taskId
  if (taskId === null) return settleCutOffCreate(envelope, sentKey, client, reporter)
  let status = envelope.status
  if (status === 'SUBMITTED') {
    reporter.note(`cancelling task ${taskId} (it is still SUBMITTED)…`)
    // Not bound to the aborted signal: this request is the point of the interrupt.
    const [outcome] = await cancelSubmittedTasks(client, [taskId], {
      knownStatuses: new Map([[taskId, status]])
    })
    if (outcome.outcome === 'cancelled') {
      const finalStatus = outcome.status
      reporter.note(`cancelled task ${taskId}; its credits are refunded`)
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
          status: finalStatus,
          data: envelope.data === null ? null : { ...envelope.data, status: finalStatus }
        }
      )
    }
    const refused = outcome.outcome === 'failed' ? outcome.envelope : null
    reporter.note(`could not cancel task ${taskId}: ${refused?.errorCode ?? 'UNKNOWN_ERROR'}`)
    const now = refused?.status ?? null
    if (now !== null && now !== status) {
      // The task moved on since the last poll; say where it is now.
      status = now
      envelope = {
        ...envelope,
        status,
        errorMessage: actionableMessage(
          'ABORTED',
          `The run was interrupted; task ${taskId} is now ${status}`
        ),
        data: envelope.data === null ? null : { ...envelope.data, status }
      }
    }
  }
  reporter.note(
    `task ${taskId} is ${status ?? 'pending'} and keeps running upstream. ` +
      `Resume waiting: ${PROGRAM} --taskId ${taskId}   Check it: ${PROGRAM} --action getStatus --taskId ${taskId}`
  )
  return envelope
}

/**
 * Ctrl-C before the create was answered: with a key, the task (if the create reached the
 * service) is found by it through the list and cancelled while SUBMITTED; the hint names
 * the key, so the same command resumes instead of paying again.
 */
async function settleCutOffCreate(
  envelope: Envelope<RunData>,
  sentKey: string | null,
  client: Client,
  reporter: CommandContext['reporter']
): Promise<Envelope<RunData>> {
  if (sentKey === null) {
    reporter.note(
      `interrupted before a task was created; if the create had reached the service, --action listTasks shows the task`
    )
    return envelope
  }
  // Not bound to the aborted signal: this request is the point of the interrupt.
  const found = await cancelByIdempotencyKey(client, [sentKey])
  const outcome = found.outcomes[0]
  if (found.failure !== null) {
    reporter.note(
      `could not list the tasks to find the one under the key: ${found.failure.errorCode}`
    )
  } else if (outcome === undefined) {
    reporter.note(
      `no task exists under Idempotency-Key ${sentKey}: the create got no answer, and the service shows no task under its key (nothing charged so far)`
    )
  } else if (outcome.outcome === 'cancelled') {
    reporter.note(describeFoundByKey(outcome))
    return failureEnvelope<RunData>(
      {
        errorCode: 'TASK_CANCELLED',
        errorMessage: actionableMessage(
          'TASK_CANCELLED',
          `Interrupted: task ${outcome.taskId} was cancelled while it was still SUBMITTED`
        )
      },
      {
        taskId: outcome.taskId,
        status: outcome.status,
        data:
          envelope.data === null
            ? null
            : { ...envelope.data, taskId: outcome.taskId, status: outcome.status }
      }
    )
  } else {
    reporter.note(describeFoundByKey(outcome))
  }
  reporter.note(
    `Resume without paying twice: run the same command with --idempotency-key ${sentKey}`
  )
  return envelope
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
