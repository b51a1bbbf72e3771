/**
 * Numbers in [0, 1): repeatable from a seed (mulberry32) so a test or benchmark can
 * replay the same failures, else Math.random.
 */
export function createRandomSource(seed: number | undefined): () => number {
  if (seed === undefined) return Math.random
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
