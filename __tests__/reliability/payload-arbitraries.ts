import fc from 'fast-check'
import { MODEL_NAMES, type ModelName } from '../../src/core/validation/models.js'

/**
 * Payloads near the validation boundaries of every model: mostly valid bodies, mutated
 * with wrong enum values, wrong types, missing required fields, extra fields, lv prompt
 * counts 0..8, data URIs valid and invalid, numbers vs strings for duration.
 */

const base64Of = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64')
const someBytes = fc.uint8Array({ minLength: 1, maxLength: 12 })

const blankTexts = ['', ' ', '\t\n', '\u00a0', '\ufeff', '\u2003']

/** A field's values: mostly valid, sometimes a mutation. */
interface Values {
  valid: fc.Arbitrary<unknown>
  invalid: fc.Arbitrary<unknown>
}

const text: Values = {
  valid: fc.oneof(
    fc.constantFrom('a red fox in snow', 'x', ' padded ', 'ünï ✓', '雪', '[sim:fail]'),
    fc.string({ minLength: 1, maxLength: 30 }).filter(t => /\S/.test(t)),
    // The 5000 limit, in UTF-16 units: 2500 emoji are 5000 units.
    fc.constantFrom('a'.repeat(5000), '😀'.repeat(2500))
  ),
  invalid: fc.oneof(
    fc.constantFrom(...blankTexts),
    fc.constantFrom('a'.repeat(5001), '😀'.repeat(2501), '😀'.repeat(5000)),
    fc.constantFrom<unknown>(null, 42, true, [], {}, ['a'])
  )
}

const validImage: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('https://example.com/cat.png', 'http://cdn.example/a.jpg?x=1'),
  fc.webUrl({ validSchemes: ['https', 'http'] }),
  fc
    .tuple(fc.constantFrom('png', 'jpeg', 'webp', 'gif'), someBytes)
    .map(([type, bytes]) => `data:image/${type};base64,${base64Of(bytes)}`)
)

const invalidImage: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    'data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=',
    'data:image/jpg;base64,AAAA',
    'data:image/PNG;base64,AAAA',
    'DATA:image/png;base64,AAAA',
    'Data:image/png;base64,AAAA',
    'data:image/png;base64,',
    'data:image/png;base64,AAA',
    'data:image/png;base64,AA-_',
    'data:image/png;base64,AA==AA==',
    'data:image/png;base64,AAAA\n',
    'data:image/png;base64,AA AA',
    'data:image/png,AAAA',
    'data:image/png;charset=utf-8;base64,AAAA',
    'data:text/plain;base64,AAAA',
    'data:;base64,AAAA',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'ftp://example.com/a.png',
    ' https://example.com/a.png',
    'https://example.com/a.png ',
    'https://user:secret@example.com/a.png',
    'https://',
    'example.com/a.png',
    ''
  ),
  // Valid base64 with its padding cut off, or one character added.
  someBytes.map(bytes => `data:image/png;base64,${base64Of(bytes).replace(/=+$/, '')}`),
  someBytes.map(bytes => `data:image/png;base64,${base64Of(bytes)}A`),
  fc.constantFrom<unknown>(null, 7, ['https://example.com/a.png'], {})
)

const image: Values = { valid: validImage, invalid: invalidImage }

const webUrl: Values = {
  valid: fc.webUrl({ validSchemes: ['https', 'http'] }),
  invalid: fc.constantFrom<unknown>(
    'data:video/mp4;base64,AAAA',
    'data:image/png;base64,AAAA',
    'file:///tmp/a.mp4',
    ' https://example.com/a.mp3',
    'https://u:p@example.com/a.mp3',
    'not a url',
    null,
    3
  )
}

/** Allowed values, plus near misses: other case, the other type, padding, null. */
function enumOf(values: readonly (string | number)[]): Values {
  const misses = values.flatMap(v =>
    typeof v === 'number'
      ? [String(v), v + 1]
      : [v.toUpperCase(), v.toLowerCase(), ` ${v}`, ...(/^\d+$/.test(v) ? [Number(v)] : [])]
  )
  const distinct = [...new Set(misses)].filter(m => !values.includes(m as string | number))
  return {
    valid: fc.constantFrom(...values),
    invalid: fc.constantFrom<unknown>(...distinct, 'auto', '', null, 0, true)
  }
}

/** `duration` as a string ("5"); numbers are valid too (the client converts them). */
function stringDuration(values: readonly string[]): Values {
  return {
    valid: fc.oneof(fc.constantFrom(...values), fc.constantFrom(...values.map(Number))),
    invalid: fc.constantFrom<unknown>('7', '05', '5.0', ' 5', 5.5, 0, -5, '', null, 1e21, [])
  }
}

/** `duration` as an integer; numeric strings are valid too (the client converts them). */
function integerDuration(min: number, max: number): Values {
  return {
    valid: fc.oneof(
      fc.integer({ min, max }),
      fc.constantFrom(min, max),
      fc.integer({ min, max }).map(String),
      fc.constant(`0${min}`)
    ),
    invalid: fc.constantFrom<unknown>(
      min - 1,
      max + 1,
      0,
      -1,
      min + 0.5,
      '1e1',
      ` ${min}`,
      '',
      null,
      '5s'
    )
  }
}

function listOf(item: Values, minLength: number, maxLength: number, overflow = 2): Values {
  return {
    valid: fc.array(item.valid, { minLength, maxLength }),
    invalid: fc.oneof(
      fc.array(item.valid, { minLength: 0, maxLength: maxLength + overflow }),
      fc.array(fc.oneof(item.valid, item.invalid), { minLength: 1, maxLength }),
      fc.constantFrom<unknown>(null, 'https://example.com/a.png', {})
    )
  }
}

function nullable(values: Values): Values {
  return { valid: fc.oneof(values.valid, fc.constant(null)), invalid: values.invalid }
}

interface FieldSpec {
  values: Values
  required?: boolean
  /** How often an optional field is present (default 0.5). */
  presence?: number
}

const ASPECT = ['16:9', '9:16', '1:1']
const FILTER = { values: enumOf(['strict', 'custom']), presence: 0.2 }
const WIDE = ['16:9', '9:16', '1:1', '4:3', '3:4']

const FIELDS: Record<ModelName, Record<string, FieldSpec>> = {
  t2v: {
    prompt: { values: text, required: true },
    aspectRatio: { values: enumOf(ASPECT), required: true },
    duration: { values: stringDuration(['5', '8']), required: true },
    filterMode: FILTER
  },
  i2v: {
    image: { values: image, required: true },
    prompt: { values: nullable(text) },
    duration: { values: stringDuration(['5', '8']), required: true },
    filterMode: FILTER
  },
  lv: {
    image: { values: image, required: true },
    // 0..8 prompts: 1..6 are allowed.
    prompt: { values: listOf(text, 1, 6), required: true },
    filterMode: FILTER
  },
  t2v_v3: {
    prompt: { values: text, required: true },
    aspectRatio: { values: enumOf(ASPECT), required: true },
    duration: { values: stringDuration(['5', '10', '15', '20']), required: true }
  },
  i2v_v3: {
    image: { values: image, required: true },
    prompt: { values: nullable(text) },
    duration: { values: stringDuration(['5', '10', '15', '20']), required: true }
  },
  minimax: {
    content: { values: text, required: true },
    duration: { values: integerDuration(5, 20) },
    resolution: { values: enumOf(['720p', '1080p']) },
    tier: { values: enumOf(['turbo', 'base']) },
    aspectRatio: { values: enumOf(['auto', '21:9', '16:9', '4:3', '1:1', '3:4', '9:16']) },
    imageUrl: { values: image, presence: 0.8 },
    lastFrameUrl: { values: image, presence: 0.4 },
    referenceImageUrls: { values: listOf(image, 0, 4), presence: 0.5 },
    referenceVideoUrl: { values: webUrl, presence: 0.4 },
    referenceAudioUrls: { values: listOf(webUrl, 0, 2), presence: 0.4 }
  },
  seedance20: {
    prompt: { values: text, presence: 0.7 },
    image: { values: image, presence: 0.3 },
    video: { values: webUrl, presence: 0.2 },
    audio: { values: webUrl, presence: 0.3 },
    duration: { values: integerDuration(4, 15), required: true },
    resolution: { values: enumOf([480, 720]), required: true },
    ratio: { values: enumOf(ASPECT), required: true }
  },
  wan27: {
    prompt: { values: text, required: true },
    image: { values: image, presence: 0.3 },
    duration: { values: stringDuration(['5', '10', '15']), presence: 0.8 },
    resolution: { values: enumOf(['720P', '1080P']) },
    ratio: { values: enumOf(WIDE) },
    promptExtend: {
      values: { valid: fc.boolean(), invalid: fc.constantFrom<unknown>('true', 1, null) }
    }
  },
  happyhorse: {
    prompt: { values: text, required: true },
    image: {
      values: {
        valid: fc.oneof(
          validImage,
          fc.array(validImage, { minLength: 1, maxLength: 4 }),
          fc.constant(null)
        ),
        invalid: fc.oneof(invalidImage, listOf(image, 1, 4).invalid)
      }
    },
    duration: { values: integerDuration(3, 15), presence: 0.8 },
    resolution: { values: enumOf(['720P', '1080P']) },
    ratio: { values: enumOf(WIDE) }
  }
}

const MINIMAX_FRAMES = ['imageUrl', 'lastFrameUrl']
const MINIMAX_REFERENCES = ['referenceImageUrls', 'referenceVideoUrl', 'referenceAudioUrls']

const EXTRA_FIELDS = [
  'extra',
  'aspect_ratio',
  'Prompt',
  'ratio',
  'aspectRatio',
  'filterMode',
  'webhookUrl',
  'image',
  'constructor',
  '__proto__'
]

/** Sets an own property, even `__proto__` (JSON.parse makes it an own key too). */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true
  })
}

function payloadFor(model: ModelName): fc.Arbitrary<Record<string, unknown>> {
  const entries = Object.entries(FIELDS[model]).map(([name, spec]) => {
    const presence = spec.required ? 0.96 : (spec.presence ?? 0.5)
    const present = fc.double({ min: 0, max: 1, noNaN: true }).map(x => x < presence)
    const value = fc.oneof(
      { weight: 14, arbitrary: spec.values.valid },
      { weight: 1, arbitrary: spec.values.invalid }
    )
    return fc.tuple(fc.constant(name), present, value)
  })
  const extra = fc.oneof(
    { weight: 12, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...EXTRA_FIELDS), text.valid) }
  )
  // minimax takes frames or references; both together is a (rarer) mutation.
  const group = fc.constantFrom('frames', 'frames', 'references', 'references', 'none', 'both')
  return fc.tuple(fc.tuple(...entries), extra, group).map(([fields, extraField, keep]) => {
    const payload: Record<string, unknown> = {}
    for (const [name, present, value] of fields) {
      const dropped =
        model === 'minimax' &&
        ((keep !== 'frames' && keep !== 'both' && MINIMAX_FRAMES.includes(name)) ||
          (keep !== 'references' && keep !== 'both' && MINIMAX_REFERENCES.includes(name)))
      if (present && !dropped) setOwn(payload, name, value)
    }
    if (extraField) setOwn(payload, extraField[0], extraField[1])
    return payload
  })
}

/** A model name and a payload for it (sometimes not an object at all). */
export const modelAndPayload: fc.Arbitrary<{ model: ModelName; payload: unknown }> = fc
  .constantFrom(...MODEL_NAMES)
  .chain(model =>
    fc.record({
      model: fc.constant(model),
      payload: fc.oneof(
        { weight: 30, arbitrary: payloadFor(model) },
        { weight: 1, arbitrary: fc.constantFrom<unknown>([], 'text', null, 5, [{}]) }
      )
    })
  )
