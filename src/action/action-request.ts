import type { BatchItem } from '../core/batch/batch-validation.js'
import type { OperationName } from '../core/api/operation-names.js'

import type { IdempotencySetting } from '../core/run/types.js'
import type { CacheOptions } from '../core/cache/types.js'

export type { IdempotencySetting }

/** Batch mode (input `batch-file`): many jobs in one step. */
export interface BatchSetting {
  /** Absolute path of the batch file, checked to lie inside the workspace. */
  file: string
  /** The path as the input gave it, for messages and the summary. */
  fileName: string
  /** The file's items, structure checked (models and payloads are checked by the core). */
  items: BatchItem[]
  /** sha256 of the file's bytes: part of the `auto` idempotency base, so an edit starts afresh. */
  contentHash: string
  /** Creations in flight at once (1 to 20, default 4). */
  concurrency: number
  /** Send the valid items even when others are invalid. */
  continueOnInvalid: boolean
  maxTotalCredits: number | undefined
  /** Directory inside the workspace: each video is saved as `<dir>/<name>.mp4`. */
  download: { dir: string; maxBytes: number } | undefined
}

/** Everything the action's inputs say, parsed and checked once (see inputs.ts). */
export interface ActionRequest {
  action: OperationName
  /** '' when not given (resume, task queries, listTasks, account). */
  model: string
  /** Parsed JSON of `payload` or `payload-file`; undefined when neither was given. */
  payload: unknown
  taskId: string | undefined
  apiKey: string
  baseUrl: string
  requestTimeoutMs: number
  maxRetries: number
  waitTimeoutMs: number
  /** Undefined when `poll-interval` is left at its default: the core's default applies. */
  pollIntervalMs: number | undefined
  idempotency: IdempotencySetting
  maxCredits: number | undefined
  webhookUrl: string | undefined
  /** Absolute destination of the video, inside the workspace (single task; see `batch`). */
  download: { path: string; maxBytes: number } | undefined
  cancelOnAbort: boolean
  failOnError: boolean
  summary: boolean
  batch: BatchSetting | undefined
  /** The result cache (`cache-dir` inside the workspace, `cache-mode`, `cache-max-bytes`). */
  cache: CacheOptions
  githubToken: string | undefined
  commentOnPr: boolean
  /** Keeps sticky comments apart: the job and matrix leg by default (see resultsMarker). */
  commentKey: string
  /** The artifact the videos are uploaded as; the PR comment links it. */
  artifactName: string | undefined
}

/** What the reporting needs even when the other inputs could not be parsed. */
export interface ReportOptions {
  failOnError: boolean
  summary: boolean
}
