import * as core from '@actions/core'
import { createClient, type Client } from '../core/api/client.js'
import { downloadFile } from '../core/tasks/download.js'
import { failureEnvelope } from '../core/api/envelope.js'
import type { OperationName } from '../core/api/operation-names.js'
import { checkAccountModels, describeEstimate } from '../core/spend/spend-guard.js'
import { resolveRunKey } from '../core/run/idempotency-key.js'
import type { TaskDetail } from '../core/tasks/task-record.js'
import { run } from '../core/run/workflow.js'
import type { WaitProgress } from '../core/watch/wait.js'
import type { ActionRequest } from './action-request.js'
import { runBatchStep } from './batch-step.js'
import { quoteBatch, type BatchQuoteData } from '../core/batch/batch-quote.js'
import type { ActionDeps, ActionResult } from './types.js'
import { readRunContext } from './run-context.js'
import { createProgressLogger, logRetry } from './progress.js'
import { logLine } from './sinks/workflow-log.js'

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
      const key = resolveRunKey(
        request.idempotency,
        readRunContext(),
        request.model,
        request.payload
      ).idempotencyKey
      if (key !== undefined) {
        deps.onIdempotencyKey(key, {
          model: request.model,
          payload: request.payload,
          maxCredits: request.maxCredits
        })
      }
      const created = await client.createGeneration(request.model, request.payload, {
        ...createOptions(request, key),
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
      if (request.batch !== undefined) {
        // As run does: an item without its own cap gets the max-credits input's.
        const items = request.batch.items.map(item => ({
          ...item,
          maxCredits: item.maxCredits ?? request.maxCredits
        }))
        const quote = await quoteBatch(items, {
          client,
          signal: deps.signal,
          maxTotalCredits: request.batch.maxTotalCredits
        })
        result.quote = {
          credits: quote.data?.totalCredits ?? null,
          affordable: batchGoesAhead(quote.data)
        }
        result.envelope = quote
        return result
      }
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
  const resuming = request.taskId !== undefined
  if (resuming) core.info(logLine(`Resuming task ${request.taskId}`))
  const key = resuming
    ? { idempotencyKey: undefined, usedBefore: false }
    : resolveRunKey(request.idempotency, readRunContext(), request.model, request.payload)
  result.spend = resuming
    ? null
    : {
        quotedCredits: null,
        quotes: [],
        balance: null,
        estimate: describeEstimate(request.model, request.payload)
      }
  const envelope = await run(
    {
      model: request.model,
      payload: request.payload,
      taskId: request.taskId,
      idempotencyKey: key.idempotencyKey,
      idempotencyKeyUsedBefore: key.usedBefore,
      maxCredits: request.maxCredits,
      webhookUrl: request.webhookUrl,
      waitTimeoutMs: request.waitTimeoutMs,
      pollIntervalMs: request.pollIntervalMs,
      download: request.download,
      ...request.cache
    },
    {
      client,
      signal: deps.signal,
      onIdempotencyKey: deps.onIdempotencyKey,
      onTaskId: deps.onTaskId,
      onSpend: report => {
        result.spend = { ...report, estimate: result.spend?.estimate ?? null }
        if (report.quotedCredits !== null) {
          core.info(
            logLine(`Quoted ${report.quotedCredits} credits (max-credits ${request.maxCredits})`)
          )
        }
      },
      onNote: note => addNotes(result, [note]),
      onProgress: (progress: WaitProgress) => {
        deps.onStatus(progress.status)
        logProgress(progress)
      }
    }
  )
  result.envelope = envelope
  result.model = envelope.data?.model || request.model
  result.videoUrl = envelope.data?.videoUrl ?? null
  result.videoPath = envelope.data?.download?.path ?? null
  return result
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

/** quote with batch-file: true when run would go ahead (balance and caps); null when unknown. */
function batchGoesAhead(data: BatchQuoteData | null): boolean | null {
  if (data === null) return null
  if (!data.withinCaps || data.affordable === false) return false
  return data.affordable
}
