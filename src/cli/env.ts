import { DEFAULT_BASE_URL } from '../core/api/base-url.js'
import { DEFAULTS, SETTING_LIMITS, parseWholeNumber } from '../core/validation/setting-limits.js'
import { UsageError } from './usage-error.js'

/** The environment variables the CLI reads (the seed skill's names). */
export const ENV = {
  apiKey: 'AIVIDEO_API_KEY',
  timeoutMs: 'AIVIDEO_TIMEOUT_MS',
  maxRetries: 'AIVIDEO_MAX_RETRIES',
  baseUrl: 'AIVIDEO_BASE_URL'
} as const

export interface CliEnv {
  /** Empty when unset: the client then answers AUTH_FAILED without sending anything. */
  apiKey: string
  timeoutMs: number
  maxRetries: number
  baseUrl: string
}

export const DEFAULT_TIMEOUT_MS = DEFAULTS.requestTimeoutMs
export const DEFAULT_MAX_RETRIES = DEFAULTS.maxRetries

const TIMEOUT_RANGE = SETTING_LIMITS.requestTimeoutMs
const RETRIES_RANGE = SETTING_LIMITS.maxRetries

/**
 * The key from AIVIDEO_API_KEY, trimmed as the action trims its env fallback: a secret
 * stored with a trailing newline must work in both faces, and the trimmed key is the one
 * sent (so it is also the one to redact).
 */
export function readApiKey(env: Readonly<Record<string, string | undefined>>): string {
  return (env[ENV.apiKey] ?? '').trim()
}

/**
 * Reads and checks the environment. An unset or empty variable takes its default; a set
 * one outside its range is a UsageError (a typo should not silently become the default).
 * The key itself is never checked here or echoed in any message.
 */
export function readEnv(env: Readonly<Record<string, string | undefined>>): CliEnv {
  const value = (name: string): string | undefined => {
    const text = env[name]
    return text === undefined || text.trim() === '' ? undefined : text.trim()
  }
  return {
    apiKey: readApiKey(env),
    timeoutMs: integerIn(ENV.timeoutMs, value(ENV.timeoutMs), DEFAULT_TIMEOUT_MS, TIMEOUT_RANGE),
    maxRetries: integerIn(
      ENV.maxRetries,
      value(ENV.maxRetries),
      DEFAULT_MAX_RETRIES,
      RETRIES_RANGE
    ),
    baseUrl: value(ENV.baseUrl) ?? DEFAULT_BASE_URL
  }
}

function integerIn(
  name: string,
  text: string | undefined,
  fallback: number,
  range: { min: number; max: number }
): number {
  if (text === undefined) return fallback
  const number = parseWholeNumber(text, range)
  if (number === null) {
    throw new UsageError(
      `${name}="${text.slice(0, 20)}" must be a whole number from ${range.min} to ${range.max}`
    )
  }
  return number
}
