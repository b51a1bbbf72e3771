import type { ModelName, Payload } from './models.js'

/** Upstream bills in credits; one credit is one US cent. */
export const USD_PER_CREDIT = 0.01

/**
 * Seconds of video a payload asks for. Models whose `duration` is optional generate
 * 5 s when it is absent, so the default is billed.
 */
function seconds(payload: Payload): number {
  return Number(payload.duration ?? 5)
}

function segments(payload: Payload): number {
  return Array.isArray(payload.prompt) ? payload.prompt.length : 0
}

/** Credits per task, following the live notes (t2v 5 s = 15 credits, `_v3` x4). */
const PRICE_TABLE: Record<ModelName, (payload: Payload) => number> = {
  t2v: p => seconds(p) * 3,
  i2v: p => seconds(p) * 3,
  t2v_v3: p => seconds(p) * 4,
  i2v_v3: p => seconds(p) * 4,
  lv: p => segments(p) * 5 * 3,
  minimax: p => seconds(p) * 5 * (p.resolution === '1080p' ? 2 : 1),
  seedance20: p => seconds(p) * 6,
  wan27: p => seconds(p) * 5,
  happyhorse: p => seconds(p) * 4
}

/** Price of an already validated payload. */
export function priceCredits(model: ModelName, payload: Payload): number {
  return PRICE_TABLE[model](payload)
}

export function creditsToUsd(credits: number): number {
  return Math.round(credits * USD_PER_CREDIT * 100) / 100
}
