// Tables of a JSON schema's fields, shared by the generated references: docs/models.md
// (scripts/models-doc.mjs) and the skill's api-reference.md (scripts/skill-doc.mjs).
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

export const readSchema = name =>
  JSON.parse(readFileSync(join(root, 'schemas', `${name}.schema.json`), 'utf8'))

// The batch-file schema lists the models in the registry's order (a test compares).
export const batchSchema = readSchema('batch-file')
export const MODELS = batchSchema.$defs.item.properties.model.enum

/** Table cells hold no pipes, line breaks or tags (`<data>` would be read as HTML). */
export const cell = text =>
  String(text)
    .replace(/\|/g, '\\|')
    .replace(/\s*\n\s*/g, ' ')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')

const code = value => `\`${JSON.stringify(value)}\``

function typesOf(node) {
  if (node.type === undefined) return node.enum ? [...new Set(node.enum.map(jsonType))] : []
  return Array.isArray(node.type) ? node.type : [node.type]
}

function jsonType(value) {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  return Number.isInteger(value) ? 'integer' : typeof value
}

function typeText(node) {
  return typesOf(node)
    .map(type => (type === 'array' && node.items ? `array of ${typeText(node.items)}` : type))
    .join(' or ')
}

function patternText(pattern) {
  if (pattern === '\\S') return 'not blank'
  if (pattern.startsWith('^(?:[Hh]')) {
    return 'a public http(s) URL, or data:image/(png|jpeg|webp|gif);base64,<data>'
  }
  if (pattern.startsWith('^[Hh]')) return 'a public http(s) URL'
  return `matches \`${pattern}\``
}

function allowedText(node) {
  const parts = []
  if (node.enum) parts.push(`one of ${node.enum.map(code).join(', ')}`)
  if (node.minimum !== undefined && node.maximum !== undefined) {
    parts.push(`${node.minimum} to ${node.maximum}`)
  } else if (node.minimum !== undefined) parts.push(`at least ${node.minimum}`)
  if (node.pattern) parts.push(patternText(node.pattern))
  if (node.maxLength !== undefined && node.maxLength < 100_000) {
    parts.push(`${node.minLength ?? 0} to ${node.maxLength} characters (UTF-16 units)`)
  }
  if (node.minItems !== undefined || node.maxItems !== undefined) {
    parts.push(`${node.minItems ?? 0} to ${node.maxItems ?? 'any number of'} items`)
  }
  if (node.items) {
    const each = allowedText(node.items)
    if (each !== '') parts.push(`each ${each}`)
  }
  if (node.default !== undefined) parts.push(`default ${code(node.default)}`)
  return parts.join('; ')
}

/** A node with its local `$ref` (`#/$defs/<name>`) filled in from `defs`. */
function resolve(node, defs) {
  return node.$ref ? { ...defs[node.$ref.split('/').pop()], ...node } : node
}

export function fieldTable(schema, defs = {}) {
  const required = new Set(schema.required ?? [])
  const rows = Object.entries(schema.properties).map(([field, given]) => {
    const node = resolve(given, defs)
    return [
      `\`${field}\``,
      typeText(node),
      allowedText(node) || 'any',
      required.has(field) ? 'required' : 'optional',
      node.description
    ]
      .map(cell)
      .join(' | ')
  })
  return [
    '| field | type | allowed values | required | description |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map(row => `| ${row} |`)
  ].join('\n')
}
