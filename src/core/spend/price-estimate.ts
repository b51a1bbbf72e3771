import type { ModelName } from '../validation/models.js'

/** Seconds of video per `lv` prompt segment. */
const LV_SEGMENT_SECONDS = 5

/**
 * A LOCAL ESTIMATE of the credits a request costs, from the seed skill's reference
 * table: t2v/i2v duration x 1, lv segments x 5 x 15, t2v_v3/i2v_v3 duration x 10.
 * Sources disagree (live notes show t2v x 3 and v3 x 4), so this is only a hint to
 * show beside a request; the `quote` endpoint and a create's `creditsCharged` are the
 * authoritative figures. Never use it to decide spending (use `X-Max-Credits`).
 *
 * Returns null for models without a reference figure (minimax, seedance20, wan27,
 * happyhorse) and for payloads whose duration or segments cannot be read.
 */
export function estimateCredits(model: ModelName, payload: Record<string, unknown>): number | null {
  switch (model) {
    case 't2v':
    case 'i2v':
      return scaled(durationSeconds(payload.duration), 1)
    case 't2v_v3':
    case 'i2v_v3':
      return scaled(durationSeconds(payload.duration), 10)
    case 'lv':
      return Array.isArray(payload.prompt) && payload.prompt.length > 0
        ? payload.prompt.length * LV_SEGMENT_SECONDS * 15
        : null
    case 'minimax':
    case 'seedance20':
    case 'wan27':
    case 'happyhorse':
      return null
    default: {
      const unknownModel: never = model
      return unknownModel
    }
  }
}

function durationSeconds(value: unknown): number | null {
  const seconds = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value
  return typeof seconds === 'number' && Number.isInteger(seconds) && seconds > 0 ? seconds : null
}

function scaled(seconds: number | null, creditsPerSecond: number): number | null {
  return seconds === null ? null : seconds * creditsPerSecond
}
