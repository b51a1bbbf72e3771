import * as core from '@actions/core'
import {
  deriveItemIdempotencyKey,
  runBatch,
  type BatchItemResult,
  type BatchOptions,
  type BatchResult,
  type BatchTotals
} from '../core/batch/batch.js'
import { itemLabel, validateBatch, type BatchItem } from '../core/batch/batch-validation.js'
import type { Client } from '../core/api/client.js'
import { failureEnvelope, type Failure } from '../core/api/envelope.js'
import type { ErrorCode } from '../core/api/error-codes.js'
import type { RunData } from '../core/run/workflow.js'
import type { ActionRequest, BatchSetting } from './action-request.js'
import { attemptBatchKeyBase, isRerunAttempt, resolveBatchKeyBase } from './idempotency.js'
import type { ActionDeps, ActionResult } from './operations.js'
import { createBatchProgressLogger } from './progress.js'
import { guardSpend, type SpendDecision, type SpendReport } from './spend-check.js'
import { logLine } from './sinks/workflow-log.js'

/** What the summary needs of a batch beyond its item envelopes. */
export interface BatchReport {
  /** The batch file, as the input named it. */
  file: string
  totals: BatchTotals
  /** Each item's model as the file names it (an item never sent has no data to say it). */
  models: string[]
}

/** The small `data` of a batch's main envelope; the full envelopes are in `results`. */
export interface BatchData {
  totals: BatchTotals & { creditsQuoted: number | null }
  items: {
    name: string
    ok: boolean
    status: string | null
    taskId: string | null
    videoUrl: string | null
    errorCode: ErrorCode | null
  }[]
}

const MAX_NAMES_IN_MESSAGE = 5

/**
 * Batch mode: validates every item (nothing is sent when one is invalid, unless
 * continue-on-invalid), quotes all but the replays against the caps and the balance, runs them with
 * `runBatch` (list polling, one deadline), and on a re-run starts afresh only the items
 * whose replayed task had ended FAILED or CANCEL. Never throws for API failures.
 */
export async function runBatchStep(
  request: ActionRequest,
  batch: BatchSetting,
  client: Client,
  deps: ActionDeps,
  result: ActionResult
): Promise<ActionResult> {
  const started = Date.now()
  const items = batch.items.map(item =>
    item.maxCredits === undefined && request.maxCredits !== undefined
      ? { ...item, maxCredits: request.maxCredits }
      : item
  )
  const validation = validateBatch(items)
  const base = resolveBatchKeyBase(request.idempotency, batch.contentHash)
  core.info(
    `Batch ${batch.fileName}: ${items.length} item${items.length === 1 ? '' : 's'}, concurrency ${batch.concurrency}`
  )
  let spend: SpendReport | null = null
  if ((validation.ok || batch.continueOnInvalid) && validation.valid.length > 0) {
    const decision = await guardSpend(
      client,
      validation.valid.map(valid => ({
        name: valid.item.name,
        model: valid.model,
        payload: valid.payload,
        maxCredits: valid.item.maxCredits,
        idempotencyKey:
          valid.item.idempotencyKey ??
          (typeof base === 'string'
            ? deriveItemIdempotencyKey(base, {
                name: valid.item.name,
                model: valid.model,
                payload: valid.payload
              })
            : undefined)
      })),
      {
        maxTotalCredits: batch.maxTotalCredits,
        signal: deps.signal,
        deadline: started + request.waitTimeoutMs,
        concurrency: batch.concurrency,
        // Auto keys lead back to tasks only on a re-run attempt; explicit ones at any time.
        mayReplay:
          validation.valid.some(valid => valid.item.idempotencyKey !== undefined) ||
          (typeof base === 'string' &&
            (request.idempotency.mode === 'explicit' || isRerunAttempt()))
      }
    )
    spend = decision.report
    result.spend = spend
    reportReplays(result, decision, validation.valid.length)
    if (decision.refusal !== null) {
      const refused = refuseBatch(items, validation.invalid, decision.refusal)
      return render(result, items, refused, spend, decision.refusal, batch.fileName)
    }
    if (spend.quotedCredits !== null) {
      core.info(
        logLine(
          `Quoted ${spend.quotedCredits} credits for ${spend.quotes.length} item(s)${spend.balance === null ? '' : `; balance ${spend.balance}`}`
        )
      )
    }
  }
  const logProgress = createBatchProgressLogger()
  const options = (idempotencyKeyBase: string | null | undefined): BatchOptions => ({
    client,
    signal: deps.signal,
    concurrency: batch.concurrency,
    waitTimeoutMs: Math.max(1_000, request.waitTimeoutMs - (Date.now() - started)),
    pollIntervalMs: request.pollIntervalMs,
    continueOnInvalid: batch.continueOnInvalid,
    downloadDir: batch.download?.dir,
    downloadMaxBytes: batch.download?.maxBytes,
    idempotencyKeyBase,
    webhookUrl: request.webhookUrl,
    onTaskId: deps.onBatchTaskId,
    onNote: note => addNote(result, note),
    onProgress: logProgress
  })
  let outcome = await runBatch(items, options(base))
  if (request.idempotency.mode === 'auto' && !deps.signal.aborted) {
    outcome = await retryDeadReplays(items, outcome, batch, result, options)
  }
  const stopped =
    !validation.ok && !batch.continueOnInvalid && validation.errorCode !== null
      ? { errorCode: validation.errorCode, errorMessage: outcome.errorMessage ?? '' }
      : null
  return render(result, items, outcome, spend, stopped, batch.fileName)
}

/**
 * A re-run whose auto keys led back to tasks an earlier attempt left FAILED or CANCEL
 * (refunded, no video) tries those items again with keys of this attempt.
 */
async function retryDeadReplays(
  items: BatchItem[],
  outcome: BatchResult,
  batch: BatchSetting,
  result: ActionResult,
  options: (base: string) => BatchOptions
): Promise<BatchResult> {
  const dead = outcome.results.flatMap((item, index) =>
    item.data?.idempotentReplay === true &&
    (item.errorCode === 'TASK_FAILED' || item.errorCode === 'TASK_CANCELLED') &&
    items[index].idempotencyKey === undefined
      ? [index]
      : []
  )
  const base = attemptBatchKeyBase(batch.contentHash)
  if (dead.length === 0 || base === null) return outcome
  addNote(
    result,
    `${dead.length} item(s) led back to tasks an earlier attempt of this run left FAILED or CANCEL (refunded): starting new tasks for them (${names(dead.map(i => items[i].name))})`
  )
  const again = await runBatch(
    dead.map(index => items[index]),
    options(base)
  )
  const results = [...outcome.results]
  dead.forEach((index, k) => (results[index] = again.results[k]))
  return { ok: results.every(r => r.ok), results, totals: totalsOf(results), errorMessage: null }
}

/** Every item not sent because the spend check refused the batch (invalid ones keep their own failure). */
function refuseBatch(
  items: BatchItem[],
  invalid: ReturnType<typeof validateBatch>['invalid'],
  refusal: Failure
): BatchResult {
  const results = items.map((item, index): BatchItemResult => {
    const own = invalid.find(bad => bad.index === index)?.failure
    const failure = own ?? {
      errorCode: refusal.errorCode,
      errorMessage: `${itemLabel(index, item.name)} was not sent: ${refusal.errorMessage}`
    }
    return { name: item.name, ...failureEnvelope<RunData>(failure) }
  })
  return { ok: false, results, totals: totalsOf(results), errorMessage: refusal.errorMessage }
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
  const totals = totalsOf(results)
  const data: BatchData = {
    totals: { ...totals, creditsQuoted: spend?.quotedCredits ?? null },
    items: results.map(item => ({
      name: item.name,
      ok: item.ok,
      status: item.status,
      taskId: item.taskId,
      videoUrl: item.data?.videoUrl ?? null,
      errorCode: item.errorCode
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

export function totalsOf(results: readonly BatchItemResult[]): BatchTotals {
  const sum = (pick: (item: BatchItemResult) => number | null | undefined): number =>
    results.reduce((total, item) => total + (pick(item) ?? 0), 0)
  const completed = results.filter(item => item.ok).length
  return {
    items: results.length,
    completed,
    failed: results.length - completed,
    creditsCharged: sum(item => item.data?.creditsCharged),
    creditsRefunded: sum(item => item.data?.creditsRefunded)
  }
}

function names(list: readonly string[]): string {
  const shown = list.slice(0, MAX_NAMES_IN_MESSAGE).join(', ')
  return list.length > MAX_NAMES_IN_MESSAGE
    ? `${shown}, +${list.length - MAX_NAMES_IN_MESSAGE} more`
    : shown
}

/** Notes the items left out of the quotes as replays, or why none could be found. */
function reportReplays(result: ActionResult, decision: SpendDecision, valid: number): void {
  if (decision.listFailure !== null) {
    addNote(
      result,
      `Could not list the key's tasks (${decision.listFailure.errorCode}), so every item was quoted, including any this re-run replays`
    )
  }
  if (decision.replayed > 0) {
    addNote(
      result,
      `${decision.replayed} of ${valid} item(s) already have a task under their Idempotency-Key: replayed, not quoted or paid again`
    )
  }
}

function addNote(result: ActionResult, note: string): void {
  core.info(logLine(`Note: ${note}`))
  result.notes.push(note)
}
