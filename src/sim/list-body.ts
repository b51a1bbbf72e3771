import type { ReplyBody } from './reply.js'
import { HistoryBlock } from './task-history.js'
import type { Task } from './task-store.js'
import { taskDetail, type ViewSettings } from './task-views.js'

/** One entry of a key's list, newest first: a real task, or a block of history tasks. */
export type ListEntry = Task | HistoryBlock

/** Bytes gathered before a piece of the body is handed to the socket. */
const PIECE_BYTES = 64 * 1024

/**
 * A key's list, newest first: its real tasks (newest first) with its history blocks
 * (newest first) placed where they were added, each after the tasks created later.
 */
export function listEntries(tasks: readonly Task[], blocks: readonly HistoryBlock[]): ListEntry[] {
  const entries: ListEntry[] = []
  let block = 0
  tasks.forEach((task, newestFirst) => {
    const createdBefore = tasks.length - newestFirst - 1
    for (; block < blocks.length && blocks[block].afterTasks > createdBefore; block++) {
      entries.push(blocks[block])
    }
    entries.push(task)
  })
  entries.push(...blocks.slice(block))
  return entries
}

/** How many items the entries list. */
export function countItems(entries: readonly ListEntry[]): number {
  return entries.reduce((sum, entry) => sum + (entry instanceof HistoryBlock ? entry.count : 1), 0)
}

/**
 * The list answer for items `from` to `to` (exclusive) of `entries`, in the configured
 * shape, with `extra` top-level fields (paging) after the list. Its length is known up
 * front, and its bytes are made as the socket takes them: a history of 100,000 tasks
 * costs only what a client reads of it. `reportedStatus` (the `unknown-status` fault)
 * replaces the status of real tasks; history tasks always show theirs.
 */
export function listBody(
  entries: readonly ListEntry[],
  settings: ViewSettings,
  range: { from: number; to: number },
  extra: Record<string, unknown>,
  reportedStatus?: string
): ReplyBody {
  const parts = partsOf(entries, settings, range, reportedStatus)
  const isArray = settings.listShape === 'array'
  const fields = Object.entries(extra).map(
    ([key, value]) => `,${JSON.stringify(key)}:${JSON.stringify(value)}`
  )
  const prefix = Buffer.from(isArray ? '[' : `{${JSON.stringify(settings.listShape)}:[`)
  const suffix = Buffer.from(isArray ? ']' : `]${fields.join('')}}`)
  const length =
    prefix.length +
    parts.reduce((sum, part) => sum + part.length, 0) +
    Math.max(0, parts.length - 1) +
    suffix.length
  return { length, chunks: () => pieces(prefix, parts, suffix) }
}

/** Items `range` of `entries` as JSON buffers (a history block's run of items is one buffer). */
function partsOf(
  entries: readonly ListEntry[],
  settings: ViewSettings,
  range: { from: number; to: number },
  reportedStatus: string | undefined
): Buffer[] {
  const parts: Buffer[] = []
  let index = 0
  for (const entry of entries) {
    const size = entry instanceof HistoryBlock ? entry.count : 1
    const from = Math.max(range.from, index)
    const to = Math.min(range.to, index + size)
    if (from < to) {
      if (entry instanceof HistoryBlock) parts.push(entry.slice(from - index, to - index))
      else {
        const { id, ...rest } = taskDetail(entry, settings, reportedStatus)
        parts.push(Buffer.from(JSON.stringify({ [settings.listIdField]: id, ...rest })))
      }
    }
    index += size
  }
  return parts
}

/** The body in pieces of at most `PIECE_BYTES` (small parts gathered, large ones sliced). */
function* pieces(prefix: Buffer, parts: Buffer[], suffix: Buffer): Iterable<Buffer> {
  const comma = Buffer.from(',')
  let gathered: Buffer[] = [prefix]
  let size = prefix.length
  const flush = (): Buffer => {
    const piece = Buffer.concat(gathered)
    gathered = []
    size = 0
    return piece
  }
  for (const [i, part] of parts.entries()) {
    const joined = i === 0 ? [part] : [comma, part]
    for (const buffer of joined) {
      for (let offset = 0; offset < buffer.length; offset += PIECE_BYTES) {
        const slice = buffer.subarray(offset, offset + PIECE_BYTES)
        gathered.push(slice)
        size += slice.length
        if (size >= PIECE_BYTES) yield flush()
      }
    }
  }
  gathered.push(suffix)
  yield flush()
}
