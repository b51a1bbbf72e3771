/** Task statuses the upstream documents. Anything else is unknown: neither success nor in progress forever. */
export const KNOWN_TASK_STATUSES = [
  'SUBMITTED',
  'PROGRESS',
  'COMPLETED',
  'FAILED',
  'CANCEL'
] as const

export type KnownTaskStatus = (typeof KNOWN_TASK_STATUSES)[number]

export function isKnownTaskStatus(value: unknown): value is KnownTaskStatus {
  return typeof value === 'string' && (KNOWN_TASK_STATUSES as readonly string[]).includes(value)
}

export type TerminalTaskStatus = 'COMPLETED' | 'FAILED' | 'CANCEL'

export function isTerminalStatus(status: string | null): status is TerminalTaskStatus {
  return status === 'COMPLETED' || status === 'FAILED' || status === 'CANCEL'
}
