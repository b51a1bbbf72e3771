import type { ModelName, Payload } from './models.js'

/** Says what is wrong with a field's value, or nothing when it is fine. */
type FieldCheck = (value: unknown) => string | undefined

interface FieldRule {
  check: FieldCheck
  required?: boolean
}

interface ModelRules {
  fields: Record<string, FieldRule>
  /** Rules spanning several fields, run only when every field is valid on its own. */
  combined?: (payload: Payload) => string[]
}

/** Every text field (prompts, lv segments, minimax content), in UTF-16 units. */
const MAX_PROMPT_CHARS = 5000
/** happyhorse reference to video: images in one array. */
const MAX_HAPPYHORSE_IMAGES = 4
const DATA_IMAGE_URI = /^data:image\/(png|jpeg|webp|gif);base64,([A-Za-z0-9+/]+={0,2})$/

/**
 * A public http(s) URL, taken as sent: `new URL()` would trim surrounding spaces, so a
 * value with them is refused rather than repaired, and so is one carrying a user name
 * or password (not a public URL).
 */
function isWebUrl(value: string): boolean {
  if (value.trim() !== value) return false
  try {
    const { protocol, username, password } = new URL(value)
    return (protocol === 'http:' || protocol === 'https:') && username === '' && password === ''
  } catch {
    return false
  }
}

function isDataImage(value: string): boolean {
  const match = DATA_IMAGE_URI.exec(value)
  return match !== null && match[2].length % 4 === 0
}

const text: FieldCheck = value =>
  typeof value === 'string' && value.trim() !== '' && value.length <= MAX_PROMPT_CHARS
    ? undefined
    : `must be a non-empty string of at most ${MAX_PROMPT_CHARS} characters`

const image: FieldCheck = value =>
  typeof value === 'string' && (isWebUrl(value) || isDataImage(value))
    ? undefined
    : 'must be an http(s) URL or a data:image/(png|jpeg|webp|gif);base64,<data> URI'

const webUrl: FieldCheck = value =>
  typeof value === 'string' && isWebUrl(value) ? undefined : 'must be an http(s) URL'

const bool: FieldCheck = value => (typeof value === 'boolean' ? undefined : 'must be a boolean')

function oneOf(values: readonly (string | number)[]): FieldCheck {
  const kind = typeof values[0] === 'string' ? 'a string' : 'a number'
  const listed = values.map(v => JSON.stringify(v)).join(', ')
  return value =>
    values.includes(value as string | number) ? undefined : `must be one of ${listed} (${kind})`
}

function integerRange(min: number, max: number): FieldCheck {
  return value =>
    Number.isInteger(value) && (value as number) >= min && (value as number) <= max
      ? undefined
      : `must be an integer number from ${min} to ${max}`
}

function list(item: FieldCheck, min: number, max = Infinity): FieldCheck {
  const size = Number.isFinite(max) ? `${min} to ${max}` : `at least ${min}`
  return value => {
    if (!Array.isArray(value) || value.length < min || value.length > max) {
      return `must be an array of ${size} items`
    }
    const problem = value.map(item).find(p => p !== undefined)
    return problem === undefined ? undefined : `items ${problem}`
  }
}

function nullable(check: FieldCheck): FieldCheck {
  return value => (value === null ? undefined : check(value))
}

/** Accepts a value any of the checks accepts; the message lists every alternative. */
function either(...checks: FieldCheck[]): FieldCheck {
  return value => {
    const problems = checks.map(check => check(value))
    return problems.includes(undefined) ? undefined : problems.join(', or ')
  }
}

const ASPECT_RATIOS = ['16:9', '9:16', '1:1']
const FILTER_MODES = ['strict', 'custom']
const SEED_DURATIONS = ['5', '8']
const V3_DURATIONS = ['5', '10', '15', '20']
const WIDE_RATIOS = ['16:9', '9:16', '1:1', '4:3', '3:4']

const MINIMAX_FRAMES = ['imageUrl', 'lastFrameUrl']
const MINIMAX_REFERENCES = ['referenceImageUrls', 'referenceVideoUrl', 'referenceAudioUrls']

function present(payload: Payload, fields: string[]): string[] {
  return fields.filter(field => payload[field] !== undefined)
}

const RULES: Record<ModelName, ModelRules> = {
  t2v: {
    fields: {
      prompt: { check: text, required: true },
      aspectRatio: { check: oneOf(ASPECT_RATIOS), required: true },
      duration: { check: oneOf(SEED_DURATIONS), required: true },
      filterMode: { check: oneOf(FILTER_MODES) }
    }
  },
  i2v: {
    fields: {
      image: { check: image, required: true },
      prompt: { check: nullable(text) },
      duration: { check: oneOf(SEED_DURATIONS), required: true },
      filterMode: { check: oneOf(FILTER_MODES) }
    }
  },
  lv: {
    fields: {
      image: { check: image, required: true },
      prompt: { check: list(text, 1, 6), required: true },
      filterMode: { check: oneOf(FILTER_MODES) }
    }
  },
  t2v_v3: {
    fields: {
      prompt: { check: text, required: true },
      aspectRatio: { check: oneOf(ASPECT_RATIOS), required: true },
      duration: { check: oneOf(V3_DURATIONS), required: true }
    }
  },
  i2v_v3: {
    fields: {
      image: { check: image, required: true },
      prompt: { check: nullable(text) },
      duration: { check: oneOf(V3_DURATIONS), required: true }
    }
  },
  minimax: {
    fields: {
      content: { check: text, required: true },
      duration: { check: integerRange(5, 20) },
      resolution: { check: oneOf(['720p', '1080p']) },
      tier: { check: oneOf(['turbo', 'base']) },
      aspectRatio: { check: oneOf(['auto', '21:9', '16:9', '4:3', '1:1', '3:4', '9:16']) },
      imageUrl: { check: image },
      lastFrameUrl: { check: image },
      referenceImageUrls: { check: list(image, 1, 4) },
      referenceVideoUrl: { check: webUrl },
      referenceAudioUrls: { check: list(webUrl, 1, 2) }
    },
    combined: payload => {
      const frames = present(payload, MINIMAX_FRAMES)
      const references = present(payload, MINIMAX_REFERENCES)
      const problems =
        frames.length > 0 && references.length > 0
          ? [`${[...frames, ...references].join(', ')}: frames and references cannot be combined`]
          : []
      if (payload.lastFrameUrl !== undefined && payload.imageUrl === undefined) {
        problems.push('lastFrameUrl requires imageUrl (the first frame)')
      }
      return problems
    }
  },
  seedance20: {
    fields: {
      prompt: { check: text },
      image: { check: image },
      video: { check: webUrl },
      audio: { check: webUrl },
      duration: { check: integerRange(4, 15), required: true },
      resolution: { check: oneOf([480, 720]), required: true },
      ratio: { check: oneOf(ASPECT_RATIOS), required: true }
    },
    combined: payload => {
      if (present(payload, ['prompt', 'image', 'video']).length > 0) return []
      return payload.audio === undefined
        ? ['prompt, image, video: at least one is required']
        : ['audio cannot be sent alone: add prompt, image or video']
    }
  },
  wan27: {
    fields: {
      prompt: { check: text, required: true },
      image: { check: image },
      duration: { check: oneOf(['5', '10', '15']) },
      resolution: { check: oneOf(['720P', '1080P']) },
      ratio: { check: oneOf(WIDE_RATIOS) },
      promptExtend: { check: bool }
    }
  },
  happyhorse: {
    fields: {
      prompt: { check: text, required: true },
      image: { check: nullable(either(image, list(image, 1, MAX_HAPPYHORSE_IMAGES))) },
      duration: { check: integerRange(3, 15) },
      resolution: { check: oneOf(['720P', '1080P']) },
      ratio: { check: oneOf(WIDE_RATIOS) }
    }
  }
}

/**
 * Every problem with a payload for a model, each naming its field; empty when valid.
 * Unknown fields are problems too: upstream refuses them rather than ignoring them.
 */
export function findPayloadProblems(model: ModelName, payload: Payload): string[] {
  const rules = RULES[model]
  const problems: string[] = []
  for (const [field, rule] of Object.entries(rules.fields)) {
    const value = payload[field]
    if (value === undefined) {
      if (rule.required) problems.push(`${field} is required`)
      continue
    }
    const problem = rule.check(value)
    if (problem !== undefined) problems.push(`${field} ${problem}`)
  }
  for (const field of Object.keys(payload)) {
    if (!Object.hasOwn(rules.fields, field)) problems.push(`${field} is not a field of ${model}`)
  }
  if (problems.length === 0 && rules.combined) problems.push(...rules.combined(payload))
  return problems
}
