import { checkApiKey } from './api-key.js'
import { DEFAULT_BASE_URL, parseBaseUrl } from './base-url.js'
import { findCreateLimitProblems } from './create-limits.js'
import { failureEnvelope, successEnvelope, type Envelope, type Failure } from './envelope.js'
import { actionableMessage, failureFromResult, isErrorAnswer } from './errors.js'
import { isValidTaskId } from './identifiers.js'
import type { Operation } from './operation-names.js'
import { copyJson } from '../http/bounded-json.js'
import { textRedaction } from '../http/secret-redaction.js'
import { isRecord, toTaskDetail, type TaskDetail } from './task-record.js'
import {
  MAX_LIST_BYTES,
  scanTaskList,
  type ScanOptions,
  type TaskScan,
  type TaskVisitor
} from './task-list-scan.js'
import {
  Transport,
  type ApiRequest,
  type ApiResult,
  type TransportOptions
} from '../http/transport.js'
import type { RetryPolicy } from '../http/retry-policy.js'
import { validateRequest } from '../validation/validate.js'
import { parseWebhookUrl } from './webhook-url.js'

/**
 * Client settings: the transport's (apiKey, timeoutMs default 30000, maxRetries default 3,
 * queryBudget default the process-wide 60/min budget (a client on another clock gets that
 * clock's own), clock, backoff, random, userAgent,
 * onRetry), with the base URL optional: default `https://aivideomaker.ai`, http only for
 * loopback hosts.
 */
export interface ClientOptions extends Omit<TransportOptions, 'baseUrl'> {
  baseUrl?: string
}

export interface CallOptions {
  signal?: AbortSignal
  /** Absolute clock time after which no retry starts. */
  deadline?: number
}

export interface CreateOptions extends CallOptions {
  /** 8..128 characters; makes the create safe to retry and to repeat. */
  idempotencyKey?: string
  /** Sent as X-Max-Credits: upstream refuses (422, nothing charged) above it. */
  maxCredits?: number
  /** Sent as the `webhookUrl` header. */
  webhookUrl?: string
}

export interface CreateData {
  taskId: string
  status: string
  creditsCharged: number | null
  idempotentReplay: boolean
  /** Local notes, e.g. a duration coerced to the type the model expects. */
  notes: string[]
}

export interface QuoteData {
  model: string
  credits: number | null
  affordable: boolean | null
  currentBalance: number | null
  /** Local notes, e.g. a duration coerced to the type the model expects (as a create's). */
  notes: string[]
  [key: string]: unknown
}

export interface AccountData {
  supportedModels: string[]
  currentBalance: number | null
  [key: string]: unknown
}

export interface Client {
  readonly baseUrl: string
  /** The transport's retry policy, which every retry made for this client follows. */
  readonly retryPolicy: RetryPolicy
  createGeneration(
    model: string,
    payload: unknown,
    options?: CreateOptions
  ): Promise<Envelope<CreateData>>
  getStatus(taskId: string, options?: CallOptions): Promise<Envelope<{ status: string }>>
  getTask(taskId: string, options?: CallOptions): Promise<Envelope<TaskDetail>>
  cancelTask(taskId: string, options?: CallOptions): Promise<Envelope<Record<string, unknown>>>
  /**
   * The key's whole task list (every page), newest first. A list longer than 5 MB fails
   * (UNKNOWN_ERROR) instead of coming back cut short.
   */
  listTasks(options?: CallOptions): Promise<Envelope<{ tasks: TaskDetail[] }>>
  /**
   * Reads the task list as a stream, handing each task to `visit` until it returns true,
   * with `maxBytes` (default 5 MB) as the cap over every page; past it the read fails with
   * `data.end` `over-cap`. Memory does not grow with the list: tasks the visitor does not
   * keep are dropped as they are read.
   */
  scanTasks(visit: TaskVisitor, options?: ScanOptions): Promise<Envelope<TaskScan>>
  account(options?: CallOptions): Promise<Envelope<AccountData>>
  quote(model: string, payload: unknown, options?: CallOptions): Promise<Envelope<QuoteData>>
}

/**
 * Creates an API client. Every method returns an envelope and never throws for API or
 * network errors (only when the caller's AbortSignal fires). Requests that fail local
 * checks (model, payload, task id, key, base URL) are never sent.
 */
export function createClient(options: ClientOptions): Client {
  const base = parseBaseUrl(options.baseUrl ?? DEFAULT_BASE_URL, undefined, options.apiKey)
  const transport = new Transport({ ...options, baseUrl: base.ok ? base.url : DEFAULT_BASE_URL })
  const redact = redactor(options.apiKey)

  /** Local checks shared by every call: the base URL and the key. */
  const precheck = (): Failure | null => {
    if (!base.ok) return base
    if (typeof options.apiKey !== 'string' || options.apiKey.trim() === '') {
      return {
        errorCode: 'AUTH_FAILED',
        errorMessage: actionableMessage('AUTH_FAILED', 'No API key was given; nothing was sent')
      }
    }
    return checkApiKey(options.apiKey)
  }

  const call = async <T>(
    operation: Operation,
    request: ApiRequest,
    onAnswer: (json: unknown, sent: unknown) => Envelope<T>,
    taskId: string | null = null
  ): Promise<Envelope<T>> => {
    const blocked = precheck()
    if (blocked) return failureEnvelope(blocked, { taskId })
    const result = await transport.send(request)
    if (isErrorAnswer(result, operation)) {
      const failure = failureFromResult(result, operation, transport.baseUrl)
      return failureEnvelope(redactFailure(failure, redact), {
        taskId,
        status: taskStatusOfError(result)
      })
    }
    // A bounded copy, so no answer can overflow a walk (here or in any face), and one
    // echoing the key (in any form) does not carry it to the caller.
    return onAnswer(copyJson(result.json, { text: redact }), result.json)
  }

  const taskPath = (taskId: string, suffix = ''): string =>
    `/api/v1/tasks/${encodeURIComponent(taskId)}${suffix}`

  /** A task query: safe to repeat, and drawn from the per-IP query budget. */
  const taskQuery = (path: string, callOptions: CallOptions): ApiRequest => ({
    method: 'GET',
    path,
    idempotent: true,
    usesQueryBudget: true,
    ...callOptions
  })

  const client: Client = {
    baseUrl: transport.baseUrl,
    retryPolicy: transport.retryPolicy,

    async createGeneration(model, payload, createOptions = {}) {
      const checked = validateRequest(model, payload)
      if (!checked.ok) return failureEnvelope(checked)
      const headerProblem = checkCreateHeaders(createOptions)
      if (headerProblem) return failureEnvelope(headerProblem)
      const webhook =
        createOptions.webhookUrl === undefined
          ? undefined
          : parseWebhookUrl(createOptions.webhookUrl, transport.baseUrl)
      if (webhook?.ok === false) return failureEnvelope(webhook)
      const headers: Record<string, string> = {}
      if (createOptions.idempotencyKey) headers['idempotency-key'] = createOptions.idempotencyKey
      if (createOptions.maxCredits !== undefined)
        headers['x-max-credits'] = String(createOptions.maxCredits)
      if (webhook?.ok) headers['webhookurl'] = webhook.url
      return call<CreateData>(
        'createGeneration',
        {
          method: 'POST',
          path: `/api/v1/generate/${encodeURIComponent(checked.model)}`,
          body: checked.payload,
          headers,
          // Without an Idempotency-Key a retried create may pay twice.
          idempotent: Boolean(createOptions.idempotencyKey),
          signal: createOptions.signal,
          deadline: createOptions.deadline
        },
        (json, sent) => {
          const body = isRecord(json) ? json : {}
          // Read from the answer as sent, before anything else: the id of a paid task
          // must survive whatever the rest of the answer holds.
          const sentId = isRecord(sent) ? sent.taskId : undefined
          const taskId = typeof sentId === 'string' && redact(sentId) === sentId ? sentId : null
          if (taskId === null || !isValidTaskId(taskId)) {
            return failureEnvelope(unexpected('createGeneration', 'no usable taskId'))
          }
          const status = typeof body.status === 'string' ? body.status : 'SUBMITTED'
          return successEnvelope<CreateData>(
            {
              taskId,
              status,
              creditsCharged: typeof body.creditsCharged === 'number' ? body.creditsCharged : null,
              idempotentReplay: body.idempotentReplay === true,
              notes: checked.notes
            },
            { taskId, status }
          )
        }
      )
    },

    async getStatus(taskId, callOptions = {}) {
      const bad = checkTaskId(taskId)
      if (bad) return failureEnvelope(bad)
      return call(
        'getStatus',
        taskQuery(taskPath(taskId, '/status'), callOptions),
        json => {
          const status = isRecord(json) && typeof json.status === 'string' ? json.status : null
          if (status === null)
            return failureEnvelope(unexpected('getStatus', 'no status'), { taskId })
          return successEnvelope({ status }, { taskId, status })
        },
        taskId
      )
    },

    async getTask(taskId, callOptions = {}) {
      const bad = checkTaskId(taskId)
      if (bad) return failureEnvelope(bad)
      return call(
        'getTask',
        taskQuery(taskPath(taskId), callOptions),
        json => {
          const detail = toTaskDetail(json, taskId)
          if (detail === null)
            return failureEnvelope(unexpected('getTask', 'no task status'), { taskId })
          return successEnvelope(detail, { taskId, status: detail.status })
        },
        taskId
      )
    },

    async cancelTask(taskId, callOptions = {}) {
      const bad = checkTaskId(taskId)
      if (bad) return failureEnvelope(bad)
      const envelope = await call<Record<string, unknown>>(
        'cancelTask',
        // PUT, and retried: cancelling twice is harmless.
        { method: 'PUT', path: taskPath(taskId, '/cancel'), idempotent: true, ...callOptions },
        json => {
          const body = isRecord(json) ? json : {}
          const status = typeof body.status === 'string' ? body.status : 'CANCEL'
          return successEnvelope(body, { taskId, status })
        },
        taskId
      )
      if (envelope.ok || envelope.errorCode !== 'TASK_NOT_CANCELLABLE') return envelope
      // The cancel answer does not say where the task is; read it back.
      const current = await client.getStatus(taskId, callOptions)
      return { ...envelope, status: current.ok ? current.status : envelope.status }
    },

    async listTasks(callOptions = {}) {
      const tasks: TaskDetail[] = []
      const scan = await client.scanTasks(task => (tasks.push(task), false), {
        ...callOptions,
        maxBytes: MAX_LIST_BYTES
      })
      if (!scan.ok) return failureEnvelope(scanFailure(scan))
      return successEnvelope({ tasks })
    },

    async scanTasks(visit, scanOptions = {}) {
      const blocked = precheck()
      if (blocked) return failureEnvelope(blocked)
      return scanTaskList(transport, redact, visit, scanOptions)
    },

    async account(callOptions = {}) {
      return call(
        'account',
        { method: 'GET', path: '/api/v1/account', idempotent: true, ...callOptions },
        json => {
          const body = isRecord(json) ? json : {}
          return successEnvelope<AccountData>({
            ...body,
            supportedModels: Array.isArray(body.supportedModels)
              ? body.supportedModels.filter((m): m is string => typeof m === 'string')
              : [],
            currentBalance: typeof body.currentBalance === 'number' ? body.currentBalance : null
          })
        }
      )
    },

    async quote(model, payload, callOptions = {}) {
      const checked = validateRequest(model, payload)
      if (!checked.ok) return failureEnvelope(checked)
      return call(
        'quote',
        {
          method: 'POST',
          path: `/api/v1/quote/${encodeURIComponent(checked.model)}`,
          body: checked.payload,
          // A quote creates and charges nothing, so repeating it is harmless.
          idempotent: true,
          ...callOptions
        },
        json => {
          const body = isRecord(json) ? json : {}
          return successEnvelope<QuoteData>({
            ...body,
            model: checked.model,
            credits: typeof body.credits === 'number' ? body.credits : null,
            affordable: typeof body.affordable === 'boolean' ? body.affordable : null,
            currentBalance: typeof body.currentBalance === 'number' ? body.currentBalance : null,
            notes: checked.notes
          })
        }
      )
    }
  }
  return client
}

function checkTaskId(taskId: unknown): Failure | null {
  if (isValidTaskId(taskId)) return null
  const shown = typeof taskId === 'string' ? JSON.stringify(taskId.slice(0, 40)) : typeof taskId
  return {
    errorCode: 'INVALID_INPUT',
    errorMessage: actionableMessage(
      'INVALID_INPUT',
      `task id ${shown} is not valid: 1 to 128 letters, digits, "_" or "-"`
    )
  }
}

function checkCreateHeaders(options: CreateOptions): Failure | null {
  const problems = findCreateLimitProblems(options)
  if (problems.length === 0) return null
  return {
    errorCode: 'INVALID_INPUT',
    errorMessage: actionableMessage('INVALID_INPUT', problems.join('; '))
  }
}

function unexpected(operation: Operation, what: string): Failure {
  return {
    errorCode: 'UNKNOWN_ERROR',
    errorMessage: actionableMessage('UNKNOWN_ERROR', `${operation}: the answer had ${what}`)
  }
}

/** An error answer that still tells the task's status (e.g. a refused cancel). */
function taskStatusOfError(result: ApiResult): string | null {
  if (result.kind !== 'response' || !isRecord(result.json)) return null
  const status = result.json.taskStatus ?? result.json.currentStatus
  return typeof status === 'string' ? status : null
}

function scanFailure(scan: Envelope<TaskScan>): Failure {
  return {
    errorCode: scan.errorCode ?? 'UNKNOWN_ERROR',
    errorMessage: scan.errorMessage ?? 'the task list could not be read',
    retryAfter: scan.retryAfter
  }
}

function redactor(apiKey: string): (text: string) => string {
  if (typeof apiKey !== 'string') return text => text
  return textRedaction([apiKey])
}

function redactFailure(failure: Failure, redact: (text: string) => string): Failure {
  return { ...failure, errorMessage: redact(failure.errorMessage) }
}
