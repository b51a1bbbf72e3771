/**
 * One leg's share of a batch split across runners (a GitHub Actions matrix): `index` of
 * `count`, counted from 0 like a matrix list `shard: [0, 1, 2, 3]`.
 */
export interface Shard {
  index: number
  count: number
}

/** GitHub Actions runs at most 256 jobs per matrix, so more legs cannot be a real setup. */
export const MAX_SHARDS = 256

export type ShardParse = { ok: true; shard: Shard } | { ok: false; problem: string }

const SHARD_FORM = /^\s*(\d{1,6})\s*\/\s*(\d{1,6})\s*$/

/**
 * Reads `i/n` (`2/4`: the third of four legs). Both are whole numbers, n from 1 to
 * MAX_SHARDS, i from 0 to n - 1. The problem, when there is one, says what the value must
 * be; each face puts its own name for the setting in front of it.
 */
export function parseShard(text: string): ShardParse {
  const match = SHARD_FORM.exec(text)
  const form =
    `must be i/n, two whole numbers with 0 <= i < n <= ${MAX_SHARDS}; i counts from 0, ` +
    'as in a matrix "shard: [0, 1, 2, 3]" passed as "${{ matrix.shard }}/4"'
  if (match === null) return { ok: false, problem: form }
  const index = Number(match[1])
  const count = Number(match[2])
  if (count < 1 || count > MAX_SHARDS || index >= count) return { ok: false, problem: form }
  return { ok: true, shard: { index, count } }
}

/**
 * The items of one shard: those whose position in the whole file, counted from 0, is
 * `index` modulo `count`. Dealing items out round-robin keeps the legs within one item of
 * each other in size. The items keep the names the whole file gave them (`item-<n>` from
 * their position in the file), so results, downloaded files and the Idempotency-Keys
 * derived from the names are the same whichever way the file is split.
 */
export function selectShard<T>(items: readonly T[], shard: Shard): T[] {
  return items.filter((_, position) => position % shard.count === shard.index)
}

/** How messages name a shard: `shard 2/4`. */
export function shardLabel(shard: Shard): string {
  return `shard ${shard.index}/${shard.count}`
}
