import * as core from '@actions/core'
import { State } from './constants.js'

/** What main hands to the post step (GITHUB_STATE, read back as STATE_<name>). */
export interface TaskState {
  taskId: string | null
  baseUrl: string | null
  model: string | null
  /** Main reached its end without being interrupted: the post step has nothing to do. */
  finished: boolean
}

/** Saved as soon as a task exists, so even a main killed a moment later leaves its id behind. */
export function saveTaskStarted(taskId: string, baseUrl: string, model: string): void {
  core.saveState(State.TaskId, taskId)
  core.saveState(State.BaseUrl, baseUrl)
  core.saveState(State.Model, model)
}

export function saveFinished(): void {
  core.saveState(State.Finished, 'true')
}

export function readTaskState(): TaskState {
  const text = (name: State): string | null => core.getState(name) || null
  return {
    taskId: text(State.TaskId),
    baseUrl: text(State.BaseUrl),
    model: text(State.Model),
    finished: core.getState(State.Finished) === 'true'
  }
}
