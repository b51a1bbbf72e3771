import { describe, expect, it } from '@jest/globals'
import { MAX_BATCH_ITEMS, parseBatchFile } from '../../src/core/batch/batch-file.js'
import { validateBatch, type BatchItem } from '../../src/core/batch/batch-validation.js'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { readFileSync } from 'node:fs'

const FOX = { prompt: 'a red fox in snow', aspectRatio: '16:9', duration: '5' }

function itemsOf(result: ReturnType<typeof parseBatchFile>): BatchItem[] {
  if (!result.ok) throw new Error(result.errorMessage)
  return result.items
}

describe('parseBatchFile', () => {
  it('reads a JSON list, giving unnamed items item-<n> counted from 1', () => {
    const text = JSON.stringify([
      {
        name: 'fox',
        model: 't2v',
        payload: FOX,
        'idempotency-key': 'fox-key-0001',
        'max-credits': 20
      },
      { model: 't2v', payload: { ...FOX, prompt: 'an owl' } }
    ])
    expect(itemsOf(parseBatchFile(text, 'batch.json'))).toEqual([
      { name: 'fox', model: 't2v', payload: FOX, idempotencyKey: 'fox-key-0001', maxCredits: 20 },
      { name: 'item-2', model: 't2v', payload: { ...FOX, prompt: 'an owl' } }
    ])
  })

  it('reads YAML, an items: wrapper, camelCase fields and payloads given as JSON text', () => {
    const text = [
      'items:',
      '  - name: fox-night',
      '    model: t2v',
      '    maxCredits: "15"',
      '    idempotencyKey: night-key-01',
      '    payload:',
      '      prompt: a fox at night',
      '      aspectRatio: "9:16"',
      '      duration: "8"',
      '  - name: owl',
      '    model: t2v_v3',
      `    payload: '{"prompt":"an owl","aspectRatio":"1:1","duration":"5"}'`
    ].join('\n')
    expect(itemsOf(parseBatchFile(text, 'jobs.yaml'))).toEqual([
      {
        name: 'fox-night',
        model: 't2v',
        maxCredits: 15,
        idempotencyKey: 'night-key-01',
        payload: { prompt: 'a fox at night', aspectRatio: '9:16', duration: '8' }
      },
      {
        name: 'owl',
        model: 't2v_v3',
        payload: { prompt: 'an owl', aspectRatio: '1:1', duration: '5' }
      }
    ])
  })

  it('tries JSON then YAML when the extension says neither', () => {
    expect(itemsOf(parseBatchFile('[{"model":"t2v","payload":{}}]', 'batch.txt'))).toHaveLength(1)
    expect(itemsOf(parseBatchFile('- model: t2v\n  payload: {}\n', 'batch'))).toHaveLength(1)
    const neither = parseBatchFile('- a: [\n', 'batch')
    expect(neither).toMatchObject({ ok: false, errorCode: 'INVALID_INPUT' })
    expect(neither.ok || neither.errorMessage).toMatch(/neither valid JSON nor valid YAML/)
  })

  it('reads a .json file as JSON only, naming the file in the error', () => {
    const result = parseBatchFile('- model: t2v\n', 'jobs.json')
    expect(result.ok).toBe(false)
    expect(result.ok || result.errorMessage).toMatch(/^Batch file jobs\.json: it is not valid JSON/)
  })

  it('refuses a document that is not a list, an empty list and an oversized one', () => {
    const messageOf = (text: string): string => {
      const result = parseBatchFile(text, 'b.json')
      return result.ok ? '' : result.errorMessage
    }
    expect(messageOf('{"model":"t2v"}')).toMatch(/must hold a list of items/)
    expect(messageOf('[]')).toMatch(/has no items/)
    const many = JSON.stringify(
      Array.from({ length: MAX_BATCH_ITEMS + 1 }, () => ({ model: 't2v' }))
    )
    expect(messageOf(many)).toMatch(/more than 1000; split it across several jobs/)
  })

  it('reports every structural problem at once, each with its position and name', () => {
    const text = JSON.stringify([
      { name: 'fox', model: 't2v', payload: FOX, paylod: {} },
      'not an item',
      { name: 'fox', model: 't2v', payload: FOX },
      { name: '../escape', model: 't2v', payload: FOX, 'max-credits': -1 },
      { name: 'both', model: 't2v', payload: FOX, maxCredits: 1, 'max-credits': 2 }
    ])
    const result = parseBatchFile(text, 'b.json')
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.errorCode).toBe('INVALID_INPUT')
    expect(result.issues).toEqual([
      expect.stringMatching(
        /^item 1 "fox": unknown field "paylod" \(allowed: name, model, payload,/
      ),
      'item 2: must be an object with name, model and payload',
      expect.stringMatching(
        /^item 4 "\.\.\/escape": name must be 1 to 100 letters.*; max-credits must be a whole number/
      ),
      'item 5 "both": give only one of max-credits and maxCredits',
      'item 3 "fox": name is already used by item 1'
    ])
  })

  it('names the model and payload problems of a file refused for its structure, in the same refusal', () => {
    const text = JSON.stringify([
      { name: 'a', model: 't2v', payload: { ...FOX, duration: '50' } },
      { name: 'b', model: 't2x', payload: FOX },
      { name: 'A', model: 't2v', payload: FOX }
    ])
    const result = parseBatchFile(text, 'b.json')
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.issues).toEqual([
      expect.stringMatching(/^item 3 "A": name is already used by item 1 "a"/),
      'item 1 "a": payload.duration must be one of "5", "8" (got "50")',
      expect.stringMatching(/^item 2 "b": model must be one of t2v, /)
    ])
    expect(result.errorMessage).toMatch(/Fix the option named above; nothing was sent\.$/)
  })

  it('refuses names that differ only in case, which name one file on macOS and Windows', () => {
    const job = { model: 't2v', payload: { prompt: 'a fox', aspectRatio: '16:9', duration: '5' } }
    const result = parseBatchFile(
      JSON.stringify([
        { name: 'Clip', ...job },
        { name: 'clip', ...job }
      ]),
      'b.json'
    )
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.issues).toEqual([
      'item 2 "clip": name is already used by item 1 "Clip" (names that differ only in case name one file on macOS and Windows)'
    ])
    const validation = validateBatch([
      { name: 'Clip', ...job },
      { name: 'clip', ...job }
    ] as BatchItem[])
    expect(validation.issues).toEqual([
      expect.stringMatching(
        /^item 2 "clip": name is already used by item 1 "Clip" \(names that differ only in case/
      )
    ])
  })

  it('refuses a YAML mapping that repeats a field', () => {
    const result = parseBatchFile('- model: t2v\n  model: i2v\n', 'b.yml')
    expect(result.ok || result.errorMessage).toMatch(/not valid YAML/)
  })
})

describe('validateBatch', () => {
  it('accepts valid items and returns the payloads as they will be sent', () => {
    const validation = validateBatch([
      { name: 'a', model: 't2v', payload: { ...FOX, duration: 5 } }
    ])
    expect(validation.ok).toBe(true)
    expect(validation.valid[0]).toMatchObject({ index: 0, model: 't2v', payload: FOX })
    expect(validation.valid[0].notes[0]).toMatch(/sent as the string "5"/)
  })

  it('names every invalid item by position and name, with its validation issues', () => {
    const validation = validateBatch([
      { name: 'ok', model: 't2v', payload: FOX },
      { name: 'fox-night', model: 't2v', payload: { ...FOX, duration: '6' } },
      { name: 'typo', model: 't2v4', payload: FOX },
      { name: 'ok', model: 't2v', payload: FOX, idempotencyKey: 'short' }
    ])
    expect(validation.ok).toBe(false)
    expect(validation.valid.map(v => v.index)).toEqual([0])
    expect(validation.invalid.map(i => [i.index, i.failure.errorCode])).toEqual([
      [1, 'INVALID_PAYLOAD'],
      [2, 'INVALID_MODEL'],
      [3, 'INVALID_INPUT']
    ])
    expect(validation.errorCode).toBe('INVALID_INPUT')
    expect(validation.issues).toEqual([
      'item 2 "fox-night": payload.duration must be one of "5", "8" (got "6")',
      expect.stringMatching(/^item 3 "typo": model must be one of t2v, i2v/),
      'item 4 "ok": name is already used by item 1 "ok"',
      'item 4 "ok": idempotency-key must be 8 to 128 printable characters without spaces'
    ])
    expect(validation.invalid[1].failure.errorMessage).toMatch(
      /^item 3 "typo": Unsupported model "t2v4".*Did you mean "t2v"/
    )
    expect(validation.errorMessage).toMatch(
      /^3 of 4 batch items are invalid: item 2 "fox-night": payload\.duration/
    )
  })

  it('reports the shared code when all invalid items fail the same way', () => {
    const validation = validateBatch([
      { name: 'a', model: 't2v', payload: {} },
      { name: 'b', model: 't2v', payload: { ...FOX, aspectRatio: '4:3' } }
    ])
    expect(validation.errorCode).toBe('INVALID_PAYLOAD')
  })
})

describe('schemas/batch-file.schema.json', () => {
  it("compiles in ajv's strict mode with strictRequired on, as editors' tooling may use it", () => {
    const schema = JSON.parse(readFileSync('schemas/batch-file.schema.json', 'utf8')) as object
    const validate = new Ajv2020({ strict: true, allowUnionTypes: true }).compile(schema)
    const job = { name: 'fox', model: 't2v', payload: FOX }
    expect(validate([job])).toBe(true)
    // Both spellings of one field at once stay refused.
    expect(validate([{ ...job, 'max-credits': 5, maxCredits: 5 }])).toBe(false)
    expect(
      validate([{ ...job, 'idempotency-key': 'key-00001', idempotencyKey: 'key-00001' }])
    ).toBe(false)
  })
})
