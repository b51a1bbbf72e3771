import type { Client } from '../api/client.js'
import { failureEnvelope } from '../api/envelope.js'
import { runBatch } from '../batch/batch.js'
import { batchEnvelope } from '../batch/batch-envelope.js'
import { quoteBatch } from '../batch/batch-quote.js'
import { run, type RunData } from '../run/workflow.js'
import type { SpendReport } from '../spend/spend-decision.js'
import { checkAccountModels, describeEstimate } from '../spend/spend-guard.js'
import { downloadFile } from '../tasks/download.js'
import type { TaskDetail } from '../api/task-record.js'
import { resolveOperationKey, resolveOperationKeyBase } from './operation-key.js'
import type {
  KeyScope,
  OperationBatch,
  OperationDeps,
  OperationRequest,
  OperationResult
} from './types.js'

const COMMAND_SCOPE: KeyScope = { kind: 'command' }

/**
 * Performs any of the eight operations — `run` (one generation, a resumed task, or a
 * batch), `createGeneration`, `getStatus`, `getTask` (with a download when asked),
 * `cancelTask`, `listTasks`, `account` (with the caller's models checked against the
 * key's list), `quote` — and returns its one envelope. Every face calls this: the action,
 * the CLI, the library (and any face to come), so each rule is decided here once.
 *
 * Never throws for API, network, timeout or interrupt outcomes: they come back in the
 * envelope (an interrupted `run` says ABORTED with what it knew; its settlement is the
 * face's next call). A call aborted before an answer may reject with the AbortError.
 */
export async function performOperation(
  request: OperationRequest,
  deps: OperationDeps
): Promise<OperationResult> {
  const outcome: OperationResult = {
    envelope: failureEnvelope({ errorCode: 'UNKNOWN_ERROR', errorMessage: 'not run' }),
    spend: null,
    warnings: [],
    notes: [],
    idempotencyKey: null,
    videoPath: null
  }
  const { client } = deps
  const call = { signal: deps.signal }
  const taskId = request.taskId ?? ''
  switch (request.operation) {
    case 'run':
      return request.batch === undefined
        ? runOne(request, deps, outcome)
        : runMany(request, request.batch, deps, outcome)
    case 'createGeneration':
      return createOne(request, deps, outcome)
    case 'getStatus':
      outcome.envelope = await client.getStatus(taskId, call)
      return outcome
    case 'getTask':
      return fetchTask(request, deps, outcome)
    case 'cancelTask':
      outcome.envelope = await client.cancelTask(taskId, call)
      return outcome
    case 'listTasks':
      outcome.envelope = await client.listTasks(call)
      return outcome
    case 'account': {
      const account = await client.account(call)
      const models = [
        ...(request.model ? [request.model] : []),
        ...(request.accountModels ?? []),
        ...(request.batch?.items ?? [])
          .map(item => item.model)
          .filter((model): model is string => typeof model === 'string' && model !== '')
      ]
      if (account.ok && account.data !== null) {
        outcome.warnings.push(...checkAccountModels(account.data, [...new Set(models)]))
      }
      outcome.envelope = account
      return outcome
    }
    case 'quote': {
      if (request.batch !== undefined) {
        outcome.envelope = await quoteBatch(
          // As run does: an item without its own cap gets the request's.
          request.batch.items.map(item => ({
            ...item,
            maxCredits: item.maxCredits ?? request.maxCredits
          })),
          { client, signal: deps.signal, maxTotalCredits: request.batch.maxTotalCredits }
        )
        return outcome
      }
      const quoted = await client.quote(request.model ?? '', request.payload, call)
      // The price is of the request as sent: say what was coerced, as run does.
      quoted.data?.notes.forEach(text => note(outcome, deps, text))
      outcome.envelope = quoted
      return outcome
    }
    default: {
      const unknown: never = request.operation
      return unknown
    }
  }
}

function note(outcome: OperationResult, deps: OperationDeps, text: string): void {
  outcome.notes.push(text)
  deps.onNote?.(text)
}

async function createOne(
  request: OperationRequest,
  deps: OperationDeps,
  outcome: OperationResult
): Promise<OperationResult> {
  const model = request.model ?? ''
  const key = resolveOperationKey(
    request.idempotency,
    request.keyScope ?? COMMAND_SCOPE,
    model,
    request.payload
  ).idempotencyKey
  if (key !== undefined) {
    outcome.idempotencyKey = key
    deps.onIdempotencyKey?.(key, {
      model,
      payload: request.payload,
      maxCredits: request.maxCredits
    })
  }
  const created = await deps.client.createGeneration(model, request.payload, {
    idempotencyKey: key,
    maxCredits: request.maxCredits,
    webhookUrl: request.webhookUrl,
    signal: deps.signal
  })
  if (created.ok && created.taskId !== null) deps.onTaskId?.(created.taskId, created.status)
  for (const text of created.data?.notes ?? []) note(outcome, deps, text)
  outcome.envelope = created
  return outcome
}

async function runOne(
  request: OperationRequest,
  deps: OperationDeps,
  outcome: OperationResult
): Promise<OperationResult> {
  const model = request.model ?? ''
  const resuming = request.taskId !== undefined
  const key = resuming
    ? { idempotencyKey: undefined, usedBefore: false }
    : resolveOperationKey(
        request.idempotency,
        request.keyScope ?? COMMAND_SCOPE,
        model,
        request.payload
      )
  const estimate = resuming ? null : describeEstimate(model, request.payload)
  outcome.spend = resuming ? null : { quotedCredits: null, quotes: [], balance: null, estimate }
  const envelope = await run(
    {
      model,
      payload: request.payload,
      taskId: request.taskId,
      idempotencyKey: key.idempotencyKey,
      idempotencyKeyUsedBefore: key.usedBefore,
      maxCredits: request.maxCredits,
      webhookUrl: request.webhookUrl,
      waitTimeoutMs: request.waitTimeoutMs,
      pollIntervalMs: request.pollIntervalMs,
      download: request.download,
      cacheDir: request.cacheDir,
      cacheMode: request.cacheMode,
      cacheMaxBytes: request.cacheMaxBytes
    },
    {
      client: deps.client,
      clock: deps.clock,
      signal: deps.signal,
      onIdempotencyKey: (sent, create) => {
        outcome.idempotencyKey = sent
        deps.onIdempotencyKey?.(sent, create)
      },
      onTaskId: deps.onTaskId,
      onSpend: (report: SpendReport) => {
        outcome.spend = { ...report, estimate }
        deps.onSpend?.(report)
      },
      onNote: text => note(outcome, deps, text),
      onProgress: deps.onProgress
    }
  )
  outcome.envelope = envelope
  outcome.videoPath = (envelope.data as RunData | null)?.download?.path ?? null
  return outcome
}

async function runMany(
  request: OperationRequest,
  batch: OperationBatch,
  deps: OperationDeps,
  outcome: OperationResult
): Promise<OperationResult> {
  // An item without its own cap gets the request's.
  const items = batch.items.map(item =>
    item.maxCredits === undefined && request.maxCredits !== undefined
      ? { ...item, maxCredits: request.maxCredits }
      : item
  )
  const key = resolveOperationKeyBase(
    request.idempotency,
    request.keyScope ?? COMMAND_SCOPE,
    batch.contentHash ?? ''
  )
  const result = await runBatch(items, {
    client: deps.client,
    clock: deps.clock,
    signal: deps.signal,
    concurrency: batch.concurrency,
    waitTimeoutMs: request.waitTimeoutMs,
    pollIntervalMs: request.pollIntervalMs,
    continueOnInvalid: batch.continueOnInvalid,
    downloadDir: batch.download?.dir,
    downloadMaxBytes: batch.download?.maxBytes,
    idempotencyKeyBase: key.base,
    idempotencyKeyUsedBefore: key.usedBefore,
    contentKeyScope: key.contentScope,
    cacheDir: request.cacheDir,
    cacheMode: request.cacheMode,
    cacheMaxBytes: request.cacheMaxBytes,
    maxTotalCredits: batch.maxTotalCredits,
    quoteFirst: true,
    webhookUrl: request.webhookUrl,
    onSpend: decision => {
      outcome.spend = decision.report
      deps.onBatchSpend?.(decision)
    },
    onIdempotencyKey: deps.onBatchIdempotencyKey,
    onTaskId: deps.onBatchTaskId,
    onNote: text => note(outcome, deps, text),
    onProgress: deps.onBatchProgress
  })
  outcome.envelope = batchEnvelope(result, outcome.spend?.quotedCredits ?? null)
  return outcome
}

async function fetchTask(
  request: OperationRequest,
  deps: OperationDeps,
  outcome: OperationResult
): Promise<OperationResult> {
  const client: Client = deps.client
  const task = await client.getTask(request.taskId ?? '', { signal: deps.signal })
  outcome.envelope = task
  if (!task.ok || request.download === undefined) return outcome
  const videoUrl = task.data?.videoUrl ?? null
  if (task.status !== 'COMPLETED' || videoUrl === null) {
    outcome.warnings.push(
      `Task ${task.taskId} is ${task.status}: there is no video to download yet`
    )
    return outcome
  }
  const saved = await downloadFile(videoUrl, request.download.path, {
    maxBytes: request.download.maxBytes,
    baseUrl: client.baseUrl,
    signal: deps.signal,
    clock: deps.clock,
    retryPolicy: client.retryPolicy
  })
  if (saved.ok) outcome.videoPath = saved.path
  else
    outcome.envelope = failureEnvelope<TaskDetail>(saved, {
      taskId: task.taskId,
      status: task.status,
      data: task.data
    })
  return outcome
}
