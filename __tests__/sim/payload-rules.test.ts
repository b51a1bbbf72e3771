import { describe, expect, it } from '@jest/globals'
import { useSharedSimulator } from '../../__fixtures__/test-simulator.js'
import { findPayloadProblems } from '../../src/sim/payload-rules.js'
import { KEY, T2V, call, create } from './api-client.js'

const URL_IMAGE = 'https://example.com/frame.png'
const DATA_IMAGE = `data:image/png;base64,${Buffer.from('not really a png').toString('base64')}`
const LIMITED_KEY = 'limited-key-01'
const sim = useSharedSimulator({
  keys: [
    { key: KEY, balance: 10_000 },
    { key: LIMITED_KEY, supportedModels: ['t2v'] }
  ]
})

function quote(model: string, payload: unknown, key = KEY) {
  return call(sim, 'POST', `/api/v1/quote/${model}`, { key, body: payload })
}

/** [model, payload, credits] that must be accepted. */
const ACCEPTED: [string, Record<string, unknown>, number][] = [
  ['t2v', T2V, 15],
  ['t2v', { ...T2V, duration: '8', aspectRatio: '9:16', filterMode: 'strict' }, 24],
  ['i2v', { image: URL_IMAGE, duration: '5' }, 15],
  ['i2v', { image: DATA_IMAGE, prompt: null, duration: '8', filterMode: 'custom' }, 24],
  ['lv', { image: URL_IMAGE, prompt: ['one', 'two'] }, 30],
  ['lv', { image: DATA_IMAGE, prompt: ['1', '2', '3', '4', '5', '6'] }, 90],
  ['t2v_v3', { ...T2V, duration: '20' }, 80],
  ['i2v_v3', { image: URL_IMAGE, prompt: 'move', duration: '15' }, 60],
  ['minimax', { content: 'a city at night' }, 25],
  [
    'minimax',
    { content: 'x', duration: 10, resolution: '1080p', tier: 'turbo', aspectRatio: 'auto' },
    100
  ],
  ['minimax', { content: 'x', imageUrl: DATA_IMAGE, lastFrameUrl: URL_IMAGE }, 25],
  [
    'minimax',
    { content: 'x', referenceImageUrls: [URL_IMAGE], referenceAudioUrls: [URL_IMAGE] },
    25
  ],
  ['seedance20', { prompt: 'waves', duration: 5, resolution: 720, ratio: '16:9' }, 30],
  [
    'seedance20',
    {
      video: 'https://example.com/v.mp4',
      audio: URL_IMAGE,
      duration: 4,
      resolution: 480,
      ratio: '1:1'
    },
    24
  ],
  ['wan27', { prompt: 'rain' }, 25],
  [
    'wan27',
    {
      prompt: 'rain',
      image: URL_IMAGE,
      duration: '10',
      resolution: '1080P',
      ratio: '4:3',
      promptExtend: true
    },
    50
  ],
  ['happyhorse', { prompt: 'horse', duration: 3 }, 12],
  [
    'happyhorse',
    { prompt: 'horse', image: [URL_IMAGE, DATA_IMAGE], duration: 15, resolution: '720P' },
    60
  ],
  ['happyhorse', { prompt: 'horse', image: null }, 20]
]

/** [model, payload, fields the message must name]. */
const REJECTED: [string, Record<string, unknown>, string[]][] = [
  ['t2v', { ...T2V, duration: 5 }, ['duration']],
  ['t2v', { ...T2V, aspectRatio: '4:3' }, ['aspectRatio']],
  ['t2v', { aspectRatio: '16:9', duration: '5' }, ['prompt']],
  ['t2v', { ...T2V, prompt: 'x'.repeat(5001) }, ['prompt']],
  ['t2v', { ...T2V, filterMode: 'loose', seed: 1 }, ['filterMode', 'seed']],
  ['i2v', { image: 'ftp://example.com/a.png', duration: '5' }, ['image']],
  ['i2v', { image: 'data:image/bmp;base64,AAAA', duration: '5' }, ['image']],
  ['i2v', { image: 'data:image/png;base64,not base64!', duration: '5' }, ['image']],
  ['i2v', { image: URL_IMAGE, duration: '10' }, ['duration']],
  ['i2v', { image: URL_IMAGE, duration: '5', aspectRatio: '16:9' }, ['aspectRatio']],
  ['lv', { image: URL_IMAGE, prompt: [] }, ['prompt']],
  ['lv', { image: URL_IMAGE, prompt: ['1', '2', '3', '4', '5', '6', '7'] }, ['prompt']],
  ['lv', { image: URL_IMAGE, prompt: ['ok', ''] }, ['prompt']],
  ['lv', { image: URL_IMAGE, prompt: 'one string' }, ['prompt']],
  ['lv', { prompt: ['a'], duration: '5' }, ['image', 'duration']],
  ['t2v_v3', { ...T2V, duration: '8' }, ['duration']],
  ['i2v_v3', { image: URL_IMAGE, duration: '5', filterMode: 'strict' }, ['filterMode']],
  ['minimax', { prompt: 'x' }, ['content', 'prompt']],
  ['minimax', { content: 'x', duration: '5' }, ['duration']],
  ['minimax', { content: 'x', duration: 21 }, ['duration']],
  ['minimax', { content: 'x', resolution: '1080P' }, ['resolution']],
  [
    'minimax',
    { content: 'x', imageUrl: URL_IMAGE, referenceImageUrls: [URL_IMAGE] },
    ['imageUrl', 'referenceImageUrls']
  ],
  [
    'minimax',
    { content: 'x', referenceImageUrls: Array(5).fill(URL_IMAGE) },
    ['referenceImageUrls']
  ],
  ['minimax', { content: 'x', referenceVideoUrl: DATA_IMAGE }, ['referenceVideoUrl']],
  [
    'minimax',
    { content: 'x', referenceAudioUrls: [URL_IMAGE, URL_IMAGE, URL_IMAGE] },
    ['referenceAudioUrls']
  ],
  ['seedance20', { prompt: 'x', duration: 5, ratio: '16:9' }, ['resolution']],
  ['seedance20', { prompt: 'x', duration: 5, resolution: '720', ratio: '16:9' }, ['resolution']],
  ['seedance20', { prompt: 'x', duration: 16, resolution: 720, ratio: '16:9' }, ['duration']],
  ['seedance20', { audio: URL_IMAGE, duration: 5, resolution: 720, ratio: '16:9' }, ['audio']],
  ['seedance20', { duration: 5, resolution: 720, ratio: '16:9' }, ['prompt', 'image', 'video']],
  ['seedance20', { video: DATA_IMAGE, duration: 5, resolution: 720, ratio: '16:9' }, ['video']],
  ['wan27', { image: URL_IMAGE }, ['prompt']],
  ['wan27', { prompt: 'x', duration: 10 }, ['duration']],
  ['wan27', { prompt: 'x', resolution: '720p' }, ['resolution']],
  ['wan27', { prompt: 'x', promptExtend: 'yes' }, ['promptExtend']],
  ['happyhorse', { prompt: 'x', duration: 2 }, ['duration']],
  ['happyhorse', { prompt: 'x', image: 5 }, ['image']],
  ['happyhorse', { prompt: 'x', image: [] }, ['image']],
  ['happyhorse', { prompt: 'x', ratio: '2:1' }, ['ratio']],
  ['happyhorse', { prompt: 'x', image: Array(5).fill(URL_IMAGE) }, ['image']],
  ['minimax', { content: 'x', lastFrameUrl: URL_IMAGE }, ['lastFrameUrl', 'imageUrl']],
  ['i2v', { image: ' https://example.com/a.png', duration: '5' }, ['image']],
  ['i2v', { image: 'https://user:pw@example.com/a.png', duration: '5' }, ['image']]
]

describe('payload rules', () => {
  it.each(ACCEPTED)('accepts a valid %s payload and prices it', async (model, payload, credits) => {
    const answer = await quote(model, payload)
    expect(answer.json).toMatchObject({ model, credits })
    expect(answer.status).toBe(200)
  })

  it.each(REJECTED)(
    'refuses an invalid %s payload naming the fields',
    async (model, payload, fields) => {
      const answer = await quote(model, payload)
      expect(answer.status).toBe(400)
      expect(answer.json).toMatchObject({
        status: 'FAILED',
        errorCode: 'INVALID_PAYLOAD',
        error: 'INVALID_PAYLOAD'
      })
      for (const field of fields) expect(answer.json.message).toContain(field)
    }
  )

  it('refuses on create too, charging nothing', async () => {
    const answer = await create(sim, 't2v', { ...T2V, duration: 5 })
    expect(answer.status).toBe(400)
    expect(answer.json.errorCode).toBe('INVALID_PAYLOAD')
    expect(sim.stats().creations).toBe(0)
    expect(sim.stats().credits.charged).toBe(0)
  })
})

describe('models', () => {
  it('answers INVALID_MODEL "Unsupported model: xxx" for an unknown model', async () => {
    const answer = await create(sim, 'sora', T2V)
    expect(answer.status).toBe(400)
    expect(answer.json).toMatchObject({
      errorCode: 'INVALID_MODEL',
      message: 'Unsupported model: sora'
    })
  })

  it('answers INVALID_MODEL for a model outside the key’s supportedModels', async () => {
    const answer = await create(
      sim,
      'i2v',
      { image: URL_IMAGE, duration: '5' },
      { key: LIMITED_KEY }
    )
    expect(answer.status).toBe(400)
    expect(answer.json.message).toBe('Unsupported model: i2v')
    expect((await create(sim, 't2v', T2V, { key: LIMITED_KEY })).status).toBe(200)
  })
})

describe('request bodies', () => {
  it.each([
    ['malformed JSON', '{"prompt": '],
    ['a JSON array', '[1, 2]'],
    ['a JSON string', '"t2v"'],
    ['an empty body', '']
  ])('answers 400 INVALID_PAYLOAD to %s', async (_name, rawBody) => {
    const answer = await call(sim, 'POST', '/api/v1/generate/t2v', { rawBody })
    expect(answer.status).toBe(400)
    expect(answer.json.errorCode).toBe('INVALID_PAYLOAD')
  })

  it('answers 413 with INVALID_PAYLOAD to a body over 10 MB', async () => {
    const prompt = 'x'.repeat(10 * 1024 * 1024)
    const answer = await call(sim, 'POST', '/api/v1/generate/t2v', { body: { ...T2V, prompt } })
    expect(answer.status).toBe(413)
    expect(answer.json).toMatchObject({ status: 'FAILED', errorCode: 'INVALID_PAYLOAD' })
  })
})

/**
 * The boundaries the client validator shares (once divergences D1-D10 in
 * __tests__/reliability/validator-divergences.ts), checked on the rules in process.
 */
describe('payload rules: boundaries shared with the client validator', () => {
  const accepts = (model: Parameters<typeof findPayloadProblems>[0], payload: object) =>
    findPayloadProblems(model, payload as Record<string, unknown>).length === 0
  const I2V = { image: URL_IMAGE, duration: '5' }

  it('counts text limits in UTF-16 units: 2500 emoji pass, 2501 do not (D1)', () => {
    expect(accepts('t2v', { ...T2V, prompt: '😀'.repeat(2500) })).toBe(true)
    expect(accepts('t2v', { ...T2V, prompt: '😀'.repeat(2501) })).toBe(false)
    expect(accepts('t2v_v3', { ...T2V, prompt: 'a'.repeat(4999) + '😀' })).toBe(false)
  })

  it.each([
    ['i2v', 'prompt', I2V],
    ['i2v_v3', 'prompt', I2V],
    ['wan27', 'prompt', {}],
    ['happyhorse', 'prompt', {}],
    ['seedance20', 'prompt', { duration: 5, resolution: 720, ratio: '16:9' }],
    ['minimax', 'content', {}]
  ] as const)('limits %s %s to 5000 characters (D2)', (model, field, rest) => {
    expect(accepts(model, { ...rest, [field]: 'a'.repeat(5000) })).toBe(true)
    expect(accepts(model, { ...rest, [field]: 'a'.repeat(5001) })).toBe(false)
  })

  it('limits each lv segment to 5000 characters (D2)', () => {
    expect(accepts('lv', { image: URL_IMAGE, prompt: ['a'.repeat(5000)] })).toBe(true)
    expect(accepts('lv', { image: URL_IMAGE, prompt: ['x', 'a'.repeat(5001)] })).toBe(false)
  })

  it.each(['i2v', 'i2v_v3'] as const)(
    'takes a %s prompt as non-blank text or null, never blank (D3)',
    model => {
      expect(accepts(model, { ...I2V, prompt: null })).toBe(true)
      expect(accepts(model, { ...I2V, prompt: 'x' })).toBe(true)
      for (const prompt of ['', ' ', '\t\n']) {
        expect(accepts(model, { ...I2V, prompt })).toBe(false)
      }
    }
  )

  it('takes only the lower-case data: scheme (D4)', () => {
    expect(accepts('i2v', { ...I2V, image: 'data:image/png;base64,AAAA' })).toBe(true)
    for (const image of ['DATA:image/png;base64,AAAA', 'Data:image/png;base64,AAAA']) {
      expect(accepts('i2v', { ...I2V, image })).toBe(false)
    }
  })

  it.each([' https://example.com/a.png', 'https://example.com/a.png ', '\thttps://example.com/a'])(
    'refuses a URL with surrounding whitespace %j rather than trimming it (D5)',
    url => {
      expect(accepts('i2v', { ...I2V, image: url })).toBe(false)
      expect(
        accepts('seedance20', {
          prompt: 'x',
          video: url,
          duration: 5,
          resolution: 720,
          ratio: '1:1'
        })
      ).toBe(false)
    }
  )

  it.each([
    'https://user:pw@example.com/a.png',
    'https://user@example.com/a.png',
    'http://:pw@example.com/a'
  ])('refuses a URL carrying credentials %j (D6)', url => {
    expect(accepts('i2v', { ...I2V, image: url })).toBe(false)
    expect(accepts('minimax', { content: 'x', referenceVideoUrl: url })).toBe(false)
  })

  it('accepts a URL whose path or query holds an @ (D6)', () => {
    expect(accepts('i2v', { ...I2V, image: 'https://example.com/@fox/a.png?by=a@b' })).toBe(true)
  })

  it.each(['wan27', 'happyhorse'] as const)('takes %s without duration (D7)', model => {
    expect(accepts(model, { prompt: 'x' })).toBe(true)
  })

  it('takes 1 to 4 happyhorse images in an array (D8)', () => {
    expect(accepts('happyhorse', { prompt: 'x', image: [URL_IMAGE] })).toBe(true)
    expect(accepts('happyhorse', { prompt: 'x', image: Array(4).fill(URL_IMAGE) })).toBe(true)
    expect(accepts('happyhorse', { prompt: 'x', image: Array(5).fill(URL_IMAGE) })).toBe(false)
    expect(accepts('happyhorse', { prompt: 'x', image: [] })).toBe(false)
  })

  it.each(['referenceImageUrls', 'referenceAudioUrls'])(
    'refuses an empty minimax %s (D9)',
    field => {
      expect(accepts('minimax', { content: 'x', [field]: [] })).toBe(false)
      expect(accepts('minimax', { content: 'x', [field]: [URL_IMAGE] })).toBe(true)
    }
  )

  it('refuses a minimax lastFrameUrl without imageUrl (D10)', () => {
    expect(findPayloadProblems('minimax', { content: 'x', lastFrameUrl: URL_IMAGE })).toEqual([
      'lastFrameUrl requires imageUrl (the first frame)'
    ])
    expect(accepts('minimax', { content: 'x', imageUrl: URL_IMAGE })).toBe(true)
    expect(accepts('minimax', { content: 'x', imageUrl: URL_IMAGE, lastFrameUrl: URL_IMAGE })).toBe(
      true
    )
  })
})
