import * as core from '@actions/core'
import { createClient } from '../core/api/client.js'
import { failureEnvelope } from '../core/api/envelope.js'
import type { OperationName } from '../core/api/operation-names.js'
import { performOperation } from '../core/operation/operation.js'
import type { OperationHooks, OperationRequest } from '../core/operation/types.js'
import type { QuoteData } from '../core/api/client.js'
import type { RunData } from '../core/run/workflow.js'
import type { WaitProgress } from '../core/watch/wait.js'
import type { ActionRequest } from './action-request.js'
import { batchHooks, reportBatch } from './batch-step.js'
import type { BatchQuoteData } from '../core/batch/batch-quote.js'
import type { ActionDeps, ActionResult } from './types.js'
import { readRunContext } from './run-context.js'
import { createProgressLogger, logRetry } from './progress.js'
import { logLine } from './sinks/workflow-log.js'
import type { Envelope } from '../core/api/envelope.js'
import type { BatchData } from '../core/batch/batch-envelope.js'
import type { CutOffCreate, SettleClient } from '../core/tasks/interrupt-settlement.js'
import { describeClaimOutcome } from '../core/tasks/settlement-report.js'
import {
  settleInterruptedBatch,
  settleInterruptedRun
} from '../core/operation/interrupt-envelope.js'

export type { ActionDeps, ActionResult }

const USER_AGENT = 'aivideomaker-action (GitHub Action)'

/** A result that reports nothing yet: an UNKNOWN_ERROR envelope saying `errorMessage`. */
export function emptyResult(
  action: OperationName,
  model: string,
  errorMessage: string
): ActionResult {
  return {
    action,
    model,
    envelope: failureEnvelope({ errorCode: 'UNKNOWN_ERROR', errorMessage }),
    videoUrl: null,
    videoPath: null,
    quote: null,
    results: null,
    batch: null,
    spend: null,
    notes: [],
    warnings: []
  }
}

/**
 * Performs the `action` input's operation through the core's operation layer and keeps
 * what the step reports. Never throws for API, network or timeout failures (they come
 * back in the envelope); throws only when the signal aborts an operation that has no
 * ABORTED envelope of its own.
 */
export async function performAction(
  request: ActionRequest,
  deps: ActionDeps
): Promise<ActionResult> {
  const client = createClient({
    apiKey: request.apiKey,
    baseUrl: request.baseUrl,
    timeoutMs: request.requestTimeoutMs,
    maxRetries: request.maxRetries,
    userAgent: USER_AGENT,
    onRetry: logRetry
  })
  if (request.action === 'run' && request.taskId !== undefined) {
    core.info(logLine(`Resuming task ${request.taskId}`))
  }
  // Each create's key and request, kept to claim a create cut off by an interrupt.
  const creates = new Map<string, CutOffCreate>()
  const tracked: ActionDeps = {
    ...deps,
    onIdempotencyKey: (key, sent) => {
      creates.set('', { key, request: sent })
      deps.onIdempotencyKey(key, sent)
    },
    onBatchIdempotencyKey: (name, key, sent) => {
      creates.set(name, { key, request: sent })
      deps.onBatchIdempotencyKey(name, key, sent)
    }
  }
  const outcome = await performOperation(toOperationRequest(request), {
    client,
    signal: deps.signal,
    ...hooks(request, tracked)
  })
  const result = emptyResult(request.action, request.model, '')
  const envelope =
    // cancel-on-abort: false leaves every task as it is (the post step says so).
    deps.signal.aborted && request.action === 'run' && request.cancelOnAbort
      ? await settleInterruptedStep(client, request, outcome.envelope, creates, deps)
      : outcome.envelope
  const data = envelope.data as Partial<RunData & QuoteData> | null
  result.envelope = envelope
  result.spend = outcome.spend
  result.notes = outcome.notes
  result.warnings = outcome.warnings
  result.videoPath = outcome.videoPath
  if (request.batch !== undefined && request.action === 'run') {
    return reportBatch(result, request.batch)
  }
  result.videoUrl = data?.videoUrl ?? null
  result.model = (typeof data?.model === 'string' && data.model) || request.model
  if (request.action === 'quote') {
    const batchQuote = request.batch === undefined ? null : (envelope.data as BatchQuoteData | null)
    result.quote =
      request.batch === undefined
        ? { credits: data?.credits ?? null, affordable: data?.affordable ?? null }
        : { credits: batchQuote?.totalCredits ?? null, affordable: batchGoesAhead(batchQuote) }
  }
  return result
}

/**
 * After the runner's SIGINT/SIGTERM the step claims what it left in the process, as the
 * CLI does after Ctrl-C (the core's `settleInterruptedRun`/`settleInterruptedBatch`): a
 * SUBMITTED task is cancelled and refunded and the step ends TASK_CANCELLED; a task further
 * along keeps running and the step ends ABORTED. The claim ends by `claimDeadline`, before
 * the runner kills the step; what it did not settle is the post step's. With
 * `cancel-on-abort: false` nothing is claimed.
 */
async function settleInterruptedStep(
  client: SettleClient,
  request: ActionRequest,
  envelope: Envelope<unknown>,
  creates: ReadonlyMap<string, CutOffCreate>,
  deps: ActionDeps
): Promise<Envelope<unknown>> {
  const options = { deadline: deps.claimDeadline() }
  const settled =
    request.batch === undefined
      ? envelope.errorCode === 'ABORTED'
        ? await settleInterruptedRun(
            client,
            envelope as Envelope<RunData>,
            envelope.taskId === null ? (creates.get('') ?? null) : null,
            options
          )
        : null
      : await settleInterruptedBatch(client, envelope.data as BatchData, creates, options)
  if (settled === null) return envelope
  for (const { outcome, label } of settled.outcomes) {
    core.info(logLine(`${label === null ? '' : `${label}: `}${describeClaimOutcome(outcome)}`))
  }
  deps.onSettled(settled.outcomes.map(({ outcome }) => outcome))
  return settled.envelope
}

/** The action's inputs as the core's request: `auto` keys derive from this workflow step. */
function toOperationRequest(request: ActionRequest): OperationRequest {
  return {
    operation: request.action,
    model: request.model,
    payload: request.payload,
    taskId: request.taskId,
    idempotency: request.idempotency,
    keyScope: { kind: 'step', context: readRunContext() },
    maxCredits: request.maxCredits,
    webhookUrl: request.webhookUrl,
    waitTimeoutMs: request.waitTimeoutMs,
    pollIntervalMs: request.pollIntervalMs,
    download: request.download,
    ...request.cache,
    batch:
      request.batch === undefined
        ? undefined
        : {
            items: request.batch.items,
            contentHash: request.batch.contentHash,
            concurrency: request.batch.concurrency,
            continueOnInvalid: request.batch.continueOnInvalid,
            maxTotalCredits: request.batch.maxTotalCredits,
            download: request.batch.download
          }
  }
}

/** What the step logs and saves while the core works. */
function hooks(request: ActionRequest, deps: ActionDeps): OperationHooks {
  const logProgress = createProgressLogger()
  return {
    onIdempotencyKey: deps.onIdempotencyKey,
    onTaskId: deps.onTaskId,
    onProgress: (progress: WaitProgress) => {
      deps.onStatus(progress.status)
      logProgress(progress)
    },
    onSpend: report => {
      if (report.quotedCredits !== null) {
        core.info(
          logLine(`Quoted ${report.quotedCredits} credits (max-credits ${request.maxCredits})`)
        )
      }
    },
    onNote: note => core.info(logLine(`Note: ${note}`)),
    ...(request.batch === undefined ? {} : batchHooks(request.batch, deps))
  }
}

/** quote with batch-file: true when run would go ahead (balance and caps); null when unknown. */
function batchGoesAhead(data: BatchQuoteData | null): boolean | null {
  if (data === null) return null
  if (!data.withinCaps || data.affordable === false) return false
  return data.affordable
}
