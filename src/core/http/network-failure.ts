/** What went wrong below HTTP: the request got no (complete) answer. */
export type NetworkFailureKind =
  'dns' | 'refused' | 'reset' | 'timeout' | 'tls' | 'too-large' | 'other'

export interface NetworkFailure {
  kind: NetworkFailureKind
  /** Short description for logs and error messages (never contains the key). */
  summary: string
  retryable: boolean
}

const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|SELF_SIGNED|DEPTH_ZERO|HOSTNAME_MISMATCH)/

export function classifyNetworkError(
  error: unknown,
  timedOut: boolean,
  timeoutMs: number
): NetworkFailure {
  const code = errorCode(error)
  const message = error instanceof Error ? error.message : String(error)
  if (timedOut || code === 'ETIMEDOUT' || /Request timeout/.test(message)) {
    return {
      kind: 'timeout',
      summary: `no complete answer within ${timeoutMs} ms`,
      retryable: true
    }
  }
  if (error instanceof Error && error.name === 'BodyTooLargeError') {
    return { kind: 'too-large', summary: message, retryable: false }
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return { kind: 'dns', summary: `DNS lookup failed (${code})`, retryable: true }
  }
  if (code === 'ECONNREFUSED') {
    return { kind: 'refused', summary: 'connection refused', retryable: true }
  }
  if (code === 'ECONNRESET' || code === 'EPIPE' || /socket hang up|aborted/i.test(message)) {
    return {
      kind: 'reset',
      summary: 'connection reset before the answer was complete',
      retryable: true
    }
  }
  if (code !== undefined && TLS_CODE.test(code)) {
    // A certificate problem does not fix itself between attempts.
    return { kind: 'tls', summary: `TLS failure (${code})`, retryable: false }
  }
  return {
    kind: 'other',
    summary: code ? `network failure (${code})` : 'network failure',
    retryable: true
  }
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined
  const code = (error as { code?: unknown }).code
  return typeof code === 'string' ? code : undefined
}
