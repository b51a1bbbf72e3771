import { describe, expect, it } from '@jest/globals'
import { Validator, type Schema } from '@cfworker/json-schema'
import fc from 'fast-check'
import { readFileSync, readdirSync } from 'node:fs'
import { parseBatchFile } from '../../src/core/batch/batch-file.js'
import { validateBatch } from '../../src/core/batch/batch-validation.js'
import { preparePayload } from '../../src/core/validation/duration-coercion.js'
import { MODEL_NAMES, getModelSpec, type ModelName } from '../../src/core/validation/models.js'
import { validateRequest } from '../../src/core/validation/validate.js'
import { BAD_INPUT_CASES } from '../bad-input/cases.js'
import { modelAndPayload } from '../reliability/payload-arbitraries.js'

/**
 * The schema files are the whole payload contract: a second, independent JSON Schema
 * implementation (@cfworker/json-schema), given nothing but the files in schemas/, must
 * reach the core's verdict on every case. The core also converts `duration` to the
 * model's type before its check, so the second validator judges the body the core would
 * send. Two rules JSON Schema cannot state are the only allowed differences, and each is
 * pinned below: the 10 MB limit on the whole body, and text limits counted in UTF-16
 * units (standard maxLength counts code points, so "😀" is 1 there and 2 for the core).
 */

const schemas = new Map<string, Schema>(
  readdirSync('schemas')
    .filter(file => file.endsWith('.schema.json'))
    .map(file => {
      const schema = JSON.parse(readFileSync(`schemas/${file}`, 'utf8')) as Schema
      return [file.replace('.schema.json', ''), schema] as const
    })
)

function secondValidator(name: string): Validator {
  const schema = schemas.get(name)
  if (schema === undefined) throw new Error(`no schemas/${name}.schema.json`)
  return new Validator(schema, '2020-12', false)
}

const validators = new Map(MODEL_NAMES.map(name => [name, secondValidator(name)] as const))

const IMG = 'https://example.com/cat.png'
const PNG = 'data:image/png;base64,iVBORw0KGgo='
const T2V = { prompt: 'a red fox in snow', aspectRatio: '16:9', duration: '5' }
const SEEDANCE = { duration: 5, resolution: 720, ratio: '16:9' }

/** Image and URL strings on both sides of the patterns. */
const URLS = [
  IMG,
  'http://cdn.example/a.jpg?x=1',
  'HTTPS://EXAMPLE.COM/A.PNG',
  'https://example.com',
  'https://example.com?x=1',
  'https://example.com#top',
  'https://example.com:8443/a.png',
  'https://[::1]/a.png',
  'https://sub.exa_mple.co.uk/a%20b.png',
  'https://example.com/@fox/a.png',
  'https://user:pw@example.com/a.png',
  'https://user@example.com/a.png',
  'https://example.com/a b.png',
  'https://exa mple.com/a.png',
  'https://example.com\\a.png',
  'https://',
  ' https://example.com/a.png',
  'https://example.com/a.png\n',
  'ftp://example.com/a.png',
  'file:///tmp/a.png',
  'javascript:alert(1)',
  'example.com/a.png',
  '',
  PNG,
  'data:image/jpeg;base64,AAAA',
  'data:image/webp;base64,AA==',
  'data:image/gif;base64,AAA=',
  'data:image/png;base64,A===',
  'data:image/png;base64,AAA',
  'data:image/png;base64,',
  'data:image/png;base64,AA-_',
  'data:image/png;base64,AA AA',
  'data:image/jpg;base64,AAAA',
  'data:image/PNG;base64,AAAA',
  'DATA:image/png;base64,AAAA',
  'data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=',
  'data:image/png,AAAA',
  'data:text/plain;base64,AAAA'
]

/** Per model: its examples, each field missing, wrong in type or value, or an extra one. */
function ownCases(): [ModelName, unknown][] {
  const cases: [ModelName, unknown][] = []
  for (const model of MODEL_NAMES) {
    const schema = getModelSpec(model).schema as {
      examples: Record<string, unknown>[]
      properties: Record<string, { enum?: unknown[]; pattern?: string; items?: object }>
    }
    const example = schema.examples[0]
    cases.push([model, example], [model, { ...example, extra: 1 }], [model, {}])
    for (const field of Object.keys(example)) {
      const rest = Object.fromEntries(Object.entries(example).filter(([key]) => key !== field))
      cases.push([model, rest], [model, { ...example, [field]: null }])
      cases.push([model, { ...example, [field]: 12.5 }], [model, { ...example, [field]: [] }])
    }
    for (const [field, property] of Object.entries(schema.properties)) {
      for (const value of property.enum ?? []) cases.push([model, { ...example, [field]: value }])
      if (property.pattern?.startsWith('^(?:') || property.pattern?.startsWith('^[Hh]')) {
        for (const url of URLS) cases.push([model, { ...example, [field]: url }])
      }
      if (property.items !== undefined) {
        for (const url of URLS) cases.push([model, { ...example, [field]: [url] }])
        for (const count of [0, 1, 2, 3, 4, 5, 6, 7]) {
          cases.push([
            model,
            { ...example, [field]: Array(count).fill(field === 'prompt' ? 'x' : IMG) }
          ])
        }
      }
    }
  }
  const minimax = { content: 'a paper boat' }
  cases.push(
    ['minimax', { ...minimax, imageUrl: IMG, lastFrameUrl: IMG }],
    ['minimax', { ...minimax, lastFrameUrl: IMG }],
    ['minimax', { ...minimax, imageUrl: IMG, referenceImageUrls: [IMG] }],
    ['minimax', { ...minimax, lastFrameUrl: IMG, referenceVideoUrl: IMG }],
    ['minimax', { ...minimax, imageUrl: IMG, referenceAudioUrls: [IMG] }],
    ['minimax', { ...minimax, imageUrl: null, referenceImageUrls: [] }],
    [
      'minimax',
      {
        ...minimax,
        referenceImageUrls: [IMG],
        referenceVideoUrl: IMG,
        referenceAudioUrls: [IMG, IMG]
      }
    ],
    ['seedance20', SEEDANCE],
    ['seedance20', { ...SEEDANCE, audio: IMG }],
    ['seedance20', { ...SEEDANCE, audio: IMG, prompt: 'x' }],
    ['seedance20', { ...SEEDANCE, audio: IMG, image: PNG }],
    ['seedance20', { ...SEEDANCE, audio: IMG, video: IMG }],
    ['seedance20', { ...SEEDANCE, video: PNG }],
    ['seedance20', { ...SEEDANCE, prompt: 'x', duration: '10' }],
    ['seedance20', { ...SEEDANCE, prompt: 'x', resolution: '720' }],
    ['t2v', { ...T2V, $schema: './schemas/t2v.schema.json' }],
    ['t2v', { ...T2V, $schema: 5 }],
    ['t2v', { ...T2V, duration: 5 }],
    ['t2v', { ...T2V, duration: 7 }],
    ['t2v', { ...T2V, prompt: ' \t' }],
    ['t2v', { ...T2V, prompt: 'a'.repeat(5000) }],
    ['t2v', { ...T2V, prompt: 'a'.repeat(5001) }],
    ['t2v', { ...T2V, prompt: '😀'.repeat(2500) }],
    ['t2v', { ...T2V, __proto__: 'x' }],
    ['i2v', { image: IMG, duration: '5', prompt: null }],
    ['happyhorse', { prompt: 'x', image: null }],
    ['happyhorse', { prompt: 'x', image: [IMG, PNG] }],
    ['happyhorse', { prompt: 'x', image: [] }],
    ['t2v', 'text'],
    ['t2v', [T2V]],
    ['t2v', null]
  )
  return cases
}

/** INVALID_PAYLOAD rows of the bad-input table, parsed from the payload input they give. */
function badInputCases(): [ModelName, unknown][] {
  return BAD_INPUT_CASES.flatMap(c => {
    if (typeof c.action === 'string') return []
    const { model, payload } = c.action.inputs
    if (!MODEL_NAMES.includes(model as ModelName) || payload === undefined) return []
    try {
      return [[model as ModelName, JSON.parse(payload) as unknown]]
    } catch {
      return []
    }
  })
}

/** What is left for JSON Schema to judge: the body the core would send. */
function bodyFor(model: ModelName, payload: unknown): unknown {
  const isObject = typeof payload === 'object' && payload !== null && !Array.isArray(payload)
  if (!isObject) return payload
  return preparePayload(getModelSpec(model), payload as Record<string, unknown>).payload
}

/** The core refuses for a rule outside JSON Schema alone (the two named above). */
function isOutsideSchemaOnly(issues: readonly string[], body: unknown): boolean {
  const texts = Object.values(body as Record<string, unknown>).flat()
  return issues.every(issue => {
    if (/^payload is [\d.]+ MB .* over the 10 MB limit/.test(issue)) return true
    const limit = /^payload\.(\w+)(?:\[\d+\])? must be at most (\d+) characters/.exec(issue)
    return (
      limit !== null &&
      texts.some(
        text =>
          typeof text === 'string' &&
          [...text].length <= Number(limit[2]) &&
          text.length > Number(limit[2])
      )
    )
  })
}

const outsideSchema: string[] = []

function expectAgreement(model: ModelName, payload: unknown): void {
  const core = validateRequest(model, payload)
  const body = bodyFor(model, payload)
  const second = validators.get(model)?.validate(body)
  if (core.ok === second?.valid) return
  const detail = {
    model,
    body: JSON.stringify(body)?.slice(0, 300),
    core: core.ok ? 'accepts' : core.issues,
    second: second?.valid ? 'accepts' : second?.errors.map(e => e.error)
  }
  // The only tolerated difference: the core refuses, by a rule JSON Schema cannot state.
  expect({ ...detail, explained: !core.ok && isOutsideSchemaOnly(core.issues, body) }).toEqual({
    ...detail,
    explained: true
  })
  outsideSchema.push(model)
}

describe('model schemas, read by a second JSON Schema implementation', () => {
  it.each([...schemas.keys()])('%s.schema.json has an $id and declares draft 2020-12', name => {
    const schema = schemas.get(name) as Record<string, unknown>
    expect(schema.$id).toBe(`urn:aivideomaker-action:schema:${name}`)
    if (name !== 'envelope') {
      expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema')
    }
    expect(JSON.stringify(schema)).not.toContain('"format"')
  })

  it('agrees with validateRequest on every example and per-model boundary case', () => {
    const cases = ownCases()
    expect(cases.length).toBeGreaterThan(700)
    for (const [model, payload] of cases) expectAgreement(model, payload)
  })

  it('agrees with validateRequest on every payload of the bad-input table', () => {
    const cases = badInputCases()
    expect(cases.length).toBeGreaterThan(3)
    for (const [model, payload] of cases) expectAgreement(model, payload)
  })

  it('agrees with validateRequest on 3000 generated payloads near every boundary', () => {
    const cases = fc.sample(modelAndPayload, { numRuns: 3000, seed: 15 })
    for (const { model, payload } of cases) expectAgreement(model, payload)
  })

  it('differs only where the two rules outside JSON Schema decide, each pinned here', () => {
    const before = outsideSchema.length
    // 2501 emoji: 2501 code points (schema: fine), 5002 UTF-16 units (core: too long).
    expectAgreement('t2v', { ...T2V, prompt: '😀'.repeat(2501) })
    // Two 6 MB images: each within maxLength, 12 MB together.
    const big = `data:image/png;base64,${'A'.repeat(6 * 1024 * 1024)}`
    expectAgreement('happyhorse', { prompt: 'x', image: [big, big] })
    expect(outsideSchema.length - before).toBe(2)
    expect(validators.get('t2v')?.validate({ ...T2V, prompt: '😀'.repeat(5001) }).valid).toBe(false)
  })
})

describe('batch-file.schema.json, read by a second JSON Schema implementation', () => {
  const batchSchema = secondValidator('batch-file')
  const FOX = { name: 'fox', model: 't2v', payload: T2V }

  /** The core's verdict on a batch document: parsed, then every item validated. */
  function coreAccepts(document: unknown): boolean {
    const parsed = parseBatchFile(JSON.stringify(document), 'batch.json')
    return parsed.ok && validateBatch(parsed.items).ok
  }

  it.each([
    ['a list of one item', true, [FOX]],
    ['an items wrapper', true, { items: [FOX] }],
    ['an items wrapper with other keys', true, { version: 1, items: [FOX] }],
    [
      'the schema example',
      true,
      (schemas.get('batch-file') as { examples: unknown[] }).examples[0]
    ],
    ['no name (item-1)', true, [{ model: 't2v', payload: T2V }]],
    ['a null name', true, [{ ...FOX, name: null }]],
    ['payload as JSON text', true, [{ ...FOX, payload: JSON.stringify(T2V) }]],
    [
      'every option, kebab-case',
      true,
      [{ ...FOX, 'idempotency-key': 'fox-key-01', 'max-credits': 5 }]
    ],
    [
      'every option, camelCase',
      true,
      [{ ...FOX, idempotencyKey: 'fox-key-01', maxCredits: ' 5 ' }]
    ],
    ['max-credits 0', true, [{ ...FOX, 'max-credits': 0 }]],
    ['an empty list', false, []],
    ['a lone item', false, FOX],
    ['an items wrapper without a list', false, { items: FOX }],
    ['a string', false, 'fox'],
    ['an item that is a string', false, ['fox']],
    ['an unknown field', false, [{ ...FOX, prompt: 'x' }]],
    [
      'both spellings of a key',
      false,
      [{ ...FOX, idempotencyKey: 'fox-key-01', 'idempotency-key': 'fox-key-02' }]
    ],
    ['both spellings of max-credits', false, [{ ...FOX, maxCredits: 1, 'max-credits': 1 }]],
    ['a name with a slash', false, [{ ...FOX, name: '../fox' }]],
    ['a name of 101 characters', false, [{ ...FOX, name: 'a'.repeat(101) }]],
    ['a numeric name', false, [{ ...FOX, name: 5 }]],
    ['no model', false, [{ name: 'fox', payload: T2V }]],
    ['an unknown model', false, [{ ...FOX, model: 't2vv' }]],
    ['no payload', false, [{ name: 'fox', model: 't2v' }]],
    ['a payload that is a list', false, [{ ...FOX, payload: [T2V] }]],
    ['a payload text that is not an object', false, [{ ...FOX, payload: 'a red fox' }]],
    ['a short idempotency key', false, [{ ...FOX, 'idempotency-key': 'short' }]],
    ['an idempotency key with a space', false, [{ ...FOX, idempotencyKey: 'fox key 01' }]],
    ['negative max-credits', false, [{ ...FOX, 'max-credits': -1 }]],
    ['fractional max-credits', false, [{ ...FOX, maxCredits: 1.5 }]],
    ['max-credits as words', false, [{ ...FOX, maxCredits: 'ten' }]],
    ['1001 items', false, Array.from({ length: 1001 }, (_, i) => ({ ...FOX, name: `fox-${i}` }))]
  ] as [string, boolean, unknown][])('%s: both accept it: %s', (_name, accepted, document) => {
    expect({ core: coreAccepts(document), schema: batchSchema.validate(document).valid }).toEqual({
      core: accepted,
      schema: accepted
    })
  })

  it('leaves to the core the one rule outside JSON Schema: unique names', () => {
    const twice = [FOX, FOX]
    expect({ core: coreAccepts(twice), schema: batchSchema.validate(twice).valid }).toEqual({
      core: false,
      schema: true
    })
  })
})
