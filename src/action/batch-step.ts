import * as core from '@actions/core'
import { runBatch, type BatchItemResult, type BatchResult } from '../core/batch/batch.js'
import { validateBatch, type BatchItem } from '../core/batch/batch-validation.js'
import type { Client } from '../core/api/client.js'
import { failureEnvelope, type Failure } from '../core/api/envelope.js'
import { resolveBatchKeyBase } from '../core/run/idempotency-key.js'
import type { SpendReport } from '../core/spend/spend-decision.js'
import type { ActionRequest, BatchSetting } from './action-request.js'
import { readRunContext } from './run-context.js'
import type { ActionDeps, ActionResult, BatchData, BatchReport } from './types.js'
import { createBatchProgressLogger } from './progress.js'
import { logLine } from './sinks/workflow-log.js'

export type { BatchData, BatchReport }

const MAX_NAMES_IN_MESSAGE = 5

/**
 * Batch mode: hands the batch to the core (`runBatch`: validation, lineage of every
 * item's key, quotes against the caps and the balance, list polling, one deadline) and
 * renders what it returns. Never throws for API failures.
 */
export async function runBatchStep(
  request: ActionRequest,
  batch: BatchSetting,
  client: Client,
  deps: ActionDeps,
  result: ActionResult
): Promise<ActionResult> {
  const items = batch.items.map(item =>
    item.maxCredits === undefined && request.maxCredits !== undefined
      ? { ...item, maxCredits: request.maxCredits }
      : item
  )
  const key = resolveBatchKeyBase(request.idempotency, readRunContext(), batch.contentHash)
  core.info(
    `Batch ${batch.fileName}: ${items.length} item${items.length === 1 ? '' : 's'}, concurrency ${batch.concurrency}`
  )
  const outcome = await runBatch(items, {
    client,
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
    ...request.cache,
    maxTotalCredits: batch.maxTotalCredits,
    quoteFirst: true,
    webhookUrl: request.webhookUrl,
    onSpend: decision => {
      result.spend = decision.report
      const { quotedCredits, quotes, balance } = decision.report
      if (quotedCredits !== null) {
        core.info(
          logLine(
            `Quoted ${quotedCredits} credits for ${quotes.length} item(s)${balance === null ? '' : `; balance ${balance}`}`
          )
        )
      }
    },
    onIdempotencyKey: deps.onBatchIdempotencyKey,
    onTaskId: deps.onBatchTaskId,
    onNote: note => addNote(result, note),
    onProgress: createBatchProgressLogger()
  })
  const validation = validateBatch(items)
  const stopped =
    !validation.ok && !batch.continueOnInvalid && validation.errorCode !== null
      ? { errorCode: validation.errorCode, errorMessage: outcome.errorMessage ?? '' }
      : null
  return render(result, items, outcome, result.spend, stopped, batch.fileName)
}

/** Fills the step's result: the main envelope sums up the batch, `results` has every item. */
function render(
  result: ActionResult,
  items: readonly BatchItem[],
  outcome: BatchResult,
  spend: SpendReport | null,
  stopped: Failure | null,
  file: string
): ActionResult {
  const { results } = outcome
  const { totals } = outcome
  const data: BatchData = {
    totals: { ...totals, creditsQuoted: spend?.quotedCredits ?? null },
    items: results.map(item => ({
      name: item.name,
      ok: item.ok,
      status: item.status,
      taskId: item.taskId,
      videoUrl: item.data?.videoUrl ?? null,
      errorCode: item.errorCode,
      reused: item.data?.cache?.reused === true
    }))
  }
  const failure = stopped ?? firstFailure(results)
  result.results = results
  result.batch = {
    file,
    totals,
    models: items.map(
      (item, index) =>
        results[index]?.data?.model || (typeof item.model === 'string' ? item.model : '')
    )
  }
  result.envelope =
    failure === null
      ? {
          ok: true,
          status: null,
          taskId: null,
          data,
          errorCode: null,
          errorMessage: null,
          retryAfter: null
        }
      : failureEnvelope(failure, { data })
  return result
}

/** The first failed item's code, and a message naming how many failed, why, and the first one's detail. */
function firstFailure(results: readonly BatchItemResult[]): Failure | null {
  const failed = results.filter(item => !item.ok)
  if (failed.length === 0) return null
  const byCode = new Map<string, string[]>()
  for (const item of failed) {
    const code = item.errorCode ?? 'UNKNOWN_ERROR'
    byCode.set(code, [...(byCode.get(code) ?? []), item.name])
  }
  const counts = [...byCode].map(([code, list]) => `${list.length} ${code} (${names(list)})`)
  const first = failed[0]
  return {
    errorCode: first.errorCode ?? 'UNKNOWN_ERROR',
    errorMessage: `${failed.length} of ${results.length} batch items failed: ${counts.join('; ')}. First: ${first.errorMessage ?? ''}`
  }
}

function names(list: readonly string[]): string {
  const shown = list.slice(0, MAX_NAMES_IN_MESSAGE).join(', ')
  return list.length > MAX_NAMES_IN_MESSAGE
    ? `${shown}, +${list.length - MAX_NAMES_IN_MESSAGE} more`
    : shown
}

function addNote(result: ActionResult, note: string): void {
  core.info(logLine(`Note: ${note}`))
  result.notes.push(note)
}
