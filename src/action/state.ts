import * as core from '@actions/core'
import type {
  ClaimOutcome,
  CreateRequest,
  CutOffCreate
} from '../core/tasks/interrupt-settlement.js'
import { State } from './constants.js'

/** What main hands to the post step (GITHUB_STATE, read back as STATE_<name>). */
export interface TaskState {
  taskId: string | null
  /** Batch mode: every task the batch created, in creation order. */
  taskIds: string[]
  /** Keys of creates that were sent (single run: at most one), to find tasks whose id never came back. */
  idempotencyKeys: string[]
  /** Creates whose answer (the task id) never came back, with the request to replay. */
  cutOffCreates: CutOffCreate[]
  baseUrl: string | null
  model: string | null
  /** Tasks and create keys main's own claim settled after the interrupt: not the post step's. */
  settled: { taskIds: Set<string>; keys: Set<string> }
  /** Main reached its end without being interrupted: the post step has nothing to do. */
  finished: boolean
}

/**
 * Task ids per saved chunk. Every new id rewrites only its own chunk, so a batch of n tasks
 * writes O(n) bytes of state instead of a growing list n times.
 */
export const TASK_ID_CHUNK = 100

/** Saved before the create is sent ("save before you pay"). */
export function saveIdempotencyKey(key: string, baseUrl: string): void {
  core.saveState(State.IdempotencyKey, key)
  core.saveState(State.BaseUrl, baseUrl)
}

/** Saved as soon as a task exists, so even a main killed a moment later leaves its id behind. */
export function saveTaskStarted(taskId: string, baseUrl: string, model: string): void {
  core.saveState(State.TaskId, taskId)
  core.saveState(State.BaseUrl, baseUrl)
  core.saveState(State.Model, model)
}

/**
 * Batch mode: returns a recorder that saves each value (a task id, or an Idempotency-Key
 * before its create) the moment it exists, for the post step to cancel the tasks still
 * SUBMITTED when the job is cancelled.
 */
export function createStateRecorder(
  name: State.TaskIds | State.IdempotencyKeys,
  baseUrl: string
): (value: string) => void {
  const values: string[] = []
  core.saveState(State.BaseUrl, baseUrl)
  return value => {
    if (values.includes(value)) return
    values.push(value)
    const chunk = Math.floor((values.length - 1) / TASK_ID_CHUNK)
    const start = chunk * TASK_ID_CHUNK
    core.saveState(`${name}${chunk}`, JSON.stringify(values.slice(start)))
  }
}

/**
 * A create's request is kept only up to this many bytes of JSON: every state value reaches
 * the post step as an environment variable, and one variable may not exceed 128 KiB. A
 * larger one (an image sent as a data URI) is claimed through the list alone.
 */
export const MAX_SAVED_REQUEST_BYTES = 64 * 1024

export interface CreateRecorder {
  /** Saves the create's key and request before it is sent ("save before you pay"). */
  sent(name: string, key: string, request: CreateRequest): void
  /** Marks the create answered: its task id is saved, so the post step claims it by that id. */
  answered(name: string): void
}

/** One state entry per create (single run: name ''), so each write stays small. */
export function createCreateRecorder(): CreateRecorder {
  const indexes = new Map<string, number>()
  return {
    sent(name, key, request) {
      const index = indexes.get(name) ?? indexes.size
      indexes.set(name, index)
      const kept = JSON.stringify({ key, request })
      const fits = Buffer.byteLength(kept) <= MAX_SAVED_REQUEST_BYTES
      core.saveState(
        `${State.CreateRequest}${index}`,
        fits ? kept : JSON.stringify({ key, request: null })
      )
    },
    answered(name) {
      const index = indexes.get(name)
      if (index !== undefined) core.saveState(`${State.CreateAnswered}${index}`, 'true')
    }
  }
}

/**
 * What main's own claim settled (cancelled, or found past SUBMITTED), one entry each; a
 * task it could not handle is left out, so the post step claims it.
 */
export function saveSettled(outcomes: readonly ClaimOutcome[]): void {
  outcomes
    .filter(outcome => outcome.kind !== 'unhandled')
    .forEach((outcome, index) =>
      core.saveState(
        `${State.Settled}${index}`,
        JSON.stringify({ taskId: outcome.taskId, key: outcome.key })
      )
    )
}

export function saveFinished(): void {
  core.saveState(State.Finished, 'true')
}

export function readTaskState(): TaskState {
  const text = (name: State): string | null => core.getState(name) || null
  return {
    taskId: text(State.TaskId),
    taskIds: readChunks(State.TaskIds),
    idempotencyKeys: [
      ...(core.getState(State.IdempotencyKey) ? [core.getState(State.IdempotencyKey)] : []),
      ...readChunks(State.IdempotencyKeys)
    ],
    cutOffCreates: readCutOffCreates(),
    baseUrl: text(State.BaseUrl),
    model: text(State.Model),
    settled: readSettled(),
    finished: core.getState(State.Finished) === 'true'
  }
}

/** The saved chunks in order; a chunk that cannot be read ends the list (state is best effort). */
function readChunks(name: State.TaskIds | State.IdempotencyKeys): string[] {
  const ids: string[] = []
  for (let chunk = 0; ; chunk++) {
    const saved = core.getState(`${name}${chunk}`)
    if (saved === '') return ids
    try {
      const list: unknown = JSON.parse(saved)
      if (!Array.isArray(list)) return ids
      ids.push(...list.filter((id): id is string => typeof id === 'string'))
    } catch {
      return ids
    }
  }
}

/** The tasks and keys main settled; an entry that cannot be read ends the list. */
function readSettled(): TaskState['settled'] {
  const settled = { taskIds: new Set<string>(), keys: new Set<string>() }
  for (let index = 0; ; index++) {
    const saved = core.getState(`${State.Settled}${index}`)
    if (saved === '') return settled
    try {
      const { taskId, key } = JSON.parse(saved) as { taskId?: unknown; key?: unknown }
      if (typeof taskId === 'string') settled.taskIds.add(taskId)
      if (typeof key === 'string') settled.keys.add(key)
    } catch {
      return settled
    }
  }
}

/** The saved creates not marked answered, in order; an entry that cannot be read ends the list. */
function readCutOffCreates(): CutOffCreate[] {
  const creates: CutOffCreate[] = []
  for (let index = 0; ; index++) {
    const saved = core.getState(`${State.CreateRequest}${index}`)
    if (saved === '') return creates
    if (core.getState(`${State.CreateAnswered}${index}`) === 'true') continue
    try {
      const entry: unknown = JSON.parse(saved)
      if (typeof entry !== 'object' || entry === null) return creates
      const { key, request } = entry as { key?: unknown; request?: unknown }
      if (typeof key !== 'string') return creates
      creates.push({ key, request: isCreateRequest(request) ? request : null })
    } catch {
      return creates
    }
  }
}

function isCreateRequest(value: unknown): value is CreateRequest {
  if (typeof value !== 'object' || value === null) return false
  const { model, maxCredits } = value as { model?: unknown; maxCredits?: unknown }
  return typeof model === 'string' && (maxCredits === undefined || typeof maxCredits === 'number')
}
