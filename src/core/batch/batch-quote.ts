import type { Client } from '../api/client.js'
import { failureEnvelope, successEnvelope, type Envelope } from '../api/envelope.js'
import { checkSpend, type QuotedItem } from '../spend/spend-guard.js'
import { validateBatch, type BatchItem } from './batch-validation.js'

/** What pricing a whole batch answers. */
export interface BatchQuoteData {
  /** One price per item, in file order. */
  quotes: QuotedItem[]
  /** Sum of the prices. */
  totalCredits: number
  /** The balance the quotes (or the account) reported; null when upstream did not say. */
  balance: number | null
  /** True when the balance covers the total; null when the balance is unknown. */
  affordable: boolean | null
  /** The batch's cap (max-total-credits), when one was given. */
  maxTotalCredits: number | null
  /** False when an item's max-credits or the batch's cap is exceeded: run would refuse. */
  withinCaps: boolean
  /** Why run would refuse (a cap, or the balance), in words; null when it would go ahead. */
  refusal: string | null
}

export interface BatchQuoteOptions {
  client: Client
  maxTotalCredits?: number
  signal?: AbortSignal
  deadline?: number
}

/**
 * Prices every item of a batch with the quote endpoint, as `run` would before creating
 * anything, and creates and charges nothing: the total, each item's price, and whether
 * the balance and the caps allow the batch. Invalid items are refused first (nothing is
 * sent); a quote that fails ends the envelope with its own code. A batch the balance or a
 * cap does not allow is still an answer (ok, `affordable` or `withinCaps` false).
 */
export async function quoteBatch(
  items: readonly BatchItem[],
  options: BatchQuoteOptions
): Promise<Envelope<BatchQuoteData>> {
  const validation = validateBatch(items)
  if (!validation.ok) {
    return failureEnvelope({
      errorCode: validation.errorCode ?? 'INVALID_INPUT',
      errorMessage: validation.errorMessage ?? ''
    })
  }
  const check = await checkSpend(
    options.client,
    validation.valid.map(v => ({
      name: v.item.name,
      model: v.model,
      payload: v.payload,
      maxCredits: v.item.maxCredits
    })),
    { maxTotalCredits: options.maxTotalCredits, signal: options.signal, deadline: options.deadline }
  )
  const decided =
    check.ok || check.errorCode === 'BUDGET_EXCEEDED' || check.errorCode === 'INSUFFICIENT_CREDITS'
  if (!decided)
    return failureEnvelope({ errorCode: check.errorCode, errorMessage: check.errorMessage })
  return successEnvelope<BatchQuoteData>({
    quotes: check.quotes,
    totalCredits: check.totalCredits,
    balance: check.balance,
    affordable: check.balance === null ? null : check.balance >= check.totalCredits,
    maxTotalCredits: options.maxTotalCredits ?? null,
    withinCaps: check.ok || check.errorCode !== 'BUDGET_EXCEEDED',
    refusal: check.ok ? null : check.errorMessage
  })
}
