import type { Client } from '../core/client.js'
import type { Failure } from '../core/envelope.js'
import { checkSpend, type QuotedItem, type SpendItem } from '../core/spend-guard.js'

/** Prices known before anything was created, for the summary. */
export interface SpendReport {
  /** Sum of the quotes (authoritative); null when nothing was quoted. */
  quotedCredits: number | null
  /** One quote per item, in item order. */
  quotes: QuotedItem[]
  /** The balance the quotes (or the account) reported; null when unknown. */
  balance: number | null
  /** `describeEstimate`'s labelled local hint (single run); never a basis for decisions. */
  estimate: string | null
}

export interface SpendDecision {
  report: SpendReport
  /** Why nothing may be created, or null to go ahead. */
  refusal: Failure | null
  /** A check that did not stop the step (see `mayReplay`). */
  warning: string | null
}

export interface SpendGuardOptions {
  maxTotalCredits?: number
  signal: AbortSignal
  /** Absolute time (Date.now()) after which no quote retry starts. */
  deadline: number
  concurrency?: number
  /**
   * This attempt's Idempotency-Keys lead back to tasks an earlier attempt of the run paid
   * for: those are replayed free of charge, so a balance below the quoted total does not
   * stop the step (upstream still refuses, with 402, any new task it cannot pay for).
   */
  mayReplay: boolean
}

/**
 * Quotes every item before anything is created (`checkSpend`: per-item caps, the total
 * cap, the balance) and decides whether the step may go ahead. Quotes create and charge
 * nothing. Throws only when the signal aborts.
 */
export async function guardSpend(
  client: Client,
  items: readonly SpendItem[],
  options: SpendGuardOptions
): Promise<SpendDecision> {
  const check = await checkSpend(client, items, {
    maxTotalCredits: options.maxTotalCredits,
    signal: options.signal,
    deadline: options.deadline,
    concurrency: options.concurrency
  })
  const complete = check.quotes.length === items.length
  const report: SpendReport = {
    quotedCredits: complete ? check.totalCredits : null,
    quotes: check.quotes,
    balance: check.balance,
    estimate: null
  }
  if (check.ok) return { report, refusal: null, warning: null }
  if (check.errorCode === 'INSUFFICIENT_CREDITS' && options.mayReplay) {
    const warning =
      `The quoted total (${check.totalCredits} credits) is above the balance (${check.balance ?? 'unknown'}), ` +
      'but this is a re-run: tasks an earlier attempt paid for are replayed without charge, so the step goes ahead ' +
      '(upstream refuses, with INSUFFICIENT_CREDITS, any new task the balance cannot pay for).'
    return { report, refusal: null, warning }
  }
  return {
    report,
    refusal: { errorCode: check.errorCode, errorMessage: check.errorMessage },
    warning: null
  }
}
