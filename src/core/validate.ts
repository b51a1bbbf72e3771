import { Buffer } from 'node:buffer'
import { Ajv, type ErrorObject, type SchemaObject, type ValidateFunction } from 'ajv'
import { MODEL_NAMES, getModelSpec, isModelName, type ModelName, type ModelSpec } from './models.js'

/** Largest serialized payload accepted: 10 MB (10 * 1024 * 1024 bytes of JSON). */
export const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024

export type ValidationResult =
  | { ok: true; model: ModelName; payload: Record<string, unknown>; notes: string[] }
  | {
      ok: false
      errorCode: 'INVALID_MODEL' | 'INVALID_PAYLOAD'
      errorMessage: string
      issues: string[]
    }

/**
 * Checks a request locally, so nothing is sent (or paid for) when it cannot succeed.
 *
 * - `model` must be one of `MODEL_NAMES`, else `INVALID_MODEL` listing them.
 * - `payload` must be a plain JSON object of at most `MAX_PAYLOAD_BYTES` serialized,
 *   valid against the model's schema and its cross-field rules, else
 *   `INVALID_PAYLOAD`; `issues` holds one line per problem, each naming the field
 *   path and what it accepts, and `errorMessage` joins them and ends with a hint.
 *
 * On success `payload` is a shallow copy of the caller's object (never the object
 * itself), without `undefined` fields, and with `duration` converted to the type the
 * model expects when the caller gave the other one (`5` -> `"5"` for t2v, `"10"` ->
 * `10` for seedance20); each conversion is described in `notes`.
 */
export function validateRequest(model: unknown, payload: unknown): ValidationResult {
  if (!isModelName(model)) return invalidModel(model)
  const spec = getModelSpec(model)
  if (!isPlainObject(payload)) {
    const hint =
      typeof payload === 'string'
        ? `Parse the JSON text into an object first, e.g. ${exampleOf(spec)}`
        : `Pass one object, e.g. ${exampleOf(spec)}`
    return invalidPayload(spec, [`payload must be a JSON object (got ${kindOf(payload)})`], hint)
  }
  const sizeIssue = payloadSizeIssue(payload)
  if (sizeIssue !== null) {
    return invalidPayload(
      spec,
      [sizeIssue],
      'Pass images as public https:// URLs instead of data: URIs (or send smaller images), then retry'
    )
  }
  const prepared = preparePayload(spec, payload)
  const issues = [
    ...schemaIssues(spec, prepared.payload, prepared.originals),
    ...crossFieldIssues(spec.name, prepared.payload)
  ]
  if (issues.length > 0) {
    return invalidPayload(
      spec,
      issues,
      `Fix the payload and retry (nothing was sent); a valid ${spec.name} payload looks like ${exampleOf(spec)}`
    )
  }
  return { ok: true, model, payload: prepared.payload, notes: prepared.notes }
}

// ---------------------------------------------------------------------------
// Outcomes

function invalidModel(model: unknown): ValidationResult {
  const supported = MODEL_NAMES.join(', ')
  const allowed = `model must be one of ${supported}`
  if (typeof model !== 'string') {
    return {
      ok: false,
      errorCode: 'INVALID_MODEL',
      errorMessage: `Model must be a string (got ${kindOf(model)}). Supported models: ${supported}.`,
      issues: [`${allowed} (got ${kindOf(model)})`]
    }
  }
  if (model.trim() === '') {
    return {
      ok: false,
      errorCode: 'INVALID_MODEL',
      errorMessage: `No model given. Supported models: ${supported}.`,
      issues: [`model is required (one of ${supported})`]
    }
  }
  const guesses = suggestNames(model, MODEL_NAMES)
  return {
    ok: false,
    errorCode: 'INVALID_MODEL',
    errorMessage:
      `Unsupported model ${preview(model)}. Supported models: ${supported}.` +
      (guesses.length === 0 ? '' : ` Did you mean ${quoteAlternatives(guesses)}?`),
    issues: [`${allowed} (got ${preview(model)})`]
  }
}

function invalidPayload(spec: ModelSpec, issues: string[], hint: string): ValidationResult {
  return {
    ok: false,
    errorCode: 'INVALID_PAYLOAD',
    errorMessage: `Invalid ${spec.name} payload: ${issues.join('; ')}. ${hint}.`,
    issues
  }
}

function exampleOf(spec: ModelSpec): string {
  const examples = spec.schema.examples
  return Array.isArray(examples) && examples.length > 0 ? JSON.stringify(examples[0]) : '{}'
}

// ---------------------------------------------------------------------------
// Shape, size and coercion

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  // Checked by shape, not identity, so objects from another realm (vm, jest) pass.
  const proto: unknown = Object.getPrototypeOf(value)
  return proto === null || Object.getPrototypeOf(proto) === null
}

// Serialized once: the size is what upstream would receive, and stringify also finds
// what JSON cannot carry (cycles, BigInt).
function payloadSizeIssue(payload: Record<string, unknown>): string | null {
  let json: string
  try {
    json = JSON.stringify(payload)
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error)
    return `payload cannot be serialized as JSON (${reason})`
  }
  // UTF-8 takes at most 3 bytes per UTF-16 unit, so short text needs no exact count.
  if (json.length * 3 <= MAX_PAYLOAD_BYTES) return null
  const bytes = Buffer.byteLength(json, 'utf8')
  if (bytes <= MAX_PAYLOAD_BYTES) return null
  const megabytes = (bytes / (1024 * 1024)).toFixed(1)
  return `payload is ${megabytes} MB (${bytes} bytes) as JSON, over the 10 MB limit (${MAX_PAYLOAD_BYTES} bytes)`
}

interface PreparedPayload {
  payload: Record<string, unknown>
  notes: string[]
  /** The caller's values of fields that were converted, for error messages. */
  originals: Map<string, unknown>
}

function preparePayload(spec: ModelSpec, input: Record<string, unknown>): PreparedPayload {
  // fromEntries defines own properties, so a "__proto__" key stays a plain (unknown) field.
  const payload = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined))
  const notes: string[] = []
  const originals = new Map<string, unknown>()
  const duration = payload.duration
  if (spec.durationType === 'string' && typeof duration === 'number' && isFinite(duration)) {
    payload.duration = String(duration)
    notes.push(
      `payload.duration was the number ${duration}; sent as the string "${payload.duration}" as ${spec.name} expects`
    )
    originals.set('duration', duration)
  } else if (
    spec.durationType === 'number' &&
    typeof duration === 'string' &&
    /^\d+$/.test(duration)
  ) {
    payload.duration = Number(duration)
    notes.push(
      `payload.duration was the string "${duration}"; sent as the number ${payload.duration} as ${spec.name} expects`
    )
    originals.set('duration', duration)
  }
  return { payload, notes, originals }
}

// ---------------------------------------------------------------------------
// Structural check (ajv) and its messages

interface SchemaNode {
  type?: string | string[]
  enum?: unknown[]
  format?: string
  minLength?: number
  maxLength?: number
  pattern?: string
  minimum?: number
  maximum?: number
  minItems?: number
  maxItems?: number
  items?: SchemaNode
  properties?: Record<string, SchemaNode>
}

// Matches the schemas' "pattern": "\\S": the text has something besides whitespace.
const NON_BLANK_PATTERN = '\\S'

let sharedAjv: Ajv | undefined
const validators = new Map<ModelName, ValidateFunction>()

function createAjv(): Ajv {
  // verbose: errors carry the failing value and schema, which the messages quote.
  const ajv = new Ajv({ strict: true, allErrors: true, allowUnionTypes: true, verbose: true })
  ajv.addFormat('image-ref', { type: 'string', validate: value => imageRefProblem(value) === null })
  ajv.addFormat('http-url', { type: 'string', validate: value => httpUrlProblem(value) === null })
  return ajv
}

function validatorFor(spec: ModelSpec): ValidateFunction {
  let validate = validators.get(spec.name)
  if (validate === undefined) {
    sharedAjv ??= createAjv()
    validate = sharedAjv.compile(spec.schema as SchemaObject)
    validators.set(spec.name, validate)
  }
  return validate
}

function schemaIssues(
  spec: ModelSpec,
  payload: Record<string, unknown>,
  originals: Map<string, unknown>
): string[] {
  const validate = validatorFor(spec)
  if (validate(payload)) return []
  // One message per field: a value that fails both `type` and `enum` is best
  // explained by the allowed values.
  const byPath = new Map<string, { segments: string[]; error: ErrorObject }>()
  for (const error of validate.errors ?? []) {
    const segments = pathSegments(error)
    const key = JSON.stringify(segments)
    const kept = byPath.get(key)
    if (kept === undefined || (error.keyword === 'enum' && kept.error.keyword === 'type')) {
      byPath.set(key, { segments, error })
    }
  }
  return [...byPath.values()].map(({ segments, error }) => {
    const got =
      segments.length === 1 && originals.has(segments[0]) ? originals.get(segments[0]) : error.data
    return describeError(spec, payload, segments, error, got)
  })
}

function pathSegments(error: ErrorObject): string[] {
  const segments = error.instancePath
    .split('/')
    .slice(1)
    .map(s => s.replace(/~1/g, '/').replace(/~0/g, '~'))
  if (error.keyword === 'required') segments.push(String(error.params.missingProperty))
  if (error.keyword === 'additionalProperties') {
    segments.push(String(error.params.additionalProperty))
  }
  return segments
}

function renderPath(segments: readonly string[]): string {
  return segments.reduce((path, segment) => {
    if (/^\d+$/.test(segment)) return `${path}[${segment}]`
    return /^[A-Za-z_$][\w$]*$/.test(segment)
      ? `${path}.${segment}`
      : `${path}[${JSON.stringify(segment)}]`
  }, 'payload')
}

function describeError(
  spec: ModelSpec,
  payload: Record<string, unknown>,
  segments: string[],
  error: ErrorObject,
  got: unknown
): string {
  const path = renderPath(segments)
  const schema = (error.parentSchema ?? {}) as SchemaNode
  const limit = Number(error.params.limit)
  switch (error.keyword) {
    case 'required': {
      const field = schema.properties?.[segments[segments.length - 1]] ?? {}
      return `${path} is required (${describeAllowed(field)})`
    }
    case 'additionalProperties':
      return unknownFieldIssue(spec, payload, segments[segments.length - 1], path)
    case 'enum':
      return `${path} must be one of ${(schema.enum ?? []).map(preview).join(', ')} (got ${preview(got)}${enumHint(got, schema.enum ?? [])})`
    case 'type':
      return `${path} must be ${describeTypes(typesOf(schema))} (got ${describeGot(got, typesOf(schema))})`
    case 'format':
      return `${path} ${formatProblem(String(error.params.format), got) ?? 'is not valid'}`
    case 'minLength':
      return limit <= 1
        ? `${path} must not be empty`
        : `${path} must be at least ${limit} characters (got ${characterCount(got)})`
    case 'maxLength':
      return `${path} must be at most ${limit} characters (got ${characterCount(got)})`
    case 'pattern':
      return schema.pattern === NON_BLANK_PATTERN
        ? `${path} must not be blank`
        : `${path} must match /${schema.pattern}/`
    case 'minimum':
    case 'maximum':
      return `${path} must be ${describeAllowed(schema)} (got ${preview(got)})`
    case 'minItems':
      return `${path} must have at least ${plural(limit, 'item')} (got ${countOf(got)})`
    case 'maxItems':
      return `${path} must have at most ${plural(limit, 'item')} (got ${countOf(got)})`
    default:
      return `${path} ${error.message ?? 'is not valid'}`
  }
}

function unknownFieldIssue(
  spec: ModelSpec,
  payload: Record<string, unknown>,
  field: string,
  path: string
): string {
  const allowed = Object.keys((spec.schema as SchemaNode).properties ?? {})
  const guesses = suggestNames(field, allowed, FIELD_ALIASES)
  // "aspect_ratio" beside "aspectRatio": the guess is already there, so the extra goes.
  const sent = guesses.filter(name => Object.hasOwn(payload, name))
  const hint =
    guesses.length === 0
      ? ''
      : sent.length === guesses.length
        ? `it repeats ${quoteAlternatives(sent)}, which is already set: remove it; `
        : `did you mean ${quoteAlternatives(guesses.filter(name => !sent.includes(name)))}?; `
  return `${path} is not a field of ${spec.name} (${hint}allowed fields: ${allowed.join(', ')})`
}

function enumHint(got: unknown, allowed: readonly unknown[]): string {
  const sameText = allowed.find(a => typeof a !== typeof got && String(a) === String(got))
  if (typeof sameText === 'number') return `; write it as ${sameText}, a number without quotes`
  if (typeof sameText === 'string') return `; write it as "${sameText}", a string in quotes`
  if (typeof got !== 'string') return ''
  const loose = (s: string): string => s.toLowerCase().replace(/\s+/g, '')
  const close = allowed.find(a => typeof a === 'string' && loose(a) === loose(got))
  return close === undefined ? '' : `; did you mean "${String(close)}"?`
}

function typesOf(schema: SchemaNode): string[] {
  if (schema.type === undefined) return []
  return Array.isArray(schema.type) ? schema.type : [schema.type]
}

const TYPE_NAMES: Readonly<Record<string, string>> = {
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'true or false',
  array: 'an array',
  object: 'an object',
  null: 'null'
}

function describeTypes(types: readonly string[]): string {
  return joinAlternatives(types.map(t => TYPE_NAMES[t] ?? t))
}

function describeGot(value: unknown, types: readonly string[]): string {
  const isFraction = typeof value === 'number' && !Number.isInteger(value)
  return types.includes('integer') && isFraction ? String(value) : kindOf(value)
}

const IMAGE_MEDIA_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif']
const IMAGE_REF_TEXT = 'a public http(s) URL or a data:image/(png|jpeg|webp|gif);base64 URI'

const FORMAT_TEXT: Readonly<Record<string, { one: string; many: string }>> = {
  'image-ref': {
    one: IMAGE_REF_TEXT,
    many: 'images'
  },
  'http-url': { one: 'a public http(s) URL', many: 'http(s) URLs' }
}

/** What a field accepts, in words: `one of "5", "8"`, `an integer from 4 to 15`. */
function describeAllowed(schema: SchemaNode): string {
  if (Array.isArray(schema.enum)) return `one of ${schema.enum.map(preview).join(', ')}`
  const types = typesOf(schema)
  if (types.length === 0) return 'any value'
  return joinAlternatives(types.map(type => describeType(type, schema)))
}

function describeType(type: string, schema: SchemaNode): string {
  switch (type) {
    case 'string':
      return describeString(schema)
    case 'integer':
    case 'number':
      return `${TYPE_NAMES[type]}${describeRange(schema.minimum, schema.maximum)}`
    case 'array': {
      const count = describeCount(schema.minItems, schema.maxItems)
      return `an array of ${count}${describeItems(schema.items ?? {})}`
    }
    default:
      return TYPE_NAMES[type] ?? type
  }
}

function describeString(schema: SchemaNode): string {
  if (schema.format !== undefined && FORMAT_TEXT[schema.format])
    return FORMAT_TEXT[schema.format].one
  const base =
    schema.pattern === NON_BLANK_PATTERN
      ? 'a non-blank string'
      : (schema.minLength ?? 0) > 0
        ? 'a non-empty string'
        : 'a string'
  return schema.maxLength === undefined ? base : `${base} of at most ${schema.maxLength} characters`
}

function describeRange(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return ` from ${min} to ${max}`
  if (min !== undefined) return ` of at least ${min}`
  return max === undefined ? '' : ` of at most ${max}`
}

function describeCount(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return `${min} to ${max} `
  if (max !== undefined) return `up to ${max} `
  return min === undefined ? '' : `at least ${min} `
}

function describeItems(items: SchemaNode): string {
  if (items.format !== undefined && FORMAT_TEXT[items.format]) return FORMAT_TEXT[items.format].many
  if (typesOf(items).join() === 'string') {
    return items.pattern === NON_BLANK_PATTERN ? 'non-blank strings' : 'strings'
  }
  return `items, each ${describeAllowed(items)}`
}

function joinAlternatives(parts: readonly string[]): string {
  if (parts.length <= 1) return parts.join('')
  return `${parts.slice(0, -1).join(', ')} or ${parts[parts.length - 1]}`
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`
}

function countOf(value: unknown): number {
  return Array.isArray(value) ? value.length : 0
}

// ajv counts code points, not UTF-16 units; count the same way.
function characterCount(value: unknown): number {
  return typeof value === 'string' ? [...value].length : 0
}

/** The JSON kind of a value, as error messages name it: `number`, `array`, `null`. */
function kindOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  if (typeof value === 'object') {
    const name = (value as object).constructor?.name
    return name && name !== 'Object' ? name : 'object'
  }
  return typeof value
}

/** A short JSON rendering of a value for messages (data URIs are long). */
function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value)
  return text.length > 60 ? `${text.slice(0, 57)}...` : text
}

// ---------------------------------------------------------------------------
// Image and URL fields (the `image-ref` and `http-url` formats)

function formatProblem(format: string, value: unknown): string | null {
  if (typeof value !== 'string') return null
  if (format === 'image-ref') return imageRefProblem(value)
  return format === 'http-url' ? httpUrlProblem(value) : null
}

/** Why a value is not an image reference, or null when it is one. */
function imageRefProblem(value: string): string | null {
  return /^data:/i.test(value) ? dataUriProblem(value) : urlProblem(value, IMAGE_REF_TEXT)
}

/** Why a value is not a public http(s) URL, or null when it is one. */
function httpUrlProblem(value: string): string | null {
  if (/^data:/i.test(value)) {
    return 'must be a public http(s) URL; data: URIs are not accepted for this field'
  }
  return urlProblem(value, 'a public http(s) URL')
}

function urlProblem(value: string, expected: string): string | null {
  if (value.trim() !== value) return `must not start or end with spaces (got ${preview(value)})`
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return `must be ${expected} (got ${preview(value)})`
  }
  if (url.protocol === 'file:') {
    return `must be ${expected}, not a file: URL (the service cannot read files on this machine)`
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return `must be ${expected}, not a ${url.protocol} URL`
  }
  if (url.username !== '' || url.password !== '') {
    return 'must not contain a user name or password (the URL is sent to the service as is)'
  }
  return null
}

function dataUriProblem(value: string): string | null {
  const comma = value.indexOf(',')
  if (comma < 0) return 'is a data URI without data (expected data:image/png;base64,<data>)'
  const [mediaType, ...parameters] = value.slice('data:'.length, comma).split(';')
  if (!IMAGE_MEDIA_TYPES.includes(mediaType)) return mediaTypeProblem(mediaType)
  if (parameters.join(';') !== 'base64') {
    return `must be a base64 data URI: data:${mediaType};base64,<data>`
  }
  const problem = base64Problem(value.slice(comma + 1))
  return problem === null ? null : `has invalid base64 data: ${problem}`
}

function mediaTypeProblem(mediaType: string): string {
  const accepted = 'only image/png, image/jpeg, image/webp and image/gif are accepted'
  const lower = mediaType.toLowerCase()
  if (lower === 'image/svg+xml') {
    return `is an SVG data URI (image/svg+xml), which is not accepted; convert it to PNG, JPEG, WebP or GIF`
  }
  if (lower === 'image/jpg') return 'is a data URI of type image/jpg; write image/jpeg'
  if (IMAGE_MEDIA_TYPES.includes(lower)) {
    return `is a data URI of type ${mediaType}; write the type in lower case (${lower})`
  }
  const shown = mediaType === '' ? 'text/plain (none given)' : preview(mediaType)
  return `is a data URI of type ${shown}; ${accepted}`
}

function base64Problem(data: string): string | null {
  if (data === '') return 'there is no data after "base64,"'
  const body = data.replace(/={1,2}$/, '')
  const bad = body.search(/[^A-Za-z0-9+/]/)
  if (bad >= 0) {
    const char = body[bad]
    return `unexpected ${JSON.stringify(char)} at position ${bad}${base64CharHint(char)}`
  }
  if (data.length % 4 !== 0) {
    return `its length ${data.length} is not a multiple of 4 (truncated, or "=" padding missing)`
  }
  return null
}

function base64CharHint(char: string): string {
  if (char === '-' || char === '_') return ' (URL-safe base64; use + and / instead)'
  if (char === '=') return ' ("=" padding may only end the data, at most twice)'
  return /\s/.test(char) ? ' (remove line breaks and spaces)' : ''
}

// ---------------------------------------------------------------------------
// Cross-field rules the schemas do not express

const CROSS_FIELD_RULES: Partial<
  Record<ModelName, (payload: Record<string, unknown>) => string[]>
> = {
  minimax: minimaxRuleIssues,
  seedance20: seedanceRuleIssues
}

function crossFieldIssues(model: ModelName, payload: Record<string, unknown>): string[] {
  return CROSS_FIELD_RULES[model]?.(payload) ?? []
}

function isPresent(payload: Record<string, unknown>, field: string): boolean {
  const value = payload[field]
  if (!Object.hasOwn(payload, field) || value === null) return false
  return !(Array.isArray(value) && value.length === 0)
}

const MINIMAX_FRAMES = ['imageUrl', 'lastFrameUrl']
const MINIMAX_REFERENCES = ['referenceImageUrls', 'referenceVideoUrl', 'referenceAudioUrls']

function minimaxRuleIssues(payload: Record<string, unknown>): string[] {
  const issues: string[] = []
  const frames = MINIMAX_FRAMES.filter(f => isPresent(payload, f))
  const references = MINIMAX_REFERENCES.filter(f => isPresent(payload, f))
  if (frames.length > 0 && references.length > 0) {
    issues.push(
      `${joinFields(frames)} cannot be combined with ${joinFields(references)}: minimax takes ` +
        `either frames (${MINIMAX_FRAMES.join(', ')}) or references (${MINIMAX_REFERENCES.join(', ')}); remove one group`
    )
  }
  if (isPresent(payload, 'lastFrameUrl') && !isPresent(payload, 'imageUrl')) {
    issues.push('payload.lastFrameUrl requires payload.imageUrl (the first frame); add imageUrl')
  }
  return issues
}

const SEEDANCE_SOURCES = ['prompt', 'image', 'video']

function seedanceRuleIssues(payload: Record<string, unknown>): string[] {
  if (SEEDANCE_SOURCES.some(f => isPresent(payload, f))) return []
  const sources = joinFields(SEEDANCE_SOURCES, 'or')
  return isPresent(payload, 'audio')
    ? [`payload.audio cannot be used alone; add ${sources}`]
    : [`payload needs at least one of ${SEEDANCE_SOURCES.map(f => `payload.${f}`).join(', ')}`]
}

function joinFields(fields: readonly string[], conjunction = 'and'): string {
  const paths = fields.map(f => `payload.${f}`)
  if (paths.length <= 1) return paths.join('')
  return `${paths.slice(0, -1).join(', ')} ${conjunction} ${paths[paths.length - 1]}`
}

// ---------------------------------------------------------------------------
// "Did you mean" suggestions

// Names that mean the same thing across models: copying one model's body to
// another is the most common cause of INVALID_PAYLOAD.
const FIELD_ALIASES: readonly (readonly string[])[] = [
  ['prompt', 'content', 'text'],
  ['image', 'imageUrl', 'img', 'firstFrame', 'firstFrameUrl'],
  ['lastFrameUrl', 'lastFrame', 'endFrame', 'lastImage'],
  ['aspectRatio', 'ratio'],
  ['video', 'videoUrl', 'referenceVideoUrl'],
  ['audio', 'audioUrl', 'referenceAudioUrls'],
  ['referenceImageUrls', 'referenceImages', 'images']
]

function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[\s_-]/g, '')
}

/**
 * The candidates the caller most likely meant: the same name ignoring case, `_` and
 * `-`; a known alias; the one name it begins; or the nearest by a small edit distance
 * (several when tied, e.g. "t2v3" -> t2v, t2v_v3).
 */
function suggestNames(
  input: string,
  candidates: readonly string[],
  aliases: readonly (readonly string[])[] = []
): string[] {
  const target = normalizeName(input)
  if (target === '' || target.length > 64) return []
  const exact = candidates.filter(c => normalizeName(c) === target)
  if (exact.length > 0) return exact
  const group = aliases.find(names => names.some(n => normalizeName(n) === target))
  const aliased = candidates.filter(c => group?.includes(c))
  if (aliased.length > 0) return aliased
  const prefixed = candidates.filter(c => target.length >= 3 && normalizeName(c).startsWith(target))
  if (prefixed.length === 1) return prefixed
  const distances = candidates.map(c => editDistance(target, normalizeName(c)))
  const best = Math.min(...distances)
  if (best > (target.length <= 4 ? 1 : 2)) return []
  return candidates.filter((_, i) => distances[i] === best)
}

function quoteAlternatives(names: readonly string[]): string {
  return joinAlternatives(names.map(name => `"${name}"`))
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution))
    }
    previous = current
  }
  return previous[b.length]
}
