import type { RetryAfterFormat } from './options.js'

/**
 * A `Retry-After` value that covers `waitMs`: whole seconds rounded up (at least 1, as
 * 0 would invite an instant retry), or an HTTP date on a whole second no earlier than that.
 */
export function formatRetryAfter(waitMs: number, format: RetryAfterFormat, now: number): string {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000))
  if (format === 'seconds') return String(seconds)
  return new Date(Math.ceil((now + seconds * 1000) / 1000) * 1000).toUTCString()
}
