import { copyJson } from '../http/bounded-json.js'
import { readListStream, type ListStreamResult } from '../http/list-stream.js'
import type { ApiRequest, ApiResult, Transport } from '../http/transport.js'
import { LIST_FIELDS, toTaskDetail, type TaskDetail } from './task-record.js'
import { failureEnvelope, successEnvelope, type Envelope, type Failure } from './envelope.js'
import { actionableMessage, failureFromResult, isErrorAnswer } from './errors.js'

/** The first page of the key's task list. */
export const TASK_LIST_PATH = '/api/v1/tasks'

/**
 * Bytes one whole-list read may take: what any API answer may be. A poll or a lookup that
 * stops early asks for less (`maxBytes`).
 */
export const MAX_LIST_BYTES = 5 * 1024 * 1024

/** Pages one read follows at most: a paging loop upstream cannot keep a read going. */
const MAX_PAGES = 100

/** Fields a list page may carry to say where the next page is (none today: upstream sends one page). */
const PAGING_FIELDS = ['next', 'nextCursor', 'cursor', 'page', 'hasMore', 'totalPages'] as const
/** Fields of an error answer that came with a 2xx. */
const ERROR_FIELDS = ['errorCode', 'error', 'message', 'status'] as const

/** How one read of the task list ended. */
export interface TaskScan {
  /**
   * `complete`: every page was read to its end, so a task it did not show is not in the
   * list; `stopped`: the visitor had what it needed and the read stopped early;
   * `over-cap` (only on a failure envelope): the list is longer than `maxBytes` allow, and
   * what was read proves nothing about what was not.
   */
  end: 'complete' | 'stopped' | 'over-cap'
  /** Tasks handed to the visitor. */
  items: number
  /** Body bytes read, over every page. */
  bytes: number
  /** List requests sent (one per page). */
  pages: number
}

export interface ScanOptions {
  signal?: AbortSignal
  deadline?: number
  /** Bytes the read may take over every page (default 5 MB); past them it fails as `over-cap`. */
  maxBytes?: number
}

/**
 * Told every task of the list, newest first, as it arrives; returns true once it has what
 * it needs (the rest is not read and the connection is closed).
 */
export type TaskVisitor = (task: TaskDetail) => boolean

/**
 * Reads the key's task list as a stream, page after page when upstream pages, handing
 * each task to `visit`. A read that runs past `maxBytes`, or meets a task too large to
 * copy whole, fails: a cut list never passes for a short one. Never throws for API or
 * network errors; throws only when `signal` aborts.
 */
export async function scanTaskList(
  transport: Transport,
  redact: (text: string) => string,
  visit: TaskVisitor,
  options: ScanOptions
): Promise<Envelope<TaskScan>> {
  const maxBytes = options.maxBytes ?? MAX_LIST_BYTES
  const scan: TaskScan = { end: 'complete', items: 0, bytes: 0, pages: 0 }
  const seenPages = new Set<string>()
  let isItemCut = false
  const onItem = (item: unknown): boolean => {
    const copy = copyJson(item, { text: redact, onCut: () => (isItemCut = true) })
    if (isItemCut) return true
    const task = toTaskDetail(copy)
    if (task === null) return false
    scan.items++
    return visit(task)
  }
  for (let path: string | null = TASK_LIST_PATH; path !== null;) {
    if (seenPages.has(path) || scan.pages >= MAX_PAGES) {
      return failed(pagingLoop(scan.pages), scan)
    }
    seenPages.add(path)
    scan.pages++
    const request: ApiRequest = {
      method: 'GET',
      path,
      idempotent: true,
      usesQueryBudget: true,
      signal: options.signal,
      deadline: options.deadline
    }
    const result = await transport.stream(request, message =>
      readListStream(message, {
        listFields: LIST_FIELDS,
        topFields: [...PAGING_FIELDS, ...ERROR_FIELDS],
        maxBytes: maxBytes - scan.bytes,
        onItem
      })
    )
    if (result.kind !== 'streamed') return answerFailure(result, transport, redact)
    const read = result.value
    scan.bytes += read.bytes
    if (isItemCut) return failed(itemTooLarge(), { ...scan, end: 'over-cap' })
    if (read.end === 'over-cap')
      return failed(overCap(maxBytes, scan), { ...scan, end: 'over-cap' })
    if (read.end === 'broken') return failed(broken(redact(read.reason), scan.pages))
    if (read.end === 'not-json') return failed(notJson())
    if (!read.hasList) {
      return answerFailure(withoutList(result.status, read), transport, redact)
    }
    if (read.end === 'stopped') return successEnvelope({ ...scan, end: 'stopped' })
    const next = nextPage(read.top, path, transport.baseUrl)
    if (next !== null && 'failure' in next) return failed(next.failure, scan)
    path = next?.path ?? null
  }
  return successEnvelope(scan)
}

/**
 * Where the page after `current` is, from its paging fields: `next` (a path or a URL on
 * the base URL; any other text is a cursor), `nextCursor`/`cursor`, or `page` with
 * `hasMore: true` or a larger `totalPages`. Null when the list ended. A `next` on another
 * host is refused: the key goes to the base URL only.
 */
function nextPage(
  top: Record<string, unknown>,
  current: string,
  baseUrl: string
): { path: string } | { failure: Failure } | null {
  const next = top.next
  if (typeof next === 'string' && next !== '') {
    const path = next.startsWith(`${baseUrl}/`) ? next.slice(baseUrl.length) : next
    if (path.startsWith('/')) return isListPath(path) ? { path } : { failure: otherPath() }
    if (/^[a-z][a-z0-9+.-]*:/i.test(path)) return { failure: otherPath() }
    return { path: withQuery(TASK_LIST_PATH, 'cursor', next) }
  }
  const cursor = [top.nextCursor, top.cursor].find(v => typeof v === 'string' && v !== '')
  if (typeof cursor === 'string' && top.hasMore !== false) {
    const path = withQuery(TASK_LIST_PATH, 'cursor', cursor)
    return path === current ? null : { path }
  }
  const page = top.page
  if (typeof page === 'number' && Number.isInteger(page)) {
    const more =
      top.hasMore === true || (typeof top.totalPages === 'number' && page < top.totalPages)
    return more ? { path: withQuery(TASK_LIST_PATH, 'page', String(page + 1)) } : null
  }
  return null
}

/** A page of the task list: its path, with a query string at most. */
function isListPath(path: string): boolean {
  return path === TASK_LIST_PATH || path.startsWith(`${TASK_LIST_PATH}?`)
}

function withQuery(path: string, name: string, value: string): string {
  return `${path}?${name}=${encodeURIComponent(value)}`
}

/** A 2xx whose body held no list: an error answer if it says so, else an unexpected one. */
function withoutList(
  status: number,
  read: Extract<ListStreamResult, { end: 'complete' | 'stopped' }>
): ApiResult {
  const text = JSON.stringify(read.top)
  return {
    kind: 'response',
    status,
    headers: {},
    json: read.top,
    text,
    retryAfterMs: null,
    attempts: 1
  }
}

/** The failure an error answer means; upstream's words may echo the key, so they are redacted. */
function answerFailure(
  result: ApiResult,
  transport: Transport,
  redact: (text: string) => string
): Envelope<TaskScan> {
  if (!isErrorAnswer(result, 'listTasks')) {
    return failed({
      errorCode: 'UNKNOWN_ERROR',
      errorMessage: actionableMessage('UNKNOWN_ERROR', 'listTasks: the answer had no task list')
    })
  }
  const failure = failureFromResult(result, 'listTasks', transport.baseUrl)
  return failureEnvelope({ ...failure, errorMessage: redact(failure.errorMessage) })
}

function failed(failure: Failure, data?: TaskScan): Envelope<TaskScan> {
  return failureEnvelope(failure, { data: data ?? null })
}

function overCap(maxBytes: number, scan: TaskScan): Failure {
  const size = maxBytes >= 1024 * 1024 ? `${maxBytes / 1024 / 1024} MB` : `${maxBytes} bytes`
  return {
    errorCode: 'UNKNOWN_ERROR',
    errorMessage: actionableMessage(
      'UNKNOWN_ERROR',
      `listTasks: the task list is longer than ${size} (${scan.items} tasks read); it was not read whole, so it shows neither that a task exists nor that it does not`
    )
  }
}

function itemTooLarge(): Failure {
  return {
    errorCode: 'UNKNOWN_ERROR',
    errorMessage: actionableMessage(
      'UNKNOWN_ERROR',
      'listTasks: a task in the list was too large to read whole; the list was not used'
    )
  }
}

function notJson(): Failure {
  return {
    errorCode: 'UNKNOWN_ERROR',
    errorMessage: actionableMessage(
      'UNKNOWN_ERROR',
      'listTasks: the answer was not JSON (check base-url, a proxy or a captive portal)'
    )
  }
}

function broken(reason: string, pages: number): Failure {
  const page = pages > 1 ? ` (page ${pages})` : ''
  return {
    errorCode: 'NETWORK_ERROR',
    errorMessage: actionableMessage(
      'NETWORK_ERROR',
      `listTasks failed: the list answer broke off${page}: ${reason}`
    )
  }
}

function pagingLoop(pages: number): Failure {
  return {
    errorCode: 'UNKNOWN_ERROR',
    errorMessage: actionableMessage(
      'UNKNOWN_ERROR',
      `listTasks: the list's paging repeated a page or ran past ${pages} pages; the list was not used`
    )
  }
}

function otherPath(): Failure {
  return {
    errorCode: 'UNKNOWN_ERROR',
    errorMessage: actionableMessage(
      'UNKNOWN_ERROR',
      "listTasks: the list's next page is not the task list on the base URL; not followed (the API key goes to the base URL's task list only)"
    )
  }
}
