import type { AccountData, Client } from '../api/client.js'
import { forEachLimited } from '../time/concurrency-limit.js'
import type { ErrorCode } from '../api/error-codes.js'
import { actionableMessage } from '../api/errors.js'
import { isModelName } from '../validation/models.js'
import { estimateCredits } from './price-estimate.js'
import { isRecord } from '../api/task-record.js'
import { DEFAULTS } from '../validation/setting-limits.js'

/** One request to price before anything is created. */
export interface SpendItem {
  /** Shown in messages; default `item <n>` (1-based). */
  name?: string
  model: string
  payload: unknown
  /** Per-task cap in credits (the `max-credits` input); the same value create sends as `X-Max-Credits`. */
  maxCredits?: number
}

export interface SpendOptions {
  /** Cap on the sum of all quotes (the `max-total-credits` input). */
  maxTotalCredits?: number
  signal?: AbortSignal
  /** Absolute clock time after which no quote retry starts. */
  deadline?: number
  /** Quotes sent at the same time; default 4. */
  concurrency?: number
}

/** The authoritative price of one item, from `POST /api/v1/quote/{model}`. */
export interface QuotedItem {
  name: string
  model: string
  credits: number
}

interface SpendFigures {
  /** One entry per item quoted, in item order (fewer than the items when a quote failed). */
  quotes: QuotedItem[]
  /** Sum of `quotes[].credits`. */
  totalCredits: number
  /** The balance the quotes (or the account) reported; null when upstream did not say. */
  balance: number | null
}

export type SpendCheck =
  | ({ ok: true } & SpendFigures)
  | ({ ok: false; errorCode: ErrorCode; errorMessage: string } & SpendFigures)

/** What `checkSpend` needs of a client: `quote`, and `account` when quotes omit the balance. */
export type SpendClient = Pick<Client, 'quote'> & Partial<Pick<Client, 'account'>>

const DEFAULT_CONCURRENCY = DEFAULTS.concurrency

/**
 * Prices every item with the quote endpoint (creates and charges nothing) and decides,
 * before any creation, whether the whole set may run. Checks, in this order:
 *
 * 1. the caps themselves: not whole numbers >= 0 -> `INVALID_INPUT`, nothing sent;
 * 2. every quote: the first that fails (in item order) is returned with its own code,
 *    e.g. `INVALID_MODEL` for a model the key may not use, `INVALID_PAYLOAD`, `AUTH_FAILED`;
 *    a quote without a price -> `UNKNOWN_ERROR` (fails closed: no budget can be checked);
 * 3. each item's `maxCredits` -> `BUDGET_EXCEEDED` naming every item over its cap;
 * 4. `maxTotalCredits` -> `BUDGET_EXCEEDED` with the total and the cap;
 * 5. the balance (from the quotes, else `client.account()`) -> `INSUFFICIENT_CREDITS`
 *    with both numbers. An unknown balance is not checked (create still refuses with 402).
 *
 * Never throws for API or network errors; only when `signal` aborts (as the client does).
 */
export async function checkSpend(
  client: SpendClient,
  items: readonly SpendItem[],
  options: SpendOptions = {}
): Promise<SpendCheck> {
  const named = items.map((item, index) => ({ ...item, name: item.name ?? `item ${index + 1}` }))
  const inputProblem = capProblem(named, options.maxTotalCredits)
  if (inputProblem !== null) return refuse('INVALID_INPUT', inputProblem, emptyFigures())

  const priced = await quoteAll(client, named, options)
  const figures: SpendFigures = {
    quotes: priced.quotes,
    totalCredits: sum(priced.quotes.map(q => q.credits)),
    balance: priced.balance
  }
  if (priced.failure) return { ok: false, ...priced.failure, ...figures }

  const overCap = named.flatMap((item, i) => {
    const credits = figures.quotes[i].credits
    return item.maxCredits !== undefined && credits > item.maxCredits
      ? [
          `${describeItem(item)} costs ${credits} credits, above its max-credits of ${item.maxCredits}`
        ]
      : []
  })
  if (overCap.length > 0) {
    return refuse(
      'BUDGET_EXCEEDED',
      actionableMessage('BUDGET_EXCEEDED', `${overCap.join('; ')}; nothing was created`),
      figures
    )
  }

  const cap = options.maxTotalCredits
  if (cap !== undefined && figures.totalCredits > cap) {
    // The cap is named in no face's words: the advice that follows names the setting.
    const what =
      `${describeSet(named)} costs ${figures.totalCredits} credits in total ` +
      `(${breakdown(figures.quotes)}), above the batch's total credit cap of ${cap}; nothing was created or charged`
    return refuse('BUDGET_EXCEEDED', actionableMessage('BATCH_BUDGET_EXCEEDED', what), figures)
  }

  if (figures.balance === null && typeof client.account === 'function' && named.length > 0) {
    const account = await client.account({ signal: options.signal, deadline: options.deadline })
    if (account.ok && account.data) figures.balance = account.data.currentBalance
  }
  const unaffordable = balanceProblem(named, figures, priced.unaffordable)
  if (unaffordable !== null) return refuse('INSUFFICIENT_CREDITS', unaffordable, figures)

  return { ok: true, ...figures }
}

/**
 * Warnings (one per model, in the order given) for models the key's account does not
 * list in `supportedModels`: upstream refuses them with `INVALID_MODEL`. When the
 * account answer lists no models at all, one warning says so instead of flagging all.
 */
export function checkAccountModels(account: AccountData, models: readonly string[]): string[] {
  const wanted = [...new Set(models)]
  if (wanted.length === 0) return []
  const supported = Array.isArray(account.supportedModels) ? account.supportedModels : []
  if (supported.length === 0) {
    return [
      `The account answer lists no supportedModels, so ${wanted.join(', ')} could not be checked ` +
        'against this key (a quote shows whether the key may use a model).'
    ]
  }
  return wanted
    .filter(model => !supported.includes(model))
    .map(
      model =>
        `Model "${model}" is not in this key's supportedModels (${supported.join(', ')}): ` +
        'requests with it will fail with INVALID_MODEL. Pick one of those, or ask AIVideoMaker to enable it for the key.'
    )
}

/**
 * A local price hint that says what it is, e.g.
 * `≈ 15 credits (local estimate; the quote is authoritative)`; null when the model has
 * no reference price or the payload does not say the duration or segments. Never a
 * basis for spending decisions: sources disagree on prices (see price-estimate.ts).
 */
export function describeEstimate(model: string, payload: unknown): string | null {
  if (!isModelName(model) || !isRecord(payload)) return null
  const credits = estimateCredits(model, payload)
  return credits === null
    ? null
    : `≈ ${credits} credits (local estimate; the quote is authoritative)`
}

interface NamedItem extends SpendItem {
  name: string
}

interface QuoteRound {
  quotes: QuotedItem[]
  balance: number | null
  /** Items whose quote said `affordable: false`. */
  unaffordable: NamedItem[]
  failure: { errorCode: ErrorCode; errorMessage: string } | null
}

/** Quotes items a few at a time; after a failure no new quote starts. */
async function quoteAll(
  client: SpendClient,
  items: readonly NamedItem[],
  options: SpendOptions
): Promise<QuoteRound> {
  const results: Array<QuotedItem | { failure: QuoteRound['failure'] } | undefined> = []
  let balance: number | null = null
  const unaffordable = new Set<number>()
  let failed = false
  const width = Math.max(1, Math.floor(options.concurrency ?? DEFAULT_CONCURRENCY))
  await forEachLimited(items, width, async (item, index) => {
    if (failed) return
    const answer = await client.quote(item.model, item.payload, {
      signal: options.signal,
      deadline: options.deadline
    })
    if (!answer.ok || answer.data === null) {
      failed = true
      const code = answer.errorCode ?? 'UNKNOWN_ERROR'
      const message = answer.errorMessage ?? 'the quote failed'
      results[index] = {
        failure: { errorCode: code, errorMessage: `Quote for ${describeItem(item)}: ${message}` }
      }
      return
    }
    const { credits, currentBalance, affordable } = answer.data
    if (typeof credits !== 'number' || !Number.isFinite(credits) || credits < 0) {
      failed = true
      const what = `the quote for ${describeItem(item)} carried no price, so no budget can be checked; nothing was created`
      results[index] = {
        failure: {
          errorCode: 'UNKNOWN_ERROR',
          errorMessage: actionableMessage('UNKNOWN_ERROR', what)
        }
      }
      return
    }
    results[index] = { name: item.name, model: item.model, credits }
    // The latest answer's balance is the freshest; quotes do not change it.
    if (typeof currentBalance === 'number') balance = currentBalance
    if (affordable === false) unaffordable.add(index)
  })

  const quotes: QuotedItem[] = []
  let failure: QuoteRound['failure'] = null
  for (const result of results) {
    if (result === undefined) continue
    if ('failure' in result) failure ??= result.failure
    else quotes.push(result)
  }
  return {
    quotes,
    balance,
    unaffordable: items.filter((_, i) => unaffordable.has(i)),
    failure
  }
}

function balanceProblem(
  items: readonly NamedItem[],
  figures: SpendFigures,
  unaffordable: readonly NamedItem[]
): string | null {
  const { balance, totalCredits } = figures
  // The code's own next steps already say "top up, or pick a cheaper model"; a batch can also split.
  const fix = items.length > 1 ? ': top up or split the batch' : ''
  if (balance !== null) {
    if (totalCredits <= balance) return null
    return actionableMessage(
      'INSUFFICIENT_CREDITS',
      `${describeSet(items)} needs ${totalCredits} credits, balance is ${balance}${fix} ` +
        `(${totalCredits - balance} short; nothing was created)`
    )
  }
  if (unaffordable.length === 0) return null
  const names = unaffordable.map(describeItem).join(', ')
  return actionableMessage(
    'INSUFFICIENT_CREDITS',
    `The quote says the balance cannot pay for ${names}${fix} (nothing was created)`
  )
}

function capProblem(
  items: readonly NamedItem[],
  maxTotalCredits: number | undefined
): string | null {
  const problems = items
    .filter(item => item.maxCredits !== undefined && !isCredits(item.maxCredits))
    .map(
      item => `max-credits of ${describeItem(item)} must be a whole number of credits, 0 or more`
    )
  if (maxTotalCredits !== undefined && !isCredits(maxTotalCredits)) {
    problems.push('max-total-credits must be a whole number of credits, 0 or more')
  }
  return problems.length === 0 ? null : actionableMessage('INVALID_INPUT', problems.join('; '))
}

function isCredits(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0
}

function refuse(errorCode: ErrorCode, errorMessage: string, figures: SpendFigures): SpendCheck {
  return { ok: false, errorCode, errorMessage, ...figures }
}

function emptyFigures(): SpendFigures {
  return { quotes: [], totalCredits: 0, balance: null }
}

function describeItem(item: { name: string; model: string }): string {
  return `"${item.name}" (${item.model})`
}

function describeSet(items: readonly NamedItem[]): string {
  return items.length === 1 ? describeItem(items[0]) : `The batch of ${items.length} tasks`
}

/** `"fox" 15, "cat" 40`; long batches are cut short (messages stay readable). */
function breakdown(quotes: readonly QuotedItem[]): string {
  const shown = quotes.slice(0, 10).map(q => `"${q.name}" ${q.credits}`)
  const more = quotes.length > shown.length ? `, and ${quotes.length - shown.length} more` : ''
  return `${shown.join(', ')}${more}`
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0)
}
