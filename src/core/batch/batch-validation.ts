import type { Failure } from '../api/envelope.js'
import type { ErrorCode } from '../api/error-codes.js'
import { actionableMessage } from '../api/errors.js'
import { findCreateLimitProblems } from '../api/create-limits.js'
import type { ModelName } from '../validation/models.js'
import { validateRequest } from '../validation/validate.js'

/** One job of a batch, as a face hands it to the core. */
export interface BatchItem {
  /**
   * Unique within the batch: names the item's result and its downloaded file
   * (`<downloadDir>/<name>.mp4`), so only `A-Z a-z 0-9 . _ -` are allowed, 1 to 100
   * characters, starting with a letter or digit.
   */
  name: string
  model: string
  payload: unknown
  /** 8..128 characters; default: derived from the batch's base key and the item. */
  idempotencyKey?: string
  /** Sent as X-Max-Credits for this item only. */
  maxCredits?: number
  /** Render again even when the result cache has this request (and replace its entry). */
  refresh?: boolean
}

export interface ValidItem {
  /** Position in the batch, from 0. */
  index: number
  item: BatchItem
  model: ModelName
  /** The payload as it will be sent (durations coerced to the model's type). */
  payload: Record<string, unknown>
  notes: string[]
}

export interface InvalidItem {
  index: number
  item: BatchItem
  failure: Failure & { issues: string[] }
}

export interface BatchValidation {
  /** True when every item is valid. */
  ok: boolean
  valid: ValidItem[]
  invalid: InvalidItem[]
  /** Null when ok; otherwise the code all invalid items share, else INVALID_INPUT. */
  errorCode: ErrorCode | null
  /** Null when ok; otherwise one line per problem, each naming the item. */
  errorMessage: string | null
  /** Every problem, each prefixed with its item's label (`item 3 "fox-night": ...`). */
  issues: string[]
}

const ITEM_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/

/** How messages name an item: its position counted from 1, and its name. */
export function itemLabel(index: number, name: unknown): string {
  const shown = typeof name === 'string' ? JSON.stringify(name.slice(0, 100)) : null
  return shown === null ? `item ${index + 1}` : `item ${index + 1} ${shown}`
}

/** The name an item without one gets: `item-<position counted from 1>`. */
export function defaultItemName(index: number): string {
  return `item-${index + 1}`
}

/** Problems with an item name alone (not its uniqueness), or null. */
export function itemNameProblem(name: unknown): string | null {
  if (typeof name !== 'string') return `name must be a string (got ${typeof name})`
  if (!ITEM_NAME.test(name)) {
    return 'name must be 1 to 100 letters, digits, ".", "_" or "-", starting with a letter or digit (it names the downloaded file)'
  }
  return null
}

/**
 * Checks every item of a batch before anything is created: names (safe, unique), the
 * create options (idempotency key, max credits), and model and payload with
 * `validateRequest`. Each problem names its item by position (from 1) and name. Sends
 * nothing; whether invalid items stop the batch is the caller's decision.
 */
export function validateBatch(items: readonly BatchItem[]): BatchValidation {
  const seen = new Map<string, number>()
  const valid: ValidItem[] = []
  const invalid: InvalidItem[] = []
  items.forEach((item, index) => {
    const problems: string[] = []
    const nameProblem = itemNameProblem(item.name)
    // Compared without case: on macOS and Windows runners `Clip.mp4` and `clip.mp4` are one file.
    const folded = typeof item.name === 'string' ? item.name.toLowerCase() : ''
    if (nameProblem !== null) problems.push(nameProblem)
    else if (seen.has(folded)) {
      const first = seen.get(folded) as number
      const sameCase = items[first]?.name === item.name
      problems.push(
        `name is already used by ${itemLabel(first, items[first]?.name)}${sameCase ? '' : ' (names that differ only in case name one file on macOS and Windows)'}`
      )
    } else seen.set(folded, index)
    problems.push(...findCreateLimitProblems(item))
    const checked = validateRequest(item.model, item.payload)
    if (checked.ok && problems.length === 0) {
      valid.push({
        index,
        item,
        model: checked.model,
        payload: checked.payload,
        notes: checked.notes
      })
      return
    }
    const label = itemLabel(index, item.name)
    const issues = [...problems, ...(checked.ok ? [] : checked.issues)]
    const code: ErrorCode = checked.ok ? 'INVALID_INPUT' : checked.errorCode
    const detail = checked.ok
      ? actionableMessage('INVALID_INPUT', problems.join('; '))
      : [...problems, checked.errorMessage].join('; ')
    invalid.push({
      index,
      item,
      failure: { errorCode: code, errorMessage: `${label}: ${detail}`, issues }
    })
  })
  if (invalid.length === 0) {
    return { ok: true, valid, invalid, errorCode: null, errorMessage: null, issues: [] }
  }
  const issues = invalid.flatMap(bad =>
    bad.failure.issues.map(issue => `${itemLabel(bad.index, bad.item.name)}: ${issue}`)
  )
  const codes = new Set(invalid.map(bad => bad.failure.errorCode))
  const errorCode: ErrorCode = codes.size === 1 ? [...codes][0] : 'INVALID_INPUT'
  const count = `${invalid.length} of ${items.length} batch items ${invalid.length === 1 ? 'is' : 'are'} invalid`
  return {
    ok: false,
    valid,
    invalid,
    errorCode,
    errorMessage: `${count}: ${issues.join('; ')}`,
    issues
  }
}
