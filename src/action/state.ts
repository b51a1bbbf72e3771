import * as core from '@actions/core'
import { State } from './constants.js'

/** What main hands to the post step (GITHUB_STATE, read back as STATE_<name>). */
export interface TaskState {
  taskId: string | null
  /** Batch mode: every task the batch created, in creation order. */
  taskIds: string[]
  /** Keys of creates that were sent (single run: at most one), to find tasks whose id never came back. */
  idempotencyKeys: string[]
  baseUrl: string | null
  model: string | null
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
    baseUrl: text(State.BaseUrl),
    model: text(State.Model),
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
