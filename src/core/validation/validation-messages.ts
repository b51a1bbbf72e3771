import type { ErrorObject } from 'ajv'
import { FIELD_ALIASES, suggestNames } from './field-suggestion.js'
import { patternProblem } from './image-ref.js'
import { kindOf, plural, preview, quoteAlternatives } from './message-wording.js'
import type { ModelSpec } from './models.js'
import {
  NON_BLANK_PATTERN,
  describeAllowed,
  describeTypes,
  typesOf,
  type SchemaNode
} from './schema-description.js'

/**
 * The payload path an ajv error is about, as segments; for `required` and
 * `additionalProperties` that includes the missing or extra field itself.
 * @internal Left out of the published types (dist/types): its signature names a type of a
 * bundled dependency, which the installed package does not carry.
 */
export function pathSegments(error: ErrorObject): string[] {
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

/**
 * One issue line for an ajv error (needs ajv's `verbose` option): the field path, what
 * it accepts and what it got. `got` is the caller's own value, which can differ from
 * `error.data` when the value was converted before the check.
 * @internal Left out of the published types (dist/types): its signature names a type of a
 * bundled dependency, which the installed package does not carry.
 */
export function describeError(
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
    case 'minLength':
      return limit <= 1
        ? `${path} must not be empty`
        : `${path} must be at least ${limit} characters (got ${characterCount(got)})`
    case 'maxLength':
      return `${path} must be at most ${limit} characters (got ${characterCount(got)})`
    case 'pattern': {
      if (schema.pattern === NON_BLANK_PATTERN) return `${path} must not be blank`
      const problem = patternProblem(String(schema.pattern), got)
      return problem === null ? `${path} must match /${schema.pattern}/` : `${path} ${problem}`
    }
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

function renderPath(segments: readonly string[]): string {
  return segments.reduce((path, segment) => {
    if (/^\d+$/.test(segment)) return `${path}[${segment}]`
    return /^[A-Za-z_$][\w$]*$/.test(segment)
      ? `${path}.${segment}`
      : `${path}[${JSON.stringify(segment)}]`
  }, 'payload')
}

function unknownFieldIssue(
  spec: ModelSpec,
  payload: Record<string, unknown>,
  field: string,
  path: string
): string {
  // $schema only links a payload file to its schema for editors; it is never sent.
  const allowed = Object.keys((spec.schema as SchemaNode).properties ?? {}).filter(
    name => name !== '$schema'
  )
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

function describeGot(value: unknown, types: readonly string[]): string {
  const isFraction = typeof value === 'number' && !Number.isInteger(value)
  return types.includes('integer') && isFraction ? String(value) : kindOf(value)
}

function countOf(value: unknown): number {
  return Array.isArray(value) ? value.length : 0
}

// ajv runs with unicode: false, so it counts UTF-16 units; count the same way.
function characterCount(value: unknown): number {
  return typeof value === 'string' ? value.length : 0
}
