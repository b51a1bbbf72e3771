import * as core from '@actions/core'
import type { BatchItemResult } from '../core/batch/batch.js'
import { createClient, type Client } from '../core/api/client.js'
import { downloadFile } from '../core/tasks/download.js'
import { failureEnvelope, type Envelope } from '../core/api/envelope.js'
import type { OperationName } from '../core/api/operation-names.js'
import { checkAccountModels, describeEstimate } from '../core/spend/spend-guard.js'
import type { TaskDetail } from '../core/tasks/task-record.js'
import { validateRequest } from '../core/validation/validate.js'
import { run, type RunData, type RunRequest } from '../core/run/workflow.js'
import type { WaitProgress } from '../core/watch/wait.js'
import type { ActionRequest } from './action-request.js'
import { runBatchStep, type BatchReport } from './batch-step.js'
import { attemptIdempotencyKey, isRerunAttempt, resolveIdempotencyKey } from './idempotency.js'
import { createProgressLogger, logRetry } from './progress.js'
import { guardSpend, type SpendReport } from './spend-check.js'
import { logLine } from './sinks/workflow-log.js'

/** What one step did, ready to be rendered as outputs, summary and annotations. */
export interface ActionResult {
  action: OperationName
  model: string
  envelope: Envelope<unknown>
  videoUrl: string | null
  /** Absolute path of the downloaded video. */
  videoPath: string | null
  /** `quote` only. */
  quote: { credits: number | null; affordable: boolean | null } | null
  /** Batch mode: one envelope per item, with the item's name. */
  results: BatchItemResult[] | null
  /** Batch mode: the file and the totals. */
  batch: BatchReport | null
  /** Prices known before creating: quotes (batch; run with max-credits) and the local estimate. */
  spend: SpendReport | null
  /** Remarks worth a log line and a summary line (e.g. a coerced duration). */
  notes: string[]
  /** Problems that did not stop the step, shown as warning annotations. */
  warnings: string[]
}

export interface ActionDeps {
  signal: AbortSignal
  /** Told as soon as a task exists (created or resumed). */
  onTaskId: (taskId: string, status: string | null) => void
  /** Told the latest status seen while waiting. */
  onStatus: (status: string | null) => void
  /** Batch mode: told as soon as an item's task exists. */
  onBatchTaskId: (name: string, taskId: string, status: string | null) => void
}

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
 * Performs the `action` input's operation through the core. Never throws for API,
 * network or timeout failures (they come back in the envelope); throws only when the
 * signal aborts an operation that has no ABORTED envelope of its own.
 */
export async function performAction(
  request: ActionRequest,
  deps: ActionDeps
): Promise<ActionResult> {
  const result = emptyResult(request.action, request.model, 'not run')
  const client = createClient({
    apiKey: request.apiKey,
    baseUrl: request.baseUrl,
    timeoutMs: request.requestTimeoutMs,
    maxRetries: request.maxRetries,
    userAgent: USER_AGENT,
    onRetry: logRetry
  })
  const call = { signal: deps.signal }
  const taskId = request.taskId ?? ''
  switch (request.action) {
    case 'run':
      return request.batch === undefined
        ? runGeneration(request, client, deps, result)
        : runBatchStep(request, request.batch, client, deps, result)
    case 'createGeneration': {
      const created = await client.createGeneration(request.model, request.payload, {
        ...createOptions(
          request,
          resolveIdempotencyKey(request.idempotency, request.model, request.payload)
        ),
        ...call
      })
      if (created.ok && created.taskId !== null) deps.onTaskId(created.taskId, created.status)
      addNotes(result, created.data?.notes ?? [])
      result.envelope = created
      return result
    }
    case 'getStatus':
      result.envelope = await client.getStatus(taskId, call)
      return result
    case 'getTask':
      return fetchTask(request, client, deps, result)
    case 'cancelTask':
      result.envelope = await client.cancelTask(taskId, call)
      return result
    case 'listTasks':
      result.envelope = await client.listTasks(call)
      return result
    case 'account': {
      const account = await client.account(call)
      const models = [
        ...(request.model === '' ? [] : [request.model]),
        ...(request.batch?.items ?? [])
          .map(item => item.model)
          .filter((model): model is string => typeof model === 'string' && model !== '')
      ]
      if (account.ok && account.data !== null) {
        result.warnings.push(...checkAccountModels(account.data, models))
      }
      result.envelope = account
      return result
    }
    case 'quote': {
      const quote = await client.quote(request.model, request.payload, call)
      result.quote = {
        credits: quote.data?.credits ?? null,
        affordable: quote.data?.affordable ?? null
      }
      result.envelope = quote
      return result
    }
    default: {
      const unknown: never = request.action
      return unknown
    }
  }
}

async function runGeneration(
  request: ActionRequest,
  client: Client,
  deps: ActionDeps,
  result: ActionResult
): Promise<ActionResult> {
  const logProgress = createProgressLogger()
  const runOnce = (
    idempotencyKey: string | undefined,
    waitTimeoutMs: number
  ): Promise<Envelope<RunData>> => {
    const runRequest: RunRequest = {
      model: request.model,
      payload: request.payload,
      taskId: request.taskId,
      ...createOptions(request, idempotencyKey),
      waitTimeoutMs,
      pollIntervalMs: request.pollIntervalMs,
      download: request.download
    }
    return run(runRequest, {
      client,
      signal: deps.signal,
      onTaskId: deps.onTaskId,
      onNote: note => addNotes(result, [note]),
      onProgress: (progress: WaitProgress) => {
        deps.onStatus(progress.status)
        logProgress(progress)
      }
    })
  }
  if (request.taskId !== undefined) core.info(logLine(`Resuming task ${request.taskId}`))
  const started = Date.now()
  const key =
    request.taskId === undefined
      ? resolveIdempotencyKey(request.idempotency, request.model, request.payload)
      : undefined
  if (request.taskId === undefined) {
    const refusal = await checkRunSpend(request, client, deps, result, key)
    if (refusal !== null) {
      result.envelope = refusal
      return result
    }
  }
  // The floor leaves the retry of a dead replayed task time to create its task, yet never
  // stretches a deadline shorter than it (wait-timeout 250ms must not wait a second).
  const floorMs = Math.min(1_000, request.waitTimeoutMs)
  const budget = (): number => Math.max(floorMs, request.waitTimeoutMs - (Date.now() - started))
  let envelope = await runOnce(key, budget())
  const retryKey = replayedDeadTask(request, envelope)
    ? attemptIdempotencyKey(request.model, request.payload)
    : null
  if (retryKey !== null) {
    addNotes(result, [
      `Task ${envelope.taskId} from an earlier attempt of this run ended ${envelope.status} (refunded); starting a new task for this attempt`
    ])
    envelope = await runOnce(retryKey, budget())
  }
  result.envelope = envelope
  result.model = envelope.data?.model || request.model
  result.videoUrl = envelope.data?.videoUrl ?? null
  result.videoPath = envelope.data?.download?.path ?? null
  return result
}

/**
 * Before a new task: the labelled local estimate for the summary and, with `max-credits`,
 * the authoritative quote checked against the cap and the balance, so the summary shows
 * the credits quoted and an over-budget task is refused before its create. Without
 * `max-credits` no quote is sent (one request less; the create still refuses with 402
 * what the balance cannot pay). A task that already exists under the key (a re-run, or an
 * explicit key used before) is a free replay and is not quoted. Returns the envelope that
 * stops the run, or null.
 */
async function checkRunSpend(
  request: ActionRequest,
  client: Client,
  deps: ActionDeps,
  result: ActionResult,
  key: string | undefined
): Promise<Envelope<unknown> | null> {
  const estimate = describeEstimate(request.model, request.payload)
  result.spend = { quotedCredits: null, quotes: [], balance: null, estimate }
  // A payload that fails local validation is reported by run() itself, with nothing sent.
  if (request.maxCredits === undefined || !validateRequest(request.model, request.payload).ok) {
    return null
  }
  const decision = await guardSpend(
    client,
    [
      {
        name: 'this video',
        model: request.model,
        payload: request.payload,
        maxCredits: request.maxCredits,
        idempotencyKey: key
      }
    ],
    {
      signal: deps.signal,
      deadline: Date.now() + request.waitTimeoutMs,
      // An auto key leads back to a task only on a re-run attempt; an explicit one at any time.
      mayReplay: key !== undefined && (request.idempotency.mode === 'explicit' || isRerunAttempt())
    }
  )
  result.spend = { ...decision.report, estimate }
  if (decision.replayed > 0) {
    addNotes(result, [
      'A task already exists under this Idempotency-Key: it is replayed, not quoted or paid again'
    ])
  }
  if (decision.report.quotedCredits !== null) {
    core.info(
      logLine(`Quoted ${decision.report.quotedCredits} credits (max-credits ${request.maxCredits})`)
    )
  }
  return decision.refusal === null ? null : failureEnvelope(decision.refusal)
}

/** The auto key led back to a task a previous attempt left FAILED or CANCEL. */
function replayedDeadTask(request: ActionRequest, envelope: Envelope<RunData>): boolean {
  return (
    request.idempotency.mode === 'auto' &&
    envelope.data?.idempotentReplay === true &&
    (envelope.errorCode === 'TASK_FAILED' || envelope.errorCode === 'TASK_CANCELLED')
  )
}

async function fetchTask(
  request: ActionRequest,
  client: Client,
  deps: ActionDeps,
  result: ActionResult
): Promise<ActionResult> {
  const task = await client.getTask(request.taskId ?? '', { signal: deps.signal })
  result.envelope = task
  result.videoUrl = task.data?.videoUrl ?? null
  if (task.data?.model && result.model === '') result.model = task.data.model
  if (!task.ok || request.download === undefined) return result
  if (task.status !== 'COMPLETED' || result.videoUrl === null) {
    result.warnings.push(`Task ${task.taskId} is ${task.status}: there is no video to download yet`)
    return result
  }
  const saved = await downloadFile(result.videoUrl, request.download.path, {
    maxBytes: request.download.maxBytes,
    baseUrl: client.baseUrl,
    signal: deps.signal
  })
  if (saved.ok) result.videoPath = saved.path
  else
    result.envelope = failureEnvelope<TaskDetail>(saved, {
      taskId: task.taskId,
      status: task.status,
      data: task.data
    })
  return result
}

function createOptions(request: ActionRequest, idempotencyKey: string | undefined) {
  return { idempotencyKey, maxCredits: request.maxCredits, webhookUrl: request.webhookUrl }
}

function addNotes(result: ActionResult, notes: readonly string[]): void {
  for (const note of notes) {
    core.info(logLine(`Note: ${note}`))
    result.notes.push(note)
  }
}
