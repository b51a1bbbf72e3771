import { describe, expect, it } from '@jest/globals'
import { Ajv } from 'ajv'
import envelopeSchema from '../../schemas/envelope.schema.json' with { type: 'json' }
import { failureEnvelope, successEnvelope, ENVELOPE_KEYS } from '../../src/core/api/envelope.js'
import { ERROR_CODES } from '../../src/core/api/error-codes.js'
import { MODEL_NAMES, getModelSpec, type ModelName } from '../../src/core/validation/models.js'
import {
  MAX_PAYLOAD_BYTES,
  validateRequest,
  type ValidationResult
} from '../../src/core/validation/validate.js'

const PNG =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='
const IMAGE_URL = 'https://example.com/frame.png'
const VIDEO_URL = 'https://example.com/clip.mp4'
const AUDIO_URL = 'https://example.com/track.mp3'
const SUPPORTED = 't2v, i2v, lv, t2v_v3, i2v_v3, minimax, seedance20, wan27, happyhorse'

/** A minimal valid payload per model; tests change one thing at a time. */
const VALID: Record<ModelName, Record<string, unknown>> = {
  t2v: { prompt: 'a red fox in snow', aspectRatio: '16:9', duration: '5' },
  i2v: { image: IMAGE_URL, duration: '5' },
  lv: { image: IMAGE_URL, prompt: ['the fox wakes up'] },
  t2v_v3: { prompt: 'a red fox in snow', aspectRatio: '16:9', duration: '10' },
  i2v_v3: { image: IMAGE_URL, duration: '10' },
  minimax: { content: 'a paper boat' },
  seedance20: { prompt: 'a lighthouse', duration: 5, resolution: 720, ratio: '16:9' },
  wan27: { prompt: 'a koi pond', duration: '5' },
  happyhorse: { prompt: 'a horse on a beach', duration: 5 }
}

function valid(model: ModelName, changes: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...VALID[model], ...changes }
}

function without(model: ModelName, field: string): Record<string, unknown> {
  const payload = valid(model)
  delete payload[field]
  return payload
}

function accepted(model: unknown, payload: unknown): Extract<ValidationResult, { ok: true }> {
  const result = validateRequest(model, payload)
  if (!result.ok)
    throw new Error(`expected ${String(model)} payload to pass: ${result.errorMessage}`)
  return result
}

function rejected(model: unknown, payload: unknown): Extract<ValidationResult, { ok: false }> {
  const result = validateRequest(model, payload)
  if (result.ok)
    throw new Error(`expected ${String(model)} payload to fail: ${JSON.stringify(payload)}`)
  return result
}

/** The issues of a payload that must fail with INVALID_PAYLOAD. */
function issuesOf(model: ModelName, payload: unknown): string[] {
  const result = rejected(model, payload)
  expect(result.errorCode).toBe('INVALID_PAYLOAD')
  return result.issues
}

describe('validateRequest: model', () => {
  it('rejects an unknown model listing every supported model', () => {
    const result = rejected('foo', VALID.t2v)
    expect(result.errorCode).toBe('INVALID_MODEL')
    expect(result.errorMessage).toBe(`Unsupported model "foo". Supported models: ${SUPPORTED}.`)
    expect(result.issues).toEqual([`model must be one of ${SUPPORTED} (got "foo")`])
  })

  it.each(['', '   '])('rejects the empty model %p listing every supported model', model => {
    const result = rejected(model, VALID.t2v)
    expect(result.errorCode).toBe('INVALID_MODEL')
    expect(result.errorMessage).toBe(`No model given. Supported models: ${SUPPORTED}.`)
  })

  it.each([undefined, null, 5, ['t2v'], { name: 't2v' }])(
    'rejects the non-string model %p as INVALID_MODEL',
    model => {
      const result = rejected(model, VALID.t2v)
      expect(result.errorCode).toBe('INVALID_MODEL')
      expect(result.errorMessage).toContain(`Supported models: ${SUPPORTED}.`)
    }
  )

  it('suggests the model a differently cased name meant', () => {
    expect(rejected('T2V', VALID.t2v).errorMessage).toMatch(/ Did you mean "t2v"\?$/)
  })

  it('suggests every model equally close to a typo', () => {
    expect(rejected('t2v3', VALID.t2v).errorMessage).toMatch(/Did you mean "t2v" or "t2v_v3"\?$/)
  })

  it('suggests the model a name prefix points to', () => {
    expect(rejected('seedance', VALID.seedance20).errorMessage).toContain('"seedance20"')
  })

  it('reports the model before looking at the payload', () => {
    expect(rejected('nope', 'not an object').errorCode).toBe('INVALID_MODEL')
  })

  it('accepts every registered model with its minimal payload', () => {
    for (const model of MODEL_NAMES) expect(accepted(model, VALID[model]).model).toBe(model)
  })
})

describe('validateRequest: payload shape and size', () => {
  it.each([
    [[], 'array'],
    [null, 'null'],
    ['{"prompt":"x"}', 'string'],
    [5, 'number'],
    [undefined, 'undefined'],
    [new Map(), 'Map'],
    [new Date(0), 'Date']
  ])('rejects the payload %p as not a JSON object', (payload, kind) => {
    const result = rejected('t2v', payload)
    expect(result.errorCode).toBe('INVALID_PAYLOAD')
    expect(result.issues).toEqual([`payload must be a JSON object (got ${kind})`])
    expect(result.errorMessage).toMatch(/^Invalid t2v payload: payload must be a JSON object/)
  })

  it('tells a caller passing JSON text to parse it first', () => {
    expect(rejected('t2v', '{}').errorMessage).toContain('Parse the JSON text into an object first')
  })

  it('accepts a payload object without a prototype', () => {
    accepted('t2v', Object.assign(Object.create(null) as object, VALID.t2v))
  })

  it('rejects a payload with a cycle as not serializable', () => {
    const payload: Record<string, unknown> = valid('t2v')
    payload.self = payload
    expect(issuesOf('t2v', payload)[0]).toMatch(/^payload cannot be serialized as JSON \(/)
  })

  it('rejects a payload holding a BigInt as not serializable', () => {
    expect(issuesOf('t2v', valid('t2v', { duration: 5n }))[0]).toMatch(/cannot be serialized/)
  })

  it('rejects a payload over 10 MB naming its size, the limit and the URL alternative', () => {
    const image = `data:image/png;base64,${'A'.repeat(11 * 1024 * 1024)}`
    const result = rejected('i2v', valid('i2v', { image }))
    expect(result.errorCode).toBe('INVALID_PAYLOAD')
    expect(result.issues).toHaveLength(1)
    expect(result.issues[0]).toMatch(
      /^payload is 11\.0 MB \(\d+ bytes\) as JSON, over the 10 MB limit \(10485760 bytes\)$/
    )
    expect(result.errorMessage).toContain('public https:// URLs instead of data: URIs')
  })

  it('counts the size in UTF-8 bytes, not characters', () => {
    const prompt = 'é'.repeat(Math.ceil(MAX_PAYLOAD_BYTES / 2) + 10)
    expect(issuesOf('wan27', valid('wan27', { prompt }))[0]).toMatch(/over the 10 MB limit/)
  })

  it('accepts a data URI payload just under 10 MB', () => {
    const image = `data:image/png;base64,${'A'.repeat(MAX_PAYLOAD_BYTES - 1024)}`
    accepted('i2v', valid('i2v', { image }))
  })

  it('returns a copy of the payload, never the caller object', () => {
    const payload = valid('t2v')
    const result = accepted('t2v', payload)
    expect(result.payload).not.toBe(payload)
    expect(result.payload).toEqual(payload)
    expect(result.notes).toEqual([])
  })

  it('drops fields whose value is undefined, as JSON would', () => {
    const result = accepted('i2v', valid('i2v', { prompt: undefined }))
    expect(Object.keys(result.payload)).toEqual(['image', 'duration'])
  })

  it('treats a required field set to undefined as missing', () => {
    expect(issuesOf('t2v', valid('t2v', { prompt: undefined }))).toEqual([
      'payload.prompt is required (a non-blank string of at most 5000 characters)'
    ])
  })

  it('treats a "__proto__" key as an unknown field, not a prototype', () => {
    const payload = JSON.parse(
      '{"prompt":"x","aspectRatio":"16:9","duration":"5","__proto__":{"a":1}}'
    )
    expect(issuesOf('t2v', payload)).toEqual([
      'payload.__proto__ is not a field of t2v (allowed fields: prompt, aspectRatio, duration, filterMode)'
    ])
  })
})

describe('validateRequest: error message', () => {
  it('prefixes the model, joins issues with "; " and ends with a hint and an example', () => {
    const result = rejected('t2v', { prompt: 5, aspectRatio: '4:3', duration: '5' })
    expect(result.errorMessage).toBe(
      'Invalid t2v payload: payload.prompt must be a string (got number); ' +
        'payload.aspectRatio must be one of "16:9", "9:16", "1:1" (got "4:3"). ' +
        'Fix the payload and retry (nothing was sent); a valid t2v payload looks like ' +
        '{"prompt":"a red fox in snow","aspectRatio":"16:9","duration":"5"}.'
    )
  })

  it('reports every problem at once, one issue per field', () => {
    expect(issuesOf('t2v', { duration: 5 })).toEqual([
      'payload.prompt is required (a non-blank string of at most 5000 characters)',
      'payload.aspectRatio is required (one of "16:9", "9:16", "1:1")'
    ])
  })
})

describe('validateRequest: t2v and t2v_v3', () => {
  it.each(['16:9', '9:16', '1:1'])('accepts aspectRatio %p for t2v', aspectRatio => {
    accepted('t2v', valid('t2v', { aspectRatio }))
  })

  it.each(['4:3', '16:10', '', '16x9'])(
    'rejects aspectRatio %p for t2v naming the allowed values',
    aspectRatio => {
      expect(issuesOf('t2v', valid('t2v', { aspectRatio }))).toEqual([
        `payload.aspectRatio must be one of "16:9", "9:16", "1:1" (got ${JSON.stringify(aspectRatio)})`
      ])
    }
  )

  it('rejects aspectRatio "16:9 " suggesting the value without the space', () => {
    expect(issuesOf('t2v', valid('t2v', { aspectRatio: '16:9 ' }))).toEqual([
      'payload.aspectRatio must be one of "16:9", "9:16", "1:1" (got "16:9 "; did you mean "16:9"?)'
    ])
  })

  it.each(['5', '8'])('accepts duration %p for t2v', duration => {
    accepted('t2v', valid('t2v', { duration }))
  })

  it('rejects duration "7" for t2v naming the allowed values', () => {
    expect(issuesOf('t2v', valid('t2v', { duration: '7' }))).toEqual([
      'payload.duration must be one of "5", "8" (got "7")'
    ])
  })

  it.each(['4', '6', '10', '', '05'])('rejects duration %p for t2v', duration => {
    expect(issuesOf('t2v', valid('t2v', { duration }))[0]).toMatch(
      /^payload\.duration must be one of "5", "8"/
    )
  })

  it.each(['5', '10', '15', '20'])('accepts duration %p for t2v_v3', duration => {
    accepted('t2v_v3', valid('t2v_v3', { duration }))
  })

  it.each(['8', '4', '25', '30'])(
    'rejects duration %p for t2v_v3 naming the allowed values',
    duration => {
      expect(issuesOf('t2v_v3', valid('t2v_v3', { duration }))).toEqual([
        `payload.duration must be one of "5", "10", "15", "20" (got "${duration}")`
      ])
    }
  )

  it.each(['prompt', 'aspectRatio', 'duration'])('rejects a t2v payload missing %s', field => {
    expect(issuesOf('t2v', without('t2v', field))[0]).toMatch(
      new RegExp(`^payload\\.${field} is required \\(`)
    )
  })

  it('names the allowed values of a missing enum field', () => {
    expect(issuesOf('t2v', without('t2v', 'aspectRatio'))).toEqual([
      'payload.aspectRatio is required (one of "16:9", "9:16", "1:1")'
    ])
  })

  it.each([
    [5, 'number'],
    [null, 'null'],
    [['a'], 'array'],
    [true, 'boolean']
  ])('rejects prompt %p naming the expected type', (prompt, kind) => {
    expect(issuesOf('t2v', valid('t2v', { prompt }))).toEqual([
      `payload.prompt must be a string (got ${kind})`
    ])
  })

  it('accepts a prompt of exactly 5000 characters', () => {
    accepted('t2v', valid('t2v', { prompt: 'x'.repeat(5000) }))
  })

  it('rejects a prompt over 5000 characters giving its length', () => {
    expect(issuesOf('t2v', valid('t2v', { prompt: 'x'.repeat(6001) }))).toEqual([
      'payload.prompt must be at most 5000 characters (got 6001)'
    ])
  })

  it('counts prompt characters as UTF-16 units, as the service does: 2500 emoji fit', () => {
    accepted('t2v', valid('t2v', { prompt: '🦊'.repeat(2500) }))
  })

  it('rejects 2501 emoji (5002 UTF-16 units) giving the length in those units', () => {
    expect(issuesOf('t2v', valid('t2v', { prompt: '🦊'.repeat(2501) }))).toEqual([
      'payload.prompt must be at most 5000 characters (got 5002)'
    ])
    expect(issuesOf('t2v_v3', valid('t2v_v3', { prompt: 'x'.repeat(4999) + '🦊' }))).toEqual([
      'payload.prompt must be at most 5000 characters (got 5001)'
    ])
  })

  it('rejects an empty prompt', () => {
    expect(issuesOf('t2v', valid('t2v', { prompt: '' }))).toEqual([
      'payload.prompt must not be empty'
    ])
  })

  it('rejects a blank prompt', () => {
    expect(issuesOf('t2v_v3', valid('t2v_v3', { prompt: ' \n\t ' }))).toEqual([
      'payload.prompt must not be blank'
    ])
  })

  it.each(['strict', 'custom'])('accepts filterMode %p for t2v', filterMode => {
    accepted('t2v', valid('t2v', { filterMode }))
  })

  it('rejects filterMode "Strict" suggesting the lower-case value', () => {
    expect(issuesOf('t2v', valid('t2v', { filterMode: 'Strict' }))).toEqual([
      'payload.filterMode must be one of "strict", "custom" (got "Strict"; did you mean "strict"?)'
    ])
  })

  it('rejects filterMode for t2v_v3 as an unknown field', () => {
    expect(issuesOf('t2v_v3', valid('t2v_v3', { filterMode: 'strict' }))).toEqual([
      'payload.filterMode is not a field of t2v_v3 (allowed fields: prompt, aspectRatio, duration)'
    ])
  })

  it('rejects aspect_ratio as unknown, suggesting aspectRatio and listing the fields', () => {
    const payload = { prompt: 'x', aspect_ratio: '16:9', duration: '5' }
    expect(issuesOf('t2v', payload)).toContain(
      'payload.aspect_ratio is not a field of t2v (did you mean "aspectRatio"?; allowed fields: prompt, aspectRatio, duration, filterMode)'
    )
  })

  it.each([
    ['AspectRatio', 'aspectRatio'],
    ['ratio', 'aspectRatio'],
    ['promt', 'prompt'],
    ['durration', 'duration'],
    ['filter-mode', 'filterMode']
  ])('suggests that the unknown field %p meant %p', (typo, field) => {
    const payload = without('t2v', field)
    payload[typo] = VALID.t2v[field] ?? 'strict'
    const issue = issuesOf('t2v', payload).find(i => i.includes(' is not a field of t2v '))
    expect(issue).toContain(`(did you mean "${field}"?; allowed fields:`)
  })

  it('says an unknown field repeats one already set instead of suggesting it', () => {
    expect(issuesOf('t2v', valid('t2v', { aspect_ratio: '1:1' }))).toEqual([
      'payload.aspect_ratio is not a field of t2v (it repeats "aspectRatio", which is already set: remove it; allowed fields: prompt, aspectRatio, duration, filterMode)'
    ])
  })

  it('lists the fields without a suggestion when nothing is close', () => {
    expect(issuesOf('t2v', valid('t2v', { seed: 42 }))).toEqual([
      'payload.seed is not a field of t2v (allowed fields: prompt, aspectRatio, duration, filterMode)'
    ])
  })
})

describe('validateRequest: i2v and i2v_v3', () => {
  it.each([IMAGE_URL, 'http://example.com/a.jpg', PNG])('accepts image %p', image => {
    accepted('i2v', valid('i2v', { image }))
  })

  it.each([
    ['i2v', '5'],
    ['i2v', '8'],
    ['i2v_v3', '5'],
    ['i2v_v3', '10'],
    ['i2v_v3', '15'],
    ['i2v_v3', '20']
  ] as const)('accepts %s duration %p', (model, duration) => {
    accepted(model, valid(model, { duration }))
  })

  it.each([
    ['i2v', '10', '"5", "8"'],
    ['i2v', '6', '"5", "8"'],
    ['i2v_v3', '8', '"5", "10", "15", "20"'],
    ['i2v_v3', '25', '"5", "10", "15", "20"']
  ] as const)('rejects %s duration %p naming the allowed values', (model, duration, allowed) => {
    expect(issuesOf(model, valid(model, { duration }))).toEqual([
      `payload.duration must be one of ${allowed} (got "${duration}")`
    ])
  })

  it.each([undefined, null, 'the fox turns', 'x'.repeat(5000)])('accepts i2v prompt %p', prompt => {
    accepted('i2v', valid('i2v', { prompt }))
  })

  it.each([
    ['i2v', '', 'payload.prompt must not be empty'],
    ['i2v_v3', '', 'payload.prompt must not be empty'],
    ['i2v', ' \n', 'payload.prompt must not be blank'],
    ['i2v_v3', '\t', 'payload.prompt must not be blank']
  ] as const)('rejects %s prompt %p: null or absent means no prompt', (model, prompt, issue) => {
    expect(issuesOf(model, valid(model, { prompt }))).toEqual([issue])
  })

  it.each(['i2v', 'i2v_v3'] as const)('rejects a %s prompt over 5000 characters', model => {
    expect(issuesOf(model, valid(model, { prompt: 'x'.repeat(5001) }))).toEqual([
      'payload.prompt must be at most 5000 characters (got 5001)'
    ])
  })

  it('rejects a numeric i2v prompt naming string or null', () => {
    expect(issuesOf('i2v_v3', valid('i2v_v3', { prompt: 3 }))).toEqual([
      'payload.prompt must be a string or null (got number)'
    ])
  })

  it('rejects an i2v payload without image saying what an image is', () => {
    expect(issuesOf('i2v', without('i2v', 'image'))).toEqual([
      'payload.image is required (a public http(s) URL or a data:image/(png|jpeg|webp|gif);base64 URI)'
    ])
  })

  it('rejects an i2v payload without duration', () => {
    expect(issuesOf('i2v', without('i2v', 'duration'))).toEqual([
      'payload.duration is required (one of "5", "8")'
    ])
  })

  it('accepts filterMode for i2v but not for i2v_v3', () => {
    accepted('i2v', valid('i2v', { filterMode: 'custom' }))
    expect(issuesOf('i2v_v3', valid('i2v_v3', { filterMode: 'custom' }))[0]).toMatch(
      /^payload\.filterMode is not a field of i2v_v3/
    )
  })

  it('rejects aspectRatio for i2v as an unknown field', () => {
    expect(issuesOf('i2v', valid('i2v', { aspectRatio: '16:9' }))[0]).toBe(
      'payload.aspectRatio is not a field of i2v (allowed fields: image, prompt, duration, filterMode)'
    )
  })
})

describe('validateRequest: lv', () => {
  it.each([1, 6])('accepts %i prompt segments', count => {
    const prompt = Array.from({ length: count }, (_, i) => `segment ${i + 1}`)
    accepted('lv', valid('lv', { prompt }))
  })

  it('rejects 0 prompt segments', () => {
    expect(issuesOf('lv', valid('lv', { prompt: [] }))).toEqual([
      'payload.prompt must have at least 1 item (got 0)'
    ])
  })

  it('rejects 7 prompt segments', () => {
    const prompt = Array.from({ length: 7 }, (_, i) => `segment ${i + 1}`)
    expect(issuesOf('lv', valid('lv', { prompt }))).toEqual([
      'payload.prompt must have at most 6 items (got 7)'
    ])
  })

  it('rejects a single prompt string, asking for an array of segments', () => {
    expect(issuesOf('lv', valid('lv', { prompt: 'one long prompt' }))).toEqual([
      'payload.prompt must be an array (got string)'
    ])
  })

  it('rejects empty, blank and non-string segments naming their index', () => {
    expect(issuesOf('lv', valid('lv', { prompt: ['ok', '', '  ', 4] }))).toEqual([
      'payload.prompt[1] must not be empty',
      'payload.prompt[2] must not be blank',
      'payload.prompt[3] must be a string (got number)'
    ])
  })

  it('rejects an lv payload missing both fields, describing each', () => {
    expect(issuesOf('lv', {})).toEqual([
      'payload.image is required (a public http(s) URL or a data:image/(png|jpeg|webp|gif);base64 URI)',
      'payload.prompt is required (an array of 1 to 6 non-blank strings)'
    ])
  })

  it('rejects duration for lv as an unknown field', () => {
    expect(issuesOf('lv', valid('lv', { duration: '5' }))).toEqual([
      'payload.duration is not a field of lv (allowed fields: image, prompt, filterMode)'
    ])
  })
})

describe('validateRequest: duration coercion', () => {
  it('sends a numeric t2v duration as a string, with a note', () => {
    const result = accepted('t2v', valid('t2v', { duration: 5 }))
    expect(result.payload.duration).toBe('5')
    expect(result.notes).toEqual([
      'payload.duration was the number 5; sent as the string "5" as t2v expects'
    ])
  })

  it('never changes the caller object while coercing', () => {
    const payload = Object.freeze(valid('i2v_v3', { duration: 20 }))
    const result = accepted('i2v_v3', payload)
    expect(payload.duration).toBe(20)
    expect(result.payload.duration).toBe('20')
  })

  it('rejects a fractional t2v duration after coercion, quoting the caller value', () => {
    expect(issuesOf('t2v', valid('t2v', { duration: 5.5 }))).toEqual([
      'payload.duration must be one of "5", "8" (got 5.5)'
    ])
  })

  it('rejects a numeric t2v duration that is not allowed', () => {
    expect(issuesOf('t2v', valid('t2v', { duration: 7 }))).toEqual([
      'payload.duration must be one of "5", "8" (got 7)'
    ])
  })

  it('sends a numeric wan27 duration as a string', () => {
    const result = accepted('wan27', valid('wan27', { duration: 10 }))
    expect(result.payload.duration).toBe('10')
    expect(result.notes).toEqual([
      'payload.duration was the number 10; sent as the string "10" as wan27 expects'
    ])
  })

  it.each(['seedance20', 'happyhorse', 'minimax'] as const)(
    'sends a numeric-string %s duration as a number, with a note',
    model => {
      const result = accepted(model, valid(model, { duration: '10' }))
      expect(result.payload.duration).toBe(10)
      expect(result.notes).toEqual([
        `payload.duration was the string "10"; sent as the number 10 as ${model} expects`
      ])
    }
  )

  it.each(['5.5', 'ten', '', ' 5', '-5'])(
    'does not coerce the string %p for a number duration',
    duration => {
      expect(issuesOf('seedance20', valid('seedance20', { duration }))).toEqual([
        'payload.duration must be an integer (got string)'
      ])
    }
  )

  it('rejects a coerced duration out of range, quoting the caller value', () => {
    expect(issuesOf('happyhorse', valid('happyhorse', { duration: '20' }))).toEqual([
      'payload.duration must be an integer from 3 to 15 (got "20")'
    ])
  })

  it('adds no note when the duration already has the expected type', () => {
    expect(accepted('seedance20', VALID.seedance20).notes).toEqual([])
    expect(accepted('t2v', VALID.t2v).notes).toEqual([])
  })
})

describe('validateRequest: image references', () => {
  it.each([
    'data:image/png;base64,iVBORw0KGgo=',
    'data:image/jpeg;base64,/9j/4AAQSkZJRg==',
    'data:image/webp;base64,UklGRg==',
    'data:image/gif;base64,R0lGODlh',
    'https://example.com/a.png?size=large#frag',
    'http://127.0.0.1:8080/frame.png'
  ])('accepts the image %p', image => {
    accepted('i2v', valid('i2v', { image }))
  })

  it.each([
    ['file:///etc/passwd', 'not a file: URL (the service cannot read files on this machine)'],
    ['javascript:alert(1)', 'not a javascript: URL'],
    ['ftp://example.com/a.png', 'not a ftp: URL'],
    ['frame.png', '(got "frame.png")'],
    ['/tmp/frame.png', '(got "/tmp/frame.png")'],
    ['', '(got "")']
  ])('rejects the image %p with a clear reason', (image, reason) => {
    const [issue] = issuesOf('i2v', valid('i2v', { image }))
    expect(issue).toMatch(
      /^payload\.image must be a public http\(s\) URL or a data:image\/\(png\|jpeg\|webp\|gif\);base64 URI/
    )
    expect(issue).toContain(reason)
  })

  it.each(['DATA:image/png;base64,AAAA', 'Data:image/png;base64,AAAA'])(
    'rejects the data URI %p: the scheme must be lower case',
    image => {
      expect(issuesOf('i2v', valid('i2v', { image }))).toEqual([
        `payload.image is a data URI with the scheme "${image.slice(0, 5)}"; write the scheme in lower case (data:)`
      ])
    }
  )

  it('rejects an image URL carrying credentials', () => {
    expect(issuesOf('i2v', valid('i2v', { image: 'https://user:pw@example.com/a.png' }))).toEqual([
      'payload.image must not contain a user name or password (the URL is sent to the service as is)'
    ])
  })

  it('rejects an image URL with surrounding spaces', () => {
    expect(issuesOf('i2v', valid('i2v', { image: ` ${IMAGE_URL}` }))[0]).toMatch(
      /^payload\.image must not start or end with spaces/
    )
  })

  it('rejects a data:text/html URI naming the accepted image types', () => {
    expect(issuesOf('i2v', valid('i2v', { image: 'data:text/html;base64,PGI+aGk8L2I+' }))).toEqual([
      'payload.image is a data URI of type "text/html"; only image/png, image/jpeg, image/webp and image/gif are accepted'
    ])
  })

  it('rejects an SVG data URI', () => {
    expect(issuesOf('i2v', valid('i2v', { image: 'data:image/svg+xml;base64,PHN2Zz4=' }))).toEqual([
      'payload.image is an SVG data URI (image/svg+xml), which is not accepted; convert it to PNG, JPEG, WebP or GIF'
    ])
  })

  it('rejects image/jpg, pointing to image/jpeg', () => {
    expect(issuesOf('i2v', valid('i2v', { image: 'data:image/jpg;base64,/9j/' }))[0]).toBe(
      'payload.image is a data URI of type image/jpg; write image/jpeg'
    )
  })

  it('rejects an upper-case media type, asking for lower case', () => {
    expect(issuesOf('i2v', valid('i2v', { image: 'data:image/PNG;base64,iVBO' }))[0]).toBe(
      'payload.image is a data URI of type image/PNG; write the type in lower case (image/png)'
    )
  })

  it.each(['data:image/png,iVBO', 'data:image/png;charset=utf-8;base64,iVBO'])(
    'rejects the data URI %p that is not plain base64',
    image => {
      expect(issuesOf('i2v', valid('i2v', { image }))).toEqual([
        'payload.image must be a base64 data URI: data:image/png;base64,<data>'
      ])
    }
  )

  it('rejects a data URI without a comma', () => {
    expect(issuesOf('i2v', valid('i2v', { image: 'data:image/png;base64' }))[0]).toBe(
      'payload.image is a data URI without data (expected data:image/png;base64,<data>)'
    )
  })

  it.each([
    ['', 'there is no data after "base64,"'],
    ['iVBO!w0K', 'unexpected "!" at position 4'],
    ['iVBO\nw0K', 'unexpected "\\n" at position 4 (remove line breaks and spaces)'],
    ['iVB_w0K=', 'unexpected "_" at position 3 (URL-safe base64; use + and / instead)'],
    ['iV=Bw0K=', 'unexpected "=" at position 2 ("=" padding may only end the data, at most twice)'],
    ['iVB===', 'unexpected "=" at position 3'],
    ['iVBOw', 'its length 5 is not a multiple of 4 (truncated, or "=" padding missing)'],
    ['iVBORw0', 'its length 7 is not a multiple of 4']
  ])('rejects the base64 data %p', (data, reason) => {
    const [issue] = issuesOf('i2v', valid('i2v', { image: `data:image/png;base64,${data}` }))
    expect(issue).toMatch(/^payload\.image has invalid base64 data: /)
    expect(issue).toContain(reason)
  })

  it('checks every image field of every model', () => {
    for (const model of MODEL_NAMES) {
      for (const field of getModelSpec(model).imageFields) {
        const isList = field === 'referenceImageUrls'
        const payload = valid(model, { [field]: isList ? ['file:///a.png'] : 'file:///a.png' })
        if (field === 'lastFrameUrl') payload.imageUrl = IMAGE_URL
        const path = isList ? `payload.${field}[0]` : `payload.${field}`
        expect(issuesOf(model, payload)).toContain(
          `${path} must be a public http(s) URL or a data:image/(png|jpeg|webp|gif);base64 URI, not a file: URL (the service cannot read files on this machine)`
        )
      }
    }
  })
})

describe('validateRequest: minimax', () => {
  it('accepts content alone, with duration defaulting upstream', () => {
    expect(accepted('minimax', VALID.minimax).payload).toEqual(VALID.minimax)
  })

  it('rejects prompt in place of content, suggesting content', () => {
    expect(issuesOf('minimax', { prompt: 'a boat' })).toEqual([
      'payload.content is required (a non-blank string of at most 5000 characters)',
      'payload.prompt is not a field of minimax (did you mean "content"?; allowed fields: content, duration, resolution, tier, aspectRatio, imageUrl, lastFrameUrl, referenceImageUrls, referenceVideoUrl, referenceAudioUrls)'
    ])
  })

  it.each([5, 12, 20])('accepts duration %i', duration => {
    accepted('minimax', valid('minimax', { duration }))
  })

  it.each([4, 21, 0])('rejects duration %i naming the range', duration => {
    expect(issuesOf('minimax', valid('minimax', { duration }))).toEqual([
      `payload.duration must be an integer from 5 to 20 (got ${duration})`
    ])
  })

  it('rejects a fractional duration as not an integer', () => {
    expect(issuesOf('minimax', valid('minimax', { duration: 6.5 }))).toEqual([
      'payload.duration must be an integer (got 6.5)'
    ])
  })

  it.each([
    ['resolution', ['720p', '1080p'], '720P'],
    ['tier', ['turbo', 'base'], 'fast'],
    ['aspectRatio', ['auto', '21:9', '16:9', '4:3', '1:1', '3:4', '9:16'], '2:1']
  ])('accepts every %s value and rejects a neighbour', (field, values, wrong) => {
    for (const value of values) accepted('minimax', valid('minimax', { [field]: value }))
    const allowed = values.map(v => `"${v}"`).join(', ')
    expect(issuesOf('minimax', valid('minimax', { [field]: wrong }))[0]).toMatch(
      new RegExp(`^payload\\.${field} must be one of ${allowed} \\(got "${wrong}"`)
    )
  })

  it('accepts frames: imageUrl with lastFrameUrl', () => {
    accepted('minimax', valid('minimax', { imageUrl: IMAGE_URL, lastFrameUrl: PNG }))
  })

  it('accepts all references together', () => {
    accepted(
      'minimax',
      valid('minimax', {
        referenceImageUrls: [IMAGE_URL, PNG, IMAGE_URL, PNG],
        referenceVideoUrl: VIDEO_URL,
        referenceAudioUrls: [AUDIO_URL, AUDIO_URL]
      })
    )
  })

  it('rejects 5 reference images', () => {
    const referenceImageUrls = Array.from({ length: 5 }, () => IMAGE_URL)
    expect(issuesOf('minimax', valid('minimax', { referenceImageUrls }))).toEqual([
      'payload.referenceImageUrls must have at most 4 items (got 5)'
    ])
  })

  it('rejects 3 reference audio tracks', () => {
    const referenceAudioUrls = [AUDIO_URL, AUDIO_URL, AUDIO_URL]
    expect(issuesOf('minimax', valid('minimax', { referenceAudioUrls }))).toEqual([
      'payload.referenceAudioUrls must have at most 2 items (got 3)'
    ])
  })

  it('rejects a data URI as reference video or audio', () => {
    const payload = valid('minimax', { referenceVideoUrl: PNG, referenceAudioUrls: [PNG] })
    expect(issuesOf('minimax', payload)).toEqual([
      'payload.referenceVideoUrl must be a public http(s) URL; data: URIs are not accepted for this field',
      'payload.referenceAudioUrls[0] must be a public http(s) URL; data: URIs are not accepted for this field'
    ])
  })

  it('rejects a file: URL as reference video', () => {
    expect(issuesOf('minimax', valid('minimax', { referenceVideoUrl: 'file:///a.mp4' }))).toEqual([
      'payload.referenceVideoUrl must be a public http(s) URL, not a file: URL (the service cannot read files on this machine)'
    ])
  })

  it.each([
    ['imageUrl', 'referenceImageUrls', [IMAGE_URL]],
    ['imageUrl', 'referenceVideoUrl', VIDEO_URL],
    ['imageUrl', 'referenceAudioUrls', [AUDIO_URL]]
  ])('rejects frame %s combined with reference %s', (frame, reference, value) => {
    const payload = valid('minimax', { [frame]: IMAGE_URL, [reference]: value })
    expect(issuesOf('minimax', payload)).toEqual([
      `payload.${frame} cannot be combined with payload.${reference}: minimax takes either frames (imageUrl, lastFrameUrl) or references (referenceImageUrls, referenceVideoUrl, referenceAudioUrls); remove one group`
    ])
  })

  it('names every mixed field when several frames and references are combined', () => {
    const payload = valid('minimax', {
      imageUrl: IMAGE_URL,
      lastFrameUrl: IMAGE_URL,
      referenceVideoUrl: VIDEO_URL,
      referenceAudioUrls: [AUDIO_URL]
    })
    expect(issuesOf('minimax', payload)[0]).toMatch(
      /^payload\.imageUrl and payload\.lastFrameUrl cannot be combined with payload\.referenceVideoUrl and payload\.referenceAudioUrls:/
    )
  })

  it.each(['referenceImageUrls', 'referenceAudioUrls'])('rejects an empty %s', field => {
    expect(issuesOf('minimax', valid('minimax', { [field]: [] }))).toEqual([
      `payload.${field} must have at least 1 item (got 0)`
    ])
  })

  it('accepts one reference image and one reference audio track', () => {
    accepted('minimax', valid('minimax', { referenceImageUrls: [IMAGE_URL] }))
    accepted('minimax', valid('minimax', { referenceAudioUrls: [AUDIO_URL] }))
  })

  it('limits content to 5000 characters', () => {
    accepted('minimax', valid('minimax', { content: 'x'.repeat(5000) }))
    expect(issuesOf('minimax', valid('minimax', { content: 'x'.repeat(5001) }))).toEqual([
      'payload.content must be at most 5000 characters (got 5001)'
    ])
  })

  it('rejects lastFrameUrl without imageUrl', () => {
    expect(issuesOf('minimax', valid('minimax', { lastFrameUrl: IMAGE_URL }))).toEqual([
      'payload.lastFrameUrl requires payload.imageUrl (the first frame); add imageUrl'
    ])
  })

  it('suggests imageUrl for image', () => {
    expect(issuesOf('minimax', valid('minimax', { image: IMAGE_URL }))[0]).toContain(
      '(did you mean "imageUrl"?;'
    )
  })
})

describe('validateRequest: seedance20', () => {
  it.each([
    { prompt: 'a lighthouse' },
    { image: PNG },
    { video: VIDEO_URL },
    { prompt: 'a lighthouse', audio: AUDIO_URL },
    { image: IMAGE_URL, video: VIDEO_URL, audio: AUDIO_URL }
  ])('accepts the sources %p', sources => {
    accepted('seedance20', { ...without('seedance20', 'prompt'), ...sources })
  })

  it('rejects a payload with none of prompt, image, video', () => {
    expect(issuesOf('seedance20', without('seedance20', 'prompt'))).toEqual([
      'payload needs at least one of payload.prompt, payload.image, payload.video'
    ])
  })

  it('rejects audio alone', () => {
    const payload = { ...without('seedance20', 'prompt'), audio: AUDIO_URL }
    expect(issuesOf('seedance20', payload)).toEqual([
      'payload.audio cannot be used alone; add payload.prompt, payload.image or payload.video'
    ])
  })

  it.each([
    ['video', PNG],
    ['audio', 'data:image/png;base64,iVBO']
  ])('rejects a data URI as %s', (field, value) => {
    expect(issuesOf('seedance20', valid('seedance20', { [field]: value }))).toEqual([
      `payload.${field} must be a public http(s) URL; data: URIs are not accepted for this field`
    ])
  })

  it('rejects an array of images, since each source is single', () => {
    expect(issuesOf('seedance20', valid('seedance20', { image: [IMAGE_URL] }))).toEqual([
      'payload.image must be a string (got array)'
    ])
  })

  it.each([4, 15])('accepts duration %i', duration => {
    accepted('seedance20', valid('seedance20', { duration }))
  })

  it.each([3, 16])('rejects duration %i naming the range', duration => {
    expect(issuesOf('seedance20', valid('seedance20', { duration }))).toEqual([
      `payload.duration must be an integer from 4 to 15 (got ${duration})`
    ])
  })

  it.each([480, 720])('accepts resolution %i', resolution => {
    accepted('seedance20', valid('seedance20', { resolution }))
  })

  it('rejects resolution "720" as text, asking for a number', () => {
    expect(issuesOf('seedance20', valid('seedance20', { resolution: '720' }))).toEqual([
      'payload.resolution must be one of 480, 720 (got "720"; write it as 720, a number without quotes)'
    ])
  })

  it.each([1080, 360, 721])('rejects resolution %i naming the allowed values', resolution => {
    expect(issuesOf('seedance20', valid('seedance20', { resolution }))).toEqual([
      `payload.resolution must be one of 480, 720 (got ${resolution})`
    ])
  })

  it.each(['16:9', '9:16', '1:1'])('accepts ratio %p', ratio => {
    accepted('seedance20', valid('seedance20', { ratio }))
  })

  it('rejects ratio "4:3"', () => {
    expect(issuesOf('seedance20', valid('seedance20', { ratio: '4:3' }))).toEqual([
      'payload.ratio must be one of "16:9", "9:16", "1:1" (got "4:3")'
    ])
  })

  it.each([
    ['duration', 'an integer from 4 to 15'],
    ['resolution', 'one of 480, 720'],
    ['ratio', 'one of "16:9", "9:16", "1:1"']
  ])('rejects a payload missing %s', (field, allowed) => {
    expect(issuesOf('seedance20', without('seedance20', field))).toEqual([
      `payload.${field} is required (${allowed})`
    ])
  })

  it('suggests ratio for aspectRatio', () => {
    const payload = { ...without('seedance20', 'ratio'), aspectRatio: '16:9' }
    expect(issuesOf('seedance20', payload)).toContain(
      'payload.aspectRatio is not a field of seedance20 (did you mean "ratio"?; allowed fields: prompt, image, video, audio, duration, resolution, ratio)'
    )
  })
})

describe('validateRequest: wan27', () => {
  it('accepts every optional field', () => {
    accepted(
      'wan27',
      valid('wan27', { image: PNG, resolution: '1080P', ratio: '3:4', promptExtend: false })
    )
  })

  it.each(['5', '10', '15'])('accepts duration %p', duration => {
    accepted('wan27', valid('wan27', { duration }))
  })

  it.each(['8', '20'])('rejects duration %p naming the allowed values', duration => {
    expect(issuesOf('wan27', valid('wan27', { duration }))).toEqual([
      `payload.duration must be one of "5", "10", "15" (got "${duration}")`
    ])
  })

  it('rejects resolution "720p", suggesting "720P"', () => {
    expect(issuesOf('wan27', valid('wan27', { resolution: '720p' }))).toEqual([
      'payload.resolution must be one of "720P", "1080P" (got "720p"; did you mean "720P"?)'
    ])
  })

  it.each(['16:9', '9:16', '1:1', '4:3', '3:4'])('accepts ratio %p', ratio => {
    accepted('wan27', valid('wan27', { ratio }))
  })

  it('rejects ratio "21:9"', () => {
    expect(issuesOf('wan27', valid('wan27', { ratio: '21:9' }))[0]).toBe(
      'payload.ratio must be one of "16:9", "9:16", "1:1", "4:3", "3:4" (got "21:9")'
    )
  })

  it('rejects promptExtend given as text', () => {
    expect(issuesOf('wan27', valid('wan27', { promptExtend: 'true' }))).toEqual([
      'payload.promptExtend must be true or false (got string)'
    ])
  })

  it('rejects a payload without prompt', () => {
    expect(issuesOf('wan27', without('wan27', 'prompt'))).toEqual([
      'payload.prompt is required (a non-blank string of at most 5000 characters)'
    ])
  })

  it('accepts a payload without duration (only prompt is required)', () => {
    const result = accepted('wan27', without('wan27', 'duration'))
    expect(result.payload).not.toHaveProperty('duration')
  })

  it('limits the prompt to 5000 characters', () => {
    accepted('wan27', valid('wan27', { prompt: 'x'.repeat(5000) }))
    expect(issuesOf('wan27', valid('wan27', { prompt: 'x'.repeat(5001) }))).toEqual([
      'payload.prompt must be at most 5000 characters (got 5001)'
    ])
  })
})

describe('validateRequest: happyhorse', () => {
  it.each([
    ['a URL', IMAGE_URL],
    ['a data URI', PNG],
    ['null', null],
    ['1 image', [IMAGE_URL]],
    ['4 images', [IMAGE_URL, PNG, IMAGE_URL, PNG]]
  ])('accepts image as %s', (_, image) => {
    accepted('happyhorse', valid('happyhorse', { image }))
  })

  it('rejects an empty image list', () => {
    expect(issuesOf('happyhorse', valid('happyhorse', { image: [] }))).toEqual([
      'payload.image must have at least 1 item (got 0)'
    ])
  })

  it('rejects 5 images', () => {
    const image = Array.from({ length: 5 }, () => IMAGE_URL)
    expect(issuesOf('happyhorse', valid('happyhorse', { image }))).toEqual([
      'payload.image must have at most 4 items (got 5)'
    ])
  })

  it('rejects an image of the wrong type naming the accepted ones', () => {
    expect(issuesOf('happyhorse', valid('happyhorse', { image: 7 }))).toEqual([
      'payload.image must be a string, an array or null (got number)'
    ])
  })

  it('checks each listed image', () => {
    const image = [IMAGE_URL, 'data:image/svg+xml;base64,PHN2Zz4=']
    expect(issuesOf('happyhorse', valid('happyhorse', { image }))[0]).toMatch(
      /^payload\.image\[1\] is an SVG data URI/
    )
  })

  it.each([3, 15])('accepts duration %i', duration => {
    accepted('happyhorse', valid('happyhorse', { duration }))
  })

  it.each([2, 16])('rejects duration %i naming the range', duration => {
    expect(issuesOf('happyhorse', valid('happyhorse', { duration }))).toEqual([
      `payload.duration must be an integer from 3 to 15 (got ${duration})`
    ])
  })

  it('accepts a payload without ratio or resolution', () => {
    accepted('happyhorse', VALID.happyhorse)
  })

  it.each(['720P', '1080P'])('accepts resolution %p', resolution => {
    accepted('happyhorse', valid('happyhorse', { resolution }))
  })

  it('rejects ratio "2:3"', () => {
    expect(issuesOf('happyhorse', valid('happyhorse', { ratio: '2:3' }))[0]).toMatch(
      /^payload\.ratio must be one of /
    )
  })

  it('rejects a payload without prompt, describing it', () => {
    expect(issuesOf('happyhorse', {})).toEqual([
      'payload.prompt is required (a non-blank string of at most 5000 characters)'
    ])
  })

  it('accepts a payload without duration (only prompt is required)', () => {
    accepted('happyhorse', without('happyhorse', 'duration'))
  })

  it('limits the prompt to 5000 characters', () => {
    expect(issuesOf('happyhorse', valid('happyhorse', { prompt: 'x'.repeat(5001) }))).toEqual([
      'payload.prompt must be at most 5000 characters (got 5001)'
    ])
  })
})

describe('envelope.schema.json', () => {
  const ajv = new Ajv({ strict: true, allErrors: true, allowUnionTypes: true })
  const validateEnvelope = ajv.compile(envelopeSchema)
  const good = {
    ok: true,
    status: 'COMPLETED',
    taskId: 'ck123',
    data: { output: { url: 'https://cdn.example/v.mp4' } },
    errorCode: null,
    errorMessage: null,
    retryAfter: null
  }

  it('accepts a complete success envelope', () => {
    expect(validateEnvelope(good)).toBe(true)
  })

  it('accepts the envelopes envelope.ts builds', () => {
    expect(validateEnvelope(successEnvelope({ a: 1 }, { status: 'SUBMITTED', taskId: 'x' }))).toBe(
      true
    )
    const failure = failureEnvelope({
      errorCode: 'RATE_LIMITED',
      errorMessage: 'wait',
      retryAfter: 3
    })
    expect(validateEnvelope(failure)).toBe(true)
  })

  it('accepts every error code', () => {
    for (const errorCode of ERROR_CODES) {
      const envelope = { ...good, ok: false, errorCode, errorMessage: 'x', retryAfter: 0 }
      expect(validateEnvelope(envelope)).toBe(true)
    }
  })

  it('lists exactly the error codes of error-codes.ts, and null', () => {
    expect(envelopeSchema.properties.errorCode.enum).toEqual([...ERROR_CODES, null])
  })

  it('requires exactly the seven envelope keys', () => {
    expect([...(envelopeSchema.required as string[])].sort()).toEqual([...ENVELOPE_KEYS].sort())
  })

  it.each([...ENVELOPE_KEYS])('rejects an envelope missing %s', key => {
    const envelope: Record<string, unknown> = { ...good }
    delete envelope[key]
    expect(validateEnvelope(envelope)).toBe(false)
  })

  it('rejects an envelope with an extra key', () => {
    expect(validateEnvelope({ ...good, videoUrl: 'https://x' })).toBe(false)
  })

  it.each([
    ['ok', 'true'],
    ['status', 5],
    ['taskId', 12],
    ['errorCode', 'NOT_A_CODE'],
    ['retryAfter', -1],
    ['retryAfter', '5']
  ])('rejects %s set to %p', (key, value) => {
    expect(validateEnvelope({ ...good, [key]: value })).toBe(false)
  })

  it('rejects a non-string error message on a failure', () => {
    expect(validateEnvelope({ ...good, ok: false, errorCode: 'TIMEOUT', errorMessage: 1 })).toBe(
      false
    )
  })

  it('rejects a success carrying an error code, and a failure without one', () => {
    expect(validateEnvelope({ ...good, errorCode: 'TIMEOUT', errorMessage: 'x' })).toBe(false)
    expect(validateEnvelope({ ...good, ok: false })).toBe(false)
  })
})

describe('validateRequest: 5000-character limit on every text field', () => {
  it.each([
    ['lv', { prompt: ['x', 'y'.repeat(5001)] }, 'payload.prompt[1]'],
    ['seedance20', { prompt: 'y'.repeat(5001) }, 'payload.prompt'],
    ['i2v_v3', { prompt: 'y'.repeat(5001) }, 'payload.prompt']
  ] as const)('rejects %s text over the limit naming %s', (model, change, path) => {
    expect(issuesOf(model, valid(model, change))).toEqual([
      `${path} must be at most 5000 characters (got 5001)`
    ])
  })

  it.each([
    ['lv', { prompt: ['y'.repeat(5000)] }],
    ['seedance20', { prompt: 'y'.repeat(5000) }],
    ['happyhorse', { prompt: '🐎'.repeat(2500) }]
  ] as const)('accepts %s text of exactly 5000 UTF-16 units', (model, change) => {
    accepted(model, valid(model, change))
  })
})
