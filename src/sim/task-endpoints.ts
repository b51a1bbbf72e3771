import { authenticate } from './authentication.js'
import type { FaultRoute } from './faults.js'
import { errorReply, isReply, jsonReply, type Reply } from './reply.js'
import { formatRetryAfter } from './retry-after.js'
import type { Endpoint, EndpointCall, SimContext } from './sim-context.js'
import type { Task } from './task-store.js'
import { taskDetail, taskList } from './task-views.js'

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

/** `GET /api/v1/tasks`: every task of the key, newest first. */
export const listTasks: Endpoint = (context, call) => {
  const limited = limitQuery(context, call)
  if (limited) return limited
  const account = authenticate(context, call.request)
  if (isReply(account)) return account
  const tasks = context.tasks.listFor(account)
  return jsonReply(200, taskList(tasks, context.views, reportedStatus(context, 'list')))
}
