import type { ListIdField, ListShape, ResultUrlField } from './options.js'
import type { Task } from './task-store.js'

/**
 * Upstream answers with absolute follow-up URLs on production, even to a test server.
 * Reproduced on purpose: clients must build follow-up URLs from their own base URL.
 */
const PRODUCTION_TASKS_URL = 'https://aivideomaker.ai/api/v1/tasks'
const RESULT_MESSAGE = 'The file will only be saved for 24 hours, please download it promptly.'
const FAILED_MESSAGE = 'Generation failed; the credits were refunded.'

export interface ViewSettings {
  /** Where this simulator serves result files. */
  baseUrl: string
  resultUrlField: ResultUrlField
  listShape: ListShape
  listIdField: ListIdField
}

export function resultFileUrl(baseUrl: string, task: Task): string {
  return `${baseUrl}/files/${task.id}.mp4`
}

function taskOutput(task: Task, settings: ViewSettings): Record<string, unknown> | null {
  const field = settings.resultUrlField
  if (task.status === 'COMPLETED') {
    return { [field]: resultFileUrl(settings.baseUrl, task), msg: RESULT_MESSAGE, error: null }
  }
  if (task.status === 'FAILED' && task.outcome.status === 'FAILED') {
    return { [field]: null, msg: FAILED_MESSAGE, error: task.outcome.reason }
  }
  return null
}

/** `reportedStatus` replaces the real status (the `unknown-status` fault). */
export function taskDetail(
  task: Task,
  settings: ViewSettings,
  reportedStatus: string = task.status
): Record<string, unknown> {
  return {
    id: task.id,
    createdAt: new Date(task.createdAtMs).toISOString(),
    model: task.model,
    input: task.input,
    output: taskOutput(task, settings),
    status: reportedStatus,
    creditsCharged: task.creditsCharged,
    creditsRefunded: task.creditsRefunded,
    // One credit is one US cent, so the list value in cents equals the credits.
    listValueCents: task.creditsCharged,
    idempotencyKey: task.idempotencyKey,
    completedAt: task.terminalAtMs === null ? null : new Date(task.terminalAtMs).toISOString()
  }
}

export function creationBody(task: Task, isReplay: boolean): Record<string, unknown> {
  return {
    status: 'SUBMITTED',
    taskId: task.id,
    creditsCharged: task.creditsCharged,
    idempotentReplay: isReplay,
    responseUrl: `${PRODUCTION_TASKS_URL}/${task.id}`,
    statusUrl: `${PRODUCTION_TASKS_URL}/${task.id}/status`,
    cancelUrl: `${PRODUCTION_TASKS_URL}/${task.id}/cancel`
  }
}

export function webhookBody(task: Task, settings: ViewSettings): Record<string, unknown> {
  return {
    taskId: task.id,
    status: task.status,
    model: task.model,
    creditsCharged: task.creditsCharged,
    creditsRefunded: task.creditsRefunded,
    output: taskOutput(task, settings)
  }
}
