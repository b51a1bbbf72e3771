import { describe, expect, it } from '@jest/globals'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { HTTP_URL_PATTERN, IMAGE_REF_PATTERN } from '../../src/core/validation/image-ref.js'
import {
  MODEL_NAMES,
  getModelSpec,
  isModelName,
  type JsonSchema,
  type ModelName
} from '../../src/core/validation/models.js'
import { estimateCredits } from '../../src/core/spend/price-estimate.js'
import { validateRequest } from '../../src/core/validation/validate.js'

const WHITELIST = ['t2v', 'i2v', 'lv', 't2v_v3', 'i2v_v3']

interface PropertySchema {
  description?: string
  type?: string | string[]
  pattern?: string
  items?: PropertySchema
}

function propertiesOf(schema: JsonSchema): Record<string, PropertySchema> {
  return schema.properties as Record<string, PropertySchema>
}

describe('MODEL_NAMES', () => {
  it('lists the skill whitelist first, then the newer models', () => {
    expect(MODEL_NAMES).toEqual([...WHITELIST, 'minimax', 'seedance20', 'wan27', 'happyhorse'])
  })
})

describe('isModelName', () => {
  it.each([...MODEL_NAMES])('accepts %s', name => {
    expect(isModelName(name)).toBe(true)
  })

  it.each(['T2V', 't2v ', '', 'foo', 'toString', '__proto__', 5, null, undefined, ['t2v']])(
    'rejects %p',
    value => {
      expect(isModelName(value)).toBe(false)
    }
  )
})

describe('getModelSpec', () => {
  it.each([...MODEL_NAMES])('describes %s with its own name and schema title', name => {
    const spec = getModelSpec(name)
    expect(spec.name).toBe(name)
    expect(spec.title).toBe(spec.schema.title)
    expect(spec.title).toContain(`(${name})`)
  })

  it('marks exactly the skill whitelist as seed models', () => {
    expect(MODEL_NAMES.filter(name => getModelSpec(name).seed)).toEqual(WHITELIST)
  })

  it.each([...MODEL_NAMES])('gives %s the duration type its schema declares', name => {
    const spec = getModelSpec(name)
    const duration = propertiesOf(spec.schema).duration
    if (duration === undefined) {
      expect(name).toBe('lv') // length follows from the prompt segments
      expect(spec.durationType).toBe('string')
      return
    }
    expect(spec.durationType).toBe(duration.type === 'string' ? 'string' : 'number')
  })

  it('sends duration as a string for every seed model, as the skill requires', () => {
    for (const name of WHITELIST)
      expect(getModelSpec(name as ModelName).durationType).toBe('string')
  })

  it.each([...MODEL_NAMES])(
    'lists as image fields of %s exactly its image-pattern fields',
    name => {
      const spec = getModelSpec(name)
      const imageRefs = Object.entries(propertiesOf(spec.schema))
        .filter(
          ([, p]) => p.pattern === IMAGE_REF_PATTERN || p.items?.pattern === IMAGE_REF_PATTERN
        )
        .map(([field]) => field)
      expect([...spec.imageFields]).toEqual(imageRefs)
    }
  )

  it('returns frozen specs', () => {
    const spec = getModelSpec('t2v')
    expect(Object.isFrozen(spec)).toBe(true)
    expect(Object.isFrozen(spec.imageFields)).toBe(true)
  })
})

describe('model schemas', () => {
  // No formats or keywords added: the schema files must compile on their own.
  const ajv = new Ajv2020({
    strict: true,
    strictRequired: false,
    allErrors: true,
    allowUnionTypes: true
  })

  it.each([...MODEL_NAMES])('compiles the %s schema in ajv strict mode', name => {
    expect(() => ajv.compile(getModelSpec(name).schema)).not.toThrow()
  })

  it.each([...MODEL_NAMES])("gives every URL field of %s the core's own pattern", name => {
    const patterns = Object.values(propertiesOf(getModelSpec(name).schema))
      .flatMap(p => [p.pattern, p.items?.pattern])
      .filter(p => p !== undefined && p !== '\\S')
    for (const pattern of patterns) expect([IMAGE_REF_PATTERN, HTTP_URL_PATTERN]).toContain(pattern)
  })

  it.each([...MODEL_NAMES])('documents the %s schema and closes it to unknown fields', name => {
    const schema = getModelSpec(name).schema
    expect(schema.$id).toBe(`urn:aivideomaker-action:schema:${name}`)
    expect(typeof schema.title).toBe('string')
    expect(typeof schema.description).toBe('string')
    expect(schema.additionalProperties).toBe(false)
    for (const [field, property] of Object.entries(propertiesOf(schema))) {
      expect([field, typeof property.description]).toEqual([field, 'string'])
    }
  })

  it.each([...MODEL_NAMES])('gives %s an example payload that validates', name => {
    const examples = getModelSpec(name).schema.examples as unknown[]
    expect(examples.length).toBeGreaterThan(0)
    for (const example of examples)
      expect(validateRequest(name, example)).toMatchObject({ ok: true })
  })
})

describe('estimateCredits', () => {
  it.each([
    ['t2v', { duration: '5' }, 5],
    ['t2v', { duration: '8' }, 8],
    ['i2v', { duration: '8' }, 8],
    ['t2v_v3', { duration: '10' }, 100],
    ['i2v_v3', { duration: '20' }, 200],
    ['lv', { prompt: ['a', 'b'] }, 150],
    ['lv', { prompt: ['a', 'b', 'c', 'd', 'e', 'f'] }, 450]
  ] as const)('estimates %s %p at %i credits from the skill table', (model, payload, credits) => {
    expect(estimateCredits(model, payload)).toBe(credits)
  })

  it('reads a numeric duration too', () => {
    expect(estimateCredits('t2v', { duration: 5 })).toBe(5)
  })

  it.each(['minimax', 'seedance20', 'wan27', 'happyhorse'] as const)(
    'has no figure for %s',
    model => {
      expect(estimateCredits(model, { duration: 5 })).toBeNull()
    }
  )

  it.each([
    ['t2v', {}],
    ['t2v', { duration: 'five' }],
    ['t2v_v3', { duration: -5 }],
    ['lv', { prompt: [] }],
    ['lv', { prompt: 'one' }]
  ] as const)('returns null for %s %p whose size cannot be read', (model, payload) => {
    expect(estimateCredits(model, payload)).toBeNull()
  })
})
