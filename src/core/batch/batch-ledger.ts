import type { Clock } from '../time/clock.js'
import type { Envelope, Failure } from '../api/envelope.js'
import type {
  BatchEvent,
  BatchItemResult,
  BatchOptions,
  BatchResult,
  BatchTotals
} from './types.js'
import { defaultItemName, type BatchItem } from './batch-validation.js'
import { emptyRunData, type RunData } from '../run/workflow.js'

/** One item's place in the batch: its data so far, and its result once finished. */
export interface Slot {
  index: number
  name: string
  data: RunData
  startedAt: number
  result: BatchItemResult | null
}

/** Every item's slot: settles each once, reports progress, and sums up the batch. */
export class BatchLedger {
  readonly slots: Slot[]

  constructor(
    items: readonly BatchItem[],
    private readonly options: BatchOptions,
    private readonly clock: Clock,
    private readonly started: number
  ) {
    this.slots = items.map((item, index) => ({
      index,
      name: typeof item.name === 'string' ? item.name : defaultItemName(index),
      data: emptyRunData(typeof item.model === 'string' ? item.model : '', started),
      startedAt: started,
      result: null
    }))
  }

  /** Settles one item: its envelope gets the item's data, task id, last status and name. */
  finish(index: number, envelope: Envelope<unknown>): void {
    const slot = this.slots[index]
    if (slot.result !== null) return
    const now = this.clock.now()
    slot.data.status = envelope.status ?? slot.data.status
    slot.data.timings.finishedAt = new Date(now).toISOString()
    slot.data.timings.elapsedMs = now - slot.startedAt
    slot.result = {
      name: slot.name,
      ok: envelope.ok,
      status: slot.data.status,
      taskId: slot.data.taskId,
      data: slot.data,
      errorCode: envelope.ok ? null : (envelope.errorCode ?? 'UNKNOWN_ERROR'),
      errorMessage: envelope.ok ? null : (envelope.errorMessage ?? ''),
      retryAfter: envelope.ok ? null : envelope.retryAfter
    }
    this.report({ type: 'finished', name: slot.name, result: slot.result })
  }

  result(errorMessage: string | null, stopped: Failure | null = null): BatchResult {
    const results = this.slots.map(slot => slot.result as BatchItemResult)
    const totals = batchTotals(results)
    const ok = totals.failed === 0
    return {
      ok,
      results,
      totals,
      errorMessage: ok ? null : (errorMessage ?? describeFailures(results)),
      stopped
    }
  }

  report(event: BatchEvent): void {
    if (this.options.onProgress === undefined) return
    const results = this.slots.map(slot => slot.result)
    this.options.onProgress({
      event,
      items: this.slots.length,
      waiting: this.slots.filter(slot => slot.data.taskId !== null && slot.result === null).length,
      completed: results.filter(r => r?.ok === true).length,
      failed: results.filter(r => r?.ok === false).length,
      elapsedMs: this.clock.now() - this.started
    })
  }
}

/** A batch's totals from its item envelopes: the one place they are summed, for every face. */
export function batchTotals(results: readonly BatchItemResult[]): BatchTotals {
  const completed = results.filter(r => r.ok).length
  return {
    items: results.length,
    completed,
    failed: results.length - completed,
    // What this run's creates paid: a replay answers with an earlier run's task, free.
    creditsCharged: sum(
      results.map(r => (r.data?.idempotentReplay === true ? 0 : (r.data?.creditsCharged ?? 0)))
    ),
    creditsRefunded: sum(results.map(r => r.data?.creditsRefunded ?? 0)),
    reused: results.filter(r => r.ok && r.data?.cache?.reused === true).length,
    creditsSaved: sum(results.map(r => (r.ok ? (r.data?.cache?.creditsSaved ?? 0) : 0)))
  }
}

function describeFailures(results: BatchItemResult[]): string {
  const failed = results.filter(r => !r.ok)
  const byCode = new Map<string, string[]>()
  for (const r of failed) {
    const code = r.errorCode ?? 'UNKNOWN_ERROR'
    byCode.set(code, [...(byCode.get(code) ?? []), r.name])
  }
  const parts = [...byCode].map(([code, names]) => {
    const shown =
      names.slice(0, 5).join(', ') + (names.length > 5 ? `, +${names.length - 5} more` : '')
    return `${names.length} ${code} (${shown})`
  })
  return `${failed.length} of ${results.length} batch items failed: ${parts.join('; ')}`
}

/** Only finite numbers count: upstream's credit fields are untrusted and may hold text. */
function sum(values: readonly unknown[]): number {
  return values.reduce<number>(
    (total, value) => (typeof value === 'number' && Number.isFinite(value) ? total + value : total),
    0
  )
}
