/**
 * The accepted range of every numeric setting, shared by the Action's inputs and the CLI's
 * flags and environment so the two faces never disagree. Durations in ms.
 *
 * wait-timeout reaches 24h because self-hosted runners allow jobs far longer than the 6h of
 * hosted ones, and starts at 100ms (the smallest poll interval) so short deadlines such as
 * `250ms` are accepted.
 */
export interface SettingRange {
  min: number
  max: number
  /** The range in words, as error messages show it. */
  words: string
}

export const SETTING_LIMITS = {
  requestTimeoutMs: { min: 100, max: 600_000, words: 'from 100 to 600000' },
  maxRetries: { min: 0, max: 10, words: 'from 0 to 10' },
  waitTimeoutMs: { min: 100, max: 24 * 3_600_000, words: 'from 100ms to 24h' },
  pollIntervalMs: { min: 100, max: 10 * 60_000, words: 'from 100ms to 10m' },
  concurrency: { min: 1, max: 20, words: 'from 1 to 20' }
} as const satisfies Record<string, SettingRange>

/**
 * Every default and size limit of a setting, in one table for every face: the action's
 * inputs, the CLI's flags and environment, the library's options. action.yml, `--help`
 * and the docs say these values; `__tests__/core/defaults-table.test.ts` checks them.
 */
export const DEFAULTS = {
  /** Per HTTP request. */
  requestTimeoutMs: 30_000,
  /** Retries of a request that is safe to repeat. */
  maxRetries: 3,
  /** The whole run's (or batch's) deadline, as the inputs spell it and in ms. */
  waitTimeout: '30m',
  waitTimeoutMs: 30 * 60_000,
  /** First poll delay, as the inputs spell it and in ms. */
  pollInterval: '5s',
  pollIntervalMs: 5_000,
  /** Creations (and downloads) of a batch in flight at once. */
  concurrency: 4,
  /**
   * Largest batch file read, in bytes: far above any sensible batch (1000 items); images
   * belong in URLs, not data: URIs. The same for the action and the CLI.
   */
  batchFileBytes: 32 * 1024 * 1024,
  /** Largest video a download accepts, in bytes (2 GiB). */
  downloadMaxBytes: 2 * 1024 ** 3,
  /** How a run uses the result cache (see cache/types.ts). */
  cacheMode: 'read-write'
} as const

/**
 * A whole number written in decimal digits (blanks around it allowed) inside `range`, or
 * null: the one reading of a numeric setting for every face (inputs, flags, environment).
 */
export function parseWholeNumber(
  text: string,
  range: { min: number; max: number } = { min: 0, max: Number.MAX_SAFE_INTEGER }
): number | null {
  const trimmed = text.trim()
  const value = /^\d+$/.test(trimmed) ? Number(trimmed) : NaN
  return Number.isSafeInteger(value) && value >= range.min && value <= range.max ? value : null
}
