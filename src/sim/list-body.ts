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
  const prefix = isArray ? '[' : `{${JSON.stringify(settings.listShape)}:[`
  const suffix = isArray ? ']' : `]${fields.join('')}}`
  const items = parts.reduce((sum, part) => sum + part.items, 0)
  const length =
    Buffer.byteLength(prefix) +
    parts.reduce((sum, part) => sum + part.bytes, 0) +
    Math.max(0, items - 1) +
    Buffer.byteLength(suffix)
  return { length, chunks: () => pieces(prefix, parts, suffix) }
}

interface Part {
  items: number
  bytes: number
  texts: () => Iterable<string>
}

function partsOf(
  entries: readonly ListEntry[],
  settings: ViewSettings,
  range: { from: number; to: number },
  reportedStatus: string | undefined
): Part[] {
  const parts: Part[] = []
  let index = 0
  for (const entry of entries) {
    const size = entry instanceof HistoryBlock ? entry.count : 1
    const from = Math.max(range.from, index)
    const to = Math.min(range.to, index + size)
    if (from < to) {
      if (entry instanceof HistoryBlock) {
        const [start, end] = [from - index, to - index]
        parts.push({
          items: end - start,
          bytes: entry.bytesOf(start, end),
          texts: function* () {
            for (let i = start; i < end; i++) yield entry.itemJson(i)
          }
        })
      } else {
        const { id, ...rest } = taskDetail(entry, settings, reportedStatus)
        const text = JSON.stringify({ [settings.listIdField]: id, ...rest })
        parts.push({ items: 1, bytes: Buffer.byteLength(text), texts: () => [text] })
      }
    }
    index += size
  }
  return parts
}

function* pieces(prefix: string, parts: Part[], suffix: string): Iterable<Buffer> {
  let piece = prefix
  let isFirst = true
  for (const part of parts) {
    for (const text of part.texts()) {
      piece += isFirst ? text : `,${text}`
      isFirst = false
      if (piece.length >= PIECE_BYTES) {
        yield Buffer.from(piece)
        piece = ''
      }
    }
  }
  yield Buffer.from(piece + suffix)
}
