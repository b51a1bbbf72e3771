/** What went wrong below HTTP: the request got no (complete) answer. */
export type NetworkFailureKind =
  'dns' | 'refused' | 'reset' | 'timeout' | 'tls' | 'too-large' | 'local' | 'other'

export interface NetworkFailure {
  kind: NetworkFailureKind
  /** Short description for logs and error messages (never contains the key). */
  summary: string
  retryable: boolean
}

const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|SELF_SIGNED|DEPTH_ZERO|HOSTNAME_MISMATCH)/

/**
 * Errors of this machine's file system: a full disk, a folder that is a file, a refused
 * rename or permission. None of them heals between attempts, and none is the network's.
 */
const LOCAL_IO_CODES: readonly string[] = [
  'ENOSPC',
  'EDQUOT',
  'EFBIG',
  'EISDIR',
  'ENOTDIR',
  'EEXIST',
  'ENOTEMPTY',
  'ENOENT',
  'EACCES',
  'EPERM',
  'EROFS',
  'EXDEV',
  'ENAMETOOLONG',
  'ELOOP',
  'EMFILE',
  'ENFILE',
  'EBUSY',
  'EIO'
]

/** Socket failures that a later attempt can get past (a route or interface coming back). */
const TRANSIENT_CODES: readonly string[] = [
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTDOWN',
  'ECONNABORTED',
  'EADDRNOTAVAIL',
  'ERR_STREAM_PREMATURE_CLOSE'
]

/** Is this a failure of the local file system (never a network one)? */
export function isLocalIoError(error: unknown): boolean {
  const code = errorCode(error)
  if (code === undefined || !LOCAL_IO_CODES.includes(code)) return false
  const syscall = (error as { syscall?: unknown }).syscall
  return syscall !== 'connect' && syscall !== 'getaddrinfo'
}

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
  if (isLocalIoError(error)) {
    return { kind: 'local', summary: `local file system failure (${code})`, retryable: false }
  }
  if (code !== undefined && TLS_CODE.test(code)) {
    // A certificate problem does not fix itself between attempts.
    return { kind: 'tls', summary: `TLS failure (${code})`, retryable: false }
  }
  // Only a failure known to pass is tried again: an unknown one (a bug, a parser error)
  // would fail the same way, and a retry would hide it behind network advice.
  return {
    kind: 'other',
    summary: code ? `network failure (${code})` : 'network failure',
    // A garbled answer (an HTTP parser error) may come from a proxy that recovers.
    retryable: code !== undefined && (TRANSIENT_CODES.includes(code) || code.startsWith('HPE_'))
  }
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined
  const code = (error as { code?: unknown }).code
  return typeof code === 'string' ? code : undefined
}
