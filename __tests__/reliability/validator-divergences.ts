import type { ModelName } from '../../src/core/models.js'

/**
 * Where the client's validator (src/core/validate.ts) and the simulator's server-side
 * rules (src/sim/payload-rules.ts) disagree today, found by the agreement property in
 * properties.test.ts. Each row names the side that should move (per upstream-api.md,
 * or "decide" when the contract is silent) and one exact counterexample. The property
 * tolerates a disagreement only when one of these explains it; properties.test.ts pins
 * each example, so when an owner resolves a row, its example fails: delete the row.
 */
export interface Divergence {
  id: string
  /** Who should change: the client (core), the simulator, or a decision first. */
  owner: 'core' | 'sim' | 'decide' | 'by design'
  summary: string
  example: { model: ModelName; payload: Record<string, unknown> }
  /** Does each side accept the example today? */
  clientAccepts: boolean
  simAccepts: boolean
  /** Does a (client-side, pre-coercion) payload carry this divergence? */
  detect: (model: ModelName, payload: Record<string, unknown>) => boolean
}

const TEXT_FIELD: Record<ModelName, string> = {
  t2v: 'prompt',
  i2v: 'prompt',
  lv: 'prompt',
  t2v_v3: 'prompt',
  i2v_v3: 'prompt',
  minimax: 'content',
  seedance20: 'prompt',
  wan27: 'prompt',
  happyhorse: 'prompt'
}

const URL_FIELDS = [
  'image',
  'imageUrl',
  'lastFrameUrl',
  'referenceImageUrls',
  'referenceVideoUrl',
  'referenceAudioUrls',
  'video',
  'audio'
]

/** The strings held by a field: the value itself, or an array's string items. */
function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value]
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
}

function texts(model: ModelName, payload: Record<string, unknown>): string[] {
  return stringsOf(payload[TEXT_FIELD[model]])
}

function urls(payload: Record<string, unknown>): string[] {
  return URL_FIELDS.flatMap(field => stringsOf(payload[field]))
}

const codePoints = (text: string): number => [...text].length
const LIMITED = ['t2v', 't2v_v3']

export const DIVERGENCES: Divergence[] = [
  {
    id: 'D1 text limit unit',
    owner: 'decide',
    summary:
      't2v/t2v_v3 prompt: the client counts 5000 code points (ajv maxLength), the sim 5000 UTF-16 units (String.length); upstream-api.md gives no limit',
    example: {
      model: 't2v',
      payload: { prompt: '😀'.repeat(2501), aspectRatio: '16:9', duration: '5' }
    },
    clientAccepts: true,
    simAccepts: false,
    detect: (model, payload) =>
      LIMITED.includes(model) &&
      texts(model, payload).some(t => t.length > 5000 && codePoints(t) <= 5000)
  },
  {
    id: 'D2 text limit scope',
    owner: 'decide',
    summary:
      'the sim limits every text field (i2v/lv/minimax/seedance20/wan27/happyhorse prompts, minimax content) to 5000; the client schemas only t2v/t2v_v3',
    example: { model: 'wan27', payload: { prompt: 'a'.repeat(5001), duration: '5' } },
    clientAccepts: true,
    simAccepts: false,
    detect: (model, payload) =>
      !LIMITED.includes(model) && texts(model, payload).some(t => t.length > 5000)
  },
  {
    id: 'D3 blank optional prompt',
    owner: 'decide',
    summary:
      'i2v/i2v_v3 prompt "" or blank: the client accepts ("string or null"), the sim requires non-blank text',
    example: {
      model: 'i2v',
      payload: { image: 'https://example.com/cat.png', prompt: '', duration: '5' }
    },
    clientAccepts: true,
    simAccepts: false,
    detect: (model, payload) =>
      (model === 'i2v' || model === 'i2v_v3') &&
      typeof payload.prompt === 'string' &&
      !/\S/.test(payload.prompt)
  },
  {
    id: 'D4 data: scheme case',
    owner: 'core',
    summary:
      'the client accepts "DATA:image/png;base64,..." (scheme matched case-insensitively) although it rejects "data:image/PNG"; the sim and the documented form use lower-case "data:"',
    example: {
      model: 'i2v',
      payload: { image: 'DATA:image/png;base64,AAAA', duration: '5' }
    },
    clientAccepts: true,
    simAccepts: false,
    detect: (_model, payload) => urls(payload).some(u => /^data:/i.test(u) && !/^data:/.test(u))
  },
  {
    id: 'D5 URL surrounded by spaces',
    owner: 'sim',
    summary:
      'the client rejects " https://..." / "https://... "; the sim accepts them (new URL() trims), so it accepts a value upstream would receive with the spaces',
    example: {
      model: 'i2v',
      payload: { image: ' https://example.com/cat.png', duration: '5' }
    },
    clientAccepts: false,
    simAccepts: true,
    detect: (_model, payload) => urls(payload).some(u => u.trim() !== u)
  },
  {
    id: 'D6 URL with credentials',
    owner: 'by design',
    summary:
      'the client refuses user:password@ in media URLs (they would be sent to the service as is); the sim accepts them',
    example: {
      model: 'i2v',
      payload: { image: 'https://user:secret@example.com/cat.png', duration: '5' }
    },
    clientAccepts: false,
    simAccepts: true,
    detect: (_model, payload) => urls(payload).some(u => /^\s*https?:\/\/[^/?#]*@/i.test(u))
  },
  {
    id: 'D7 optional duration',
    owner: 'decide',
    summary:
      'wan27 and happyhorse: the client requires duration, the sim does not; upstream-api.md marks only prompt as required for wan27',
    example: { model: 'wan27', payload: { prompt: 'a red fox in snow' } },
    clientAccepts: false,
    simAccepts: true,
    detect: (model, payload) =>
      (model === 'wan27' || model === 'happyhorse') && !Object.hasOwn(payload, 'duration')
  },
  {
    id: 'D8 happyhorse image count',
    owner: 'decide',
    summary:
      'happyhorse image array: the client allows 1 to 4, the sim any number >= 1; upstream-api.md gives no count',
    example: {
      model: 'happyhorse',
      payload: {
        prompt: 'a red fox in snow',
        duration: 5,
        image: Array.from({ length: 5 }, (_, i) => `https://example.com/${i}.png`)
      }
    },
    clientAccepts: false,
    simAccepts: true,
    detect: (model, payload) =>
      model === 'happyhorse' && Array.isArray(payload.image) && payload.image.length > 4
  },
  {
    id: 'D9 minimax empty reference list',
    owner: 'decide',
    summary:
      'minimax referenceImageUrls: [] / referenceAudioUrls: []: the client accepts (and treats them as absent), the sim requires at least 1 item',
    example: {
      model: 'minimax',
      payload: { content: 'a red fox in snow', referenceImageUrls: [] }
    },
    clientAccepts: true,
    simAccepts: false,
    detect: (model, payload) =>
      model === 'minimax' &&
      ['referenceImageUrls', 'referenceAudioUrls'].some(
        f => Array.isArray(payload[f]) && (payload[f] as unknown[]).length === 0
      )
  },
  {
    id: 'D10 minimax last frame alone',
    owner: 'decide',
    summary:
      'minimax lastFrameUrl without imageUrl: the client refuses (a last frame needs a first), the sim accepts; upstream-api.md has no such rule',
    example: {
      model: 'minimax',
      payload: { content: 'a red fox in snow', lastFrameUrl: 'https://example.com/end.png' }
    },
    clientAccepts: false,
    simAccepts: true,
    detect: (model, payload) =>
      model === 'minimax' &&
      Object.hasOwn(payload, 'lastFrameUrl') &&
      payload.lastFrameUrl !== null &&
      (!Object.hasOwn(payload, 'imageUrl') || payload.imageUrl === null)
  }
]
