import type { ModelName } from '../../src/core/validation/models.js'

/**
 * Where the client's validator (src/core/validation/validate.ts) and the simulator's server-side
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

/**
 * Empty: D1-D10, found by the property, were resolved by making both sides agree (see
 * the "resolved divergences" examples in properties.test.ts, which pin each boundary):
 * D1/D2 every text field at most 5000 UTF-16 units; D3 i2v/i2v_v3 prompt non-blank or
 * null; D4 lower-case "data:" only; D5 no surrounding whitespace in URLs; D6 no
 * credentials in URLs; D7 wan27/happyhorse duration optional; D8 happyhorse 1 to 4
 * images; D9 minimax reference lists of at least 1 item; D10 minimax lastFrameUrl needs
 * imageUrl. Add a row here only for a new, explained disagreement.
 */
export const DIVERGENCES: Divergence[] = []
