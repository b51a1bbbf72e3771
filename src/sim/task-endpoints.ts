import { authenticate } from './authentication.js'
import type { FaultRoute } from './faults.js'
import { errorReply, isReply, jsonReply, type Reply } from './reply.js'
import { formatRetryAfter } from './retry-after.js'
import type { Endpoint, EndpointCall, SimContext } from './sim-context.js'
import type { Task } from './task-store.js'
import { countItems, listBody, listEntries } from './list-body.js'
import { taskDetail } from './task-views.js'

/** What the `unknown-status` fault makes task queries report. */
export const UNKNOWN_STATUS = 'QUEUED_EXTERNAL'

/**
 * The per-IP task-query limit (60 per minute upstream). All jobs on one runner share
 * one IP, which is why clients must share one budget.
 */
function limitQuery(context: SimContext, call: EndpointCall): Reply | undefined {
  const client = call.request.socket.remoteAddress ?? 'unknown'
  const now = context.now()
  const waitMs = context.queryWindow.waitMs(client, now)
  if (waitMs > 0) {
    context.stats.countRateLimited()
    const { queryLimit, retryAfterFormat } = context.options
    const headers = { 'Retry-After': formatRetryAfter(waitMs, retryAfterFormat, now) }
    return errorReply(
      429,
      'RATE_LIMITED',
      `Too many task queries: at most ${queryLimit} per minute per IP`,
      headers
    )
  }
  context.queryWindow.record(client, now)
  return undefined
}

function notFound(taskId: string): Reply {
  return errorReply(404, 'TASK_NOT_FOUND', `Task not found: ${taskId}`)
}

/** Runs the checks every single-task endpoint shares, then hands over the caller's task. */
function withTask(isQuery: boolean, answer: (context: SimContext, task: Task) => Reply): Endpoint {
  return (context, call) => {
    const limited = isQuery ? limitQuery(context, call) : undefined
    if (limited) return limited
    const account = authenticate(context, call.request)
    if (isReply(account)) return account
    const task = context.tasks.find(call.params.taskId, account)
    return task === undefined ? notFound(call.params.taskId) : answer(context, task)
  }
}

function reportedStatus(context: SimContext, route: FaultRoute): string | undefined {
  const fault = context.faults.take(route, ['unknown-status'])
  return fault ? (fault.text ?? UNKNOWN_STATUS) : undefined
}

/** The `hostile-fields` fault: upstream text where clients show it, numbers included. */
function hostileFields(context: SimContext, detail: Record<string, unknown>): unknown {
  const fault = context.faults.take('detail', ['hostile-fields'])
  if (fault === undefined) return detail
  const text = fault.text ?? ''
  const output = { ...(detail.output as Record<string, unknown> | null), msg: text, error: text }
  return { ...detail, model: text, output, creditsCharged: text, creditsRefunded: text }
}

/** `GET /api/v1/tasks/{taskId}` */
export const getTask = withTask(true, (context, task) =>
  jsonReply(
    200,
    hostileFields(context, taskDetail(task, context.views, reportedStatus(context, 'detail')))
  )
)

/** `GET /api/v1/tasks/{taskId}/status`: only the status, for polling. */
export const getTaskStatus = withTask(true, (context, task) =>
  jsonReply(200, { status: reportedStatus(context, 'status') ?? task.status })
)

/** `PUT /api/v1/tasks/{taskId}/cancel`: only a SUBMITTED task can be cancelled (full refund). */
export const cancelTask = withTask(false, (context, task) => {
  const creditsRefunded = context.tasks.cancel(task)
  if (creditsRefunded === undefined) {
    const message = `Task ${task.id} is ${task.status}; only SUBMITTED tasks can be cancelled`
    return errorReply(409, 'TASK_NOT_CANCELLABLE', message)
  }
  return jsonReply(200, { taskId: task.id, status: 'CANCEL', creditsRefunded })
})

/**
 * `GET /api/v1/tasks`: every task of the key, newest first (history included). With
 * `listPageSize`, one page of them and where the next one is: `next` (a path),
 * `nextCursor` (for `?cursor=`) or `page`/`totalPages` (for `?page=`).
 */
export const listTasks: Endpoint = (context, call) => {
  const limited = limitQuery(context, call)
  if (limited) return limited
  const account = authenticate(context, call.request)
  if (isReply(account)) return account
  const entries = listEntries(context.tasks.listFor(account), context.history.blocksFor(account))
  const total = countItems(entries)
  const { listPageSize: size, listPaging: paging } = context.options
  const status = reportedStatus(context, 'list')
  if (size === 0)
    return listReply(listBody(entries, context.views, { from: 0, to: total }, {}, status))
  const query = new URL(call.request.url ?? '/', 'http://simulator.invalid').searchParams
  const from = pageStart(query, paging, size)
  if (from === null) return errorReply(400, 'INVALID_PAYLOAD', 'Unknown list cursor or page')
  const to = Math.min(total, from + size)
  const more = to < total
  const fields: Record<string, unknown> =
    paging === 'next'
      ? { next: more ? `/api/v1/tasks?cursor=o${to}` : null }
      : paging === 'cursor'
        ? { nextCursor: more ? `o${to}` : null }
        : { page: from / size + 1, totalPages: Math.max(1, Math.ceil(total / size)) }
  return listReply(listBody(entries, context.views, { from, to }, fields, status))
}

/** The first item of the page a paged list request asks for; null when it names none. */
function pageStart(query: URLSearchParams, paging: string, size: number): number | null {
  if (paging === 'page') {
    const page = Number(query.get('page') ?? '1')
    return Number.isInteger(page) && page >= 1 ? (page - 1) * size : null
  }
  const cursor = query.get('cursor')
  if (cursor === null) return 0
  const match = /^o(\d{1,9})$/.exec(cursor)
  return match === null ? null : Number(match[1])
}

function listReply(body: Reply['body']): Reply {
  return { status: 200, headers: { 'Content-Type': 'application/json; charset=utf-8' }, body }
}
