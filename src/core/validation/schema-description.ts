import { HTTP_URL_PATTERN, HTTP_URL_TEXT, IMAGE_REF_PATTERN, IMAGE_REF_TEXT } from './image-ref.js'
import { joinAlternatives, preview } from './message-wording.js'

/** The parts of a JSON schema node that the messages read. */
export interface SchemaNode {
  type?: string | string[]
  enum?: unknown[]
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

/** Matches the schemas' "pattern": "\\S": the text has something besides whitespace. */
export const NON_BLANK_PATTERN = '\\S'

const TYPE_NAMES: Readonly<Record<string, string>> = {
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'true or false',
  array: 'an array',
  object: 'an object',
  null: 'null'
}

// Keyed by the schemas' own patterns: the wording a long regular expression stands for.
const PATTERN_TEXT: Readonly<Record<string, { one: string; many: string }>> = {
  [IMAGE_REF_PATTERN]: { one: IMAGE_REF_TEXT, many: 'images' },
  [HTTP_URL_PATTERN]: { one: HTTP_URL_TEXT, many: 'http(s) URLs' }
}

function patternText(schema: SchemaNode): { one: string; many: string } | undefined {
  return schema.pattern === undefined ? undefined : PATTERN_TEXT[schema.pattern]
}

/** The node's `type` as a list (empty when it has none). */
export function typesOf(schema: SchemaNode): string[] {
  if (schema.type === undefined) return []
  return Array.isArray(schema.type) ? schema.type : [schema.type]
}

/** JSON type names in words: `a string or a number`. */
export function describeTypes(types: readonly string[]): string {
  return joinAlternatives(types.map(t => TYPE_NAMES[t] ?? t))
}

/** What a field accepts, in words: `one of "5", "8"`, `an integer from 4 to 15`. */
export function describeAllowed(schema: SchemaNode): string {
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
  const known = patternText(schema)
  if (known !== undefined) return known.one
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
  const known = patternText(items)
  if (known !== undefined) return known.many
  if (typesOf(items).join() === 'string') {
    return items.pattern === NON_BLANK_PATTERN ? 'non-blank strings' : 'strings'
  }
  return `items, each ${describeAllowed(items)}`
}
