/**
 * Turns server hints and attempt numbers into delays. Server-given delays are honoured
 * without jitter (the server knows its window); our own backoff uses full jitter so that
 * many clients on one runner do not retry in lockstep.
 */
export interface BackoffPolicy {
  /** First backoff ceiling in ms (default 500). */
  baseDelayMs: number
  /** Largest backoff in ms (default 8000). */
  maxDelayMs: number
  /** Largest Retry-After honoured, in ms (default 60000): a longer one is read as this. */
  maxRetryAfterMs: number
}

export const DEFAULT_BACKOFF: BackoffPolicy = {
  baseDelayMs: 500,
  maxDelayMs: 8000,
  maxRetryAfterMs: 60_000
}

/**
 * Parses `Retry-After` (delta-seconds or an HTTP date) into milliseconds from `now`.
 * Returns null when absent or unreadable; never negative.
 */
export function parseRetryAfter(value: string | string[] | undefined, now: number): number | null {
  const raw = Array.isArray(value) ? value[0] : value
  if (raw === undefined) return null
  const text = raw.trim()
  if (text === '') return null
  // Hundreds of digits overflow to Infinity, which JSON turns into null: clamp instead.
  if (/^\d+(\.\d+)?$/.test(text)) {
    return Math.min(Math.round(Number(text) * 1000), Number.MAX_SAFE_INTEGER)
  }
  // Date.parse reads "-5" as a year; an HTTP date always names its month.
  const date = /[a-z]/i.test(text) ? Date.parse(text) : NaN
  if (Number.isNaN(date)) return null
  return Math.max(0, date - now)
}

/**
 * Caps a server-given delay: one `Retry-After: 999999999` (a bug or a hostile upstream)
 * must not stall polling for years. The cap is for sleeping only: the envelope reports
 * the value upstream gave (`retryAfterAskedMs`), and a wait past the deadline ends.
 */
export function capRetryAfter(ms: number | null, policy: BackoffPolicy): number | null {
  return ms === null ? null : Math.min(ms, policy.maxRetryAfterMs)
}

/**
 * Whether waiting `retryAfterSeconds` from `now` reaches `deadline`. A watcher told so
 * ends at once with RATE_LIMITED (and the retryAfter) instead of sleeping into TIMEOUT.
 */
export function isRetryPastDeadline(
  retryAfterSeconds: number | null,
  now: number,
  deadline: number
): boolean {
  return retryAfterSeconds !== null && now + retryAfterSeconds * 1000 >= deadline
}

/** A sleep on an envelope's `retryAfter` (uncapped seconds), capped like every server delay. */
export function sleepForRetryAfter(retryAfterSeconds: number, policy: BackoffPolicy): number {
  return Math.min(retryAfterSeconds * 1000, policy.maxRetryAfterMs)
}

/** Full-jitter exponential backoff: uniform in [0, min(max, base * 2^attempt)]. */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt)
  return Math.floor(random() * ceiling)
}

/** Whole seconds for the envelope's `retryAfter`, rounded up so callers never come back early. */
export function toRetryAfterSeconds(ms: number | null): number | null {
  return ms === null ? null : Math.max(0, Math.ceil(ms / 1000))
}
