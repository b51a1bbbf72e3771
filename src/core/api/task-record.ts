/**
 * Task shapes as upstream returns them, and the readers that accept each documented
 * variant (`output.url` or `output.videoUrl`; list as array or under tasks/data/items;
 * ids as `id` or `taskId`).
 */
export interface TaskOutput {
  url?: string | null
  videoUrl?: string | null
  msg?: string | null
  error?: string | null
  [key: string]: unknown
}

export interface TaskDetail {
  id: string
  status: string
  model?: string
  createdAt?: string
  completedAt?: string | null
  input?: Record<string, unknown>
  output?: TaskOutput | null
  creditsCharged?: number
  creditsRefunded?: number
  listValueCents?: number
  idempotencyKey?: string | null
  /** The result link, whichever field upstream used. */
  videoUrl: string | null
  [key: string]: unknown
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The result link: `output.url` or `output.videoUrl`, whichever is present. */
export function videoUrlOf(output: unknown): string | null {
  if (!isRecord(output)) return null
  for (const field of ['url', 'videoUrl']) {
    const value = output[field]
    if (typeof value === 'string' && value !== '') return value
  }
  return null
}

export function taskIdOf(record: Record<string, unknown>): string | null {
  for (const field of ['id', 'taskId']) {
    const value = record[field]
    if (typeof value === 'string' && value !== '') return value
  }
  return null
}

/** Normalizes one detail body; null when it has no id or status. */
export function toTaskDetail(body: unknown, fallbackId?: string): TaskDetail | null {
  if (!isRecord(body)) return null
  const id = taskIdOf(body) ?? fallbackId ?? null
  if (id === null || typeof body.status !== 'string') return null
  return { ...body, id, status: body.status, videoUrl: videoUrlOf(body.output) }
}

/** The task array of a list answer, whatever its documented shape; null if none. */
export function taskListOf(body: unknown): TaskDetail[] | null {
  const items = Array.isArray(body) ? body : isRecord(body) ? findArray(body) : null
  if (items === null) return null
  return items.map(item => toTaskDetail(item)).filter((t): t is TaskDetail => t !== null)
}

/** Fields of an object list answer that may hold the task array, in order of preference. */
export const LIST_FIELDS: readonly string[] = ['tasks', 'data', 'items']

function findArray(body: Record<string, unknown>): unknown[] | null {
  for (const field of LIST_FIELDS) {
    if (Array.isArray(body[field])) return body[field] as unknown[]
  }
  return null
}
