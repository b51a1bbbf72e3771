import { actionableMessage, messageParts } from '../api/advice.js'
import { failureEnvelope, successEnvelope, type Envelope, type Failure } from '../api/envelope.js'
import type { BatchItemResult, BatchResult, BatchTotals } from './types.js'

/**
 * `data` of a batch's envelope, the same through the action, the CLI and the library
 * (documented in docs/batch.md, `#/definitions/batchData` of schemas/envelope.schema.json).
 */
export interface BatchData {
  /** The batch's sums, plus what the quotes said before anything was created. */
  totals: BatchTotals & { creditsQuoted: number | null }
  /** One full envelope per item, in the file's order, each with the item's `name`. */
  results: BatchItemResult[]
}

/**
 * The one envelope of a batch: ok only when every item is. Otherwise `failure` (a
 * batch-level stop: invalid items, a refused budget, an interrupt) or the first failed
 * item's code, with the message that names how many failed and why (`result.errorMessage`)
 * followed by the first failure's own words; `retryAfter` is the largest any item asks for.
 */
export function batchEnvelope(
  result: Pick<BatchResult, 'results' | 'totals' | 'errorMessage'> &
    Partial<Pick<BatchResult, 'stopped'>>,
  creditsQuoted: number | null,
  failure: Failure | null = null
): Envelope<BatchData> {
  const data: BatchData = {
    totals: { ...result.totals, creditsQuoted },
    results: result.results
  }
  const failed = result.results.filter(item => !item.ok)
  if (failed.length === 0 && failure === null && !result.stopped) return successEnvelope(data)
  const waits = failed.flatMap(item => (item.retryAfter === null ? [] : [item.retryAfter]))
  const retryAfter = waits.length === 0 ? null : Math.max(...waits)
  const stop = failure ?? result.stopped ?? null
  if (stop !== null) return failureEnvelope({ retryAfter, ...stop }, { data })
  const first = failed[0]
  const summary =
    result.errorMessage ?? `${failed.length} of ${result.results.length} batch items failed`
  const code = first.errorCode ?? 'UNKNOWN_ERROR'
  // The first failure's own next steps end the message once, as data a face can word.
  const parts = messageParts(first.errorMessage)
  const detail = parts?.what ?? first.errorMessage ?? ''
  const what = detail === '' || summary.includes(detail) ? summary : `${summary}. First: ${detail}`
  return failureEnvelope(
    {
      errorCode: code,
      errorMessage: parts === null ? what : actionableMessage(parts.advice, what),
      retryAfter
    },
    { data }
  )
}
