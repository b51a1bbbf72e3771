// A task id ends up in a URL path, so only a safe alphabet passes: no `/`, `.` or `%`
// that could walk to another endpoint (`../account`).
const TASK_ID = /^[A-Za-z0-9_-]{1,128}$/

// Upstream documents 8..128 characters; printable ASCII without spaces keeps the key
// a valid HTTP header value that no proxy trims or re-encodes.
const IDEMPOTENCY_KEY = /^[\x21-\x7E]{8,128}$/

/** True for an upstream task id: 1..128 characters of `A-Z a-z 0-9 _ -`. */
export function isValidTaskId(id: unknown): id is string {
  return typeof id === 'string' && TASK_ID.test(id)
}

/** True for an `Idempotency-Key`: 8..128 printable ASCII characters, no spaces. */
export function isValidIdempotencyKey(key: unknown): key is string {
  return typeof key === 'string' && IDEMPOTENCY_KEY.test(key)
}
