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
