import { parse as parseYaml } from 'yaml'
import { actionableMessage } from '../api/errors.js'
import { validateRequest } from '../validation/validate.js'
import { defaultItemName, itemLabel, itemNameProblem, type BatchItem } from './batch-validation.js'

/** Largest batch accepted from one file; split bigger ones across runners (a matrix). */
export const MAX_BATCH_ITEMS = 1000

export type BatchFileResult =
  | { ok: true; items: BatchItem[] }
  | { ok: false; errorCode: 'INVALID_INPUT'; errorMessage: string; issues: string[] }

/** Each field an item may have, with the spellings accepted for it. */
const FIELD_SPELLINGS: Record<keyof BatchItem, readonly string[]> = {
  name: ['name'],
  model: ['model'],
  payload: ['payload'],
  idempotencyKey: ['idempotency-key', 'idempotencyKey'],
  maxCredits: ['max-credits', 'maxCredits'],
  refresh: ['refresh']
}

const KNOWN_FIELDS = new Set(Object.values(FIELD_SPELLINGS).flat())

/**
 * Reads a batch file: a JSON or YAML list of `{ name, model, payload,
 * idempotency-key?, max-credits?, refresh? }` (camelCase spellings also accepted), or an object
 * holding that list under `items`. `.json` is read as JSON, `.yml`/`.yaml` as YAML, any
 * other name as JSON and then as YAML. A missing name becomes `item-<n>` (n counted
 * from 1); names must be unique. A payload may also be given as JSON text.
 *
 * Checks the file's structure (every problem at once, each naming its item); models and
 * payloads are checked by `validateBatch`, and named here too when the structure already
 * refuses the file. Failures are INVALID_INPUT.
 */
export function parseBatchFile(text: string, fileName: string): BatchFileResult {
  const document = parseDocument(text, fileName)
  if (!document.ok) return invalid(fileName, [document.problem])
  const list = itemsOf(document.value)
  if (list === null) {
    return invalid(fileName, [
      'it must hold a list of items ({ name, model, payload }), or an object with that list under "items"'
    ])
  }
  if (list.length === 0) return invalid(fileName, ['it has no items'])
  if (list.length > MAX_BATCH_ITEMS) {
    return invalid(fileName, [
      `it has ${list.length} items, more than ${MAX_BATCH_ITEMS}; split it across several jobs (a matrix)`
    ])
  }
  const issues: string[] = []
  const items = list.map((raw, index) => readItem(raw, index, issues))
  const firstUse = new Map<string, number>()
  items.forEach((item, index) => {
    // Without case: on macOS and Windows runners `Clip.mp4` and `clip.mp4` are one file.
    const folded = item.name.toLowerCase()
    const earlier = firstUse.get(folded)
    if (earlier === undefined) firstUse.set(folded, index)
    else if (items[earlier].name === item.name)
      issues.push(`${itemLabel(index, item.name)}: name is already used by item ${earlier + 1}`)
    else
      issues.push(
        `${itemLabel(index, item.name)}: name is already used by item ${earlier + 1} "${items[earlier].name}" (names that differ only in case name one file on macOS and Windows)`
      )
  })
  if (issues.length === 0) return { ok: true, items }
  // The file is refused as a whole; its items' model and payload problems are said with
  // it, so fixing the structure does not reveal a second round of errors.
  items.forEach((item, index) => {
    // An entry that is no object has no model or payload to speak of: said once, above.
    if (!isObject(list[index])) return
    const checked = validateRequest(item.model, item.payload)
    if (!checked.ok) issues.push(`${itemLabel(index, item.name)}: ${checked.issues.join('; ')}`)
  })
  return invalid(fileName, issues)
}

type Parsed = { ok: true; value: unknown } | { ok: false; problem: string }

function parseDocument(text: string, fileName: string): Parsed {
  const extension = /\.([^./\\]+)$/.exec(fileName)?.[1]?.toLowerCase()
  if (extension === 'json') return parseJson(text)
  if (extension === 'yml' || extension === 'yaml') return parseYamlText(text)
  const json = parseJson(text)
  if (json.ok) return json
  const yaml = parseYamlText(text)
  return yaml.ok
    ? yaml
    : { ok: false, problem: `it is neither valid JSON nor valid YAML (${yaml.problem})` }
}

function parseJson(text: string): Parsed {
  try {
    return { ok: true, value: JSON.parse(text) }
  } catch (error) {
    return { ok: false, problem: `it is not valid JSON (${firstLine(error)})` }
  }
}

function parseYamlText(text: string): Parsed {
  try {
    // uniqueKeys: a repeated field is a mistake, not "the last one wins".
    return { ok: true, value: parseYaml(text, { uniqueKeys: true, prettyErrors: true }) }
  } catch (error) {
    return { ok: false, problem: `it is not valid YAML (${firstLine(error)})` }
  }
}

function itemsOf(value: unknown): unknown[] | null {
  if (Array.isArray(value)) return value
  if (isObject(value) && Array.isArray(value.items)) return value.items
  return null
}

function readItem(raw: unknown, index: number, issues: string[]): BatchItem {
  const fallbackName = defaultItemName(index)
  if (!isObject(raw)) {
    issues.push(`${itemLabel(index, null)}: must be an object with name, model and payload`)
    return { name: fallbackName, model: '', payload: undefined }
  }
  const problems: string[] = []
  const unknown = Object.keys(raw).filter(key => !KNOWN_FIELDS.has(key))
  if (unknown.length > 0) {
    problems.push(
      `unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map(k => JSON.stringify(k)).join(', ')} (allowed: ${[...KNOWN_FIELDS].join(', ')})`
    )
  }
  const field = (key: keyof BatchItem): unknown => {
    const given = FIELD_SPELLINGS[key].filter(spelling => raw[spelling] !== undefined)
    if (given.length > 1) problems.push(`give only one of ${given.join(' and ')}`)
    return given.length === 0 ? undefined : raw[given[0]]
  }
  const rawName = field('name')
  const name = rawName === undefined || rawName === null ? fallbackName : rawName
  const nameProblem = itemNameProblem(name)
  if (nameProblem !== null) problems.push(nameProblem)
  const item: BatchItem = {
    name: typeof name === 'string' ? name : fallbackName,
    model: field('model') as string,
    payload: payloadOf(field('payload'))
  }
  const idempotencyKey = field('idempotencyKey')
  if (idempotencyKey !== undefined) {
    if (typeof idempotencyKey === 'string') item.idempotencyKey = idempotencyKey
    else problems.push('idempotency-key must be a string')
  }
  const maxCredits = creditsOf(field('maxCredits'))
  if (maxCredits !== undefined) {
    if (maxCredits === null)
      problems.push('max-credits must be a whole number of credits, 0 or more')
    else item.maxCredits = maxCredits
  }
  const refresh = field('refresh')
  if (refresh !== undefined) {
    if (typeof refresh === 'boolean') item.refresh = refresh
    else problems.push('refresh must be true or false')
  }
  if (problems.length > 0)
    issues.push(`${itemLabel(index, rawName ?? null)}: ${problems.join('; ')}`)
  return item
}

/** A payload written as JSON text (as in the `payload` input) is read as its object. */
function payloadOf(value: unknown): unknown {
  if (typeof value !== 'string' || !/^\s*\{/.test(value)) return value
  try {
    return JSON.parse(value)
  } catch {
    return value
  }
}

/** undefined: not given; null: given but not a whole number >= 0. */
function creditsOf(value: unknown): number | null | undefined {
  if (value === undefined) return undefined
  if (typeof value === 'string' && /^\d+$/.test(value.trim())) return Number(value.trim())
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : null
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]
}

function invalid(fileName: string, issues: string[]): BatchFileResult {
  return {
    ok: false,
    errorCode: 'INVALID_INPUT',
    errorMessage: actionableMessage(
      'INVALID_INPUT',
      `Batch file ${fileName}: ${issues.join('; ')}`
    ),
    issues
  }
}
