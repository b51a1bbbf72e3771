import type { TaskDetail } from '../api/task-record.js'
import type { CacheReport } from '../cache/types.js'

/** How the Idempotency-Key of a create is chosen (input `idempotency-key`, flag `--idempotency-key`). */
export type IdempotencySetting =
  | { mode: 'auto' }
  | { mode: 'none' }
  | { mode: 'explicit'; key: string }
  /**
   * `content`: the key derives from the request digest and `scope` (the repository, or
   * `--key-scope`), so a later run of the same request replays an earlier run's task.
   */
  | { mode: 'content'; scope: string }

/** Where a step runs: the parts of the GitHub context that identify it across re-runs. */
export interface StepIdentity {
  repository: string
  workflow: string
  job: string
  runId: string
  /** GITHUB_ACTION: the step's id (or generated name). */
  step: string
}

/** The run a face is in, as far as it can tell; each field null when it cannot. */
export interface RunContext {
  /** The workflow step (GitHub Actions); null outside a workflow run. */
  identity: StepIdentity | null
  /** GITHUB_RUN_ATTEMPT; null when unknown. */
  attempt: number | null
}

/** The key a face hands to `run`, and whether an earlier run can have sent it. */
export interface ResolvedKey {
  /** The base of the key's lineage (see key-lineage.ts); undefined: send none. */
  idempotencyKey: string | undefined
  /** False when no earlier run can have sent the key, so its tasks need not be looked up. */
  usedBefore: boolean
}

/** The keys a face hands to `runBatch`: a base, or a content scope (see resolveBatchKeyBase). */
export interface ResolvedBatchKeys {
  base: string | null | undefined
  usedBefore: boolean
  /** `content` keys: each item's key derives from its request digest and this scope. */
  contentScope?: string
}

/** `data` of a run's envelope. */
export interface RunData {
  model: string
  taskId: string | null
  status: string | null
  /** The result link (`output.url` or `output.videoUrl`); kept upstream for 24 hours. */
  videoUrl: string | null
  creditsCharged: number | null
  creditsRefunded: number | null
  idempotentReplay: boolean
  notes: string[]
  timings: { startedAt: string; finishedAt: string; elapsedMs: number; polls: number }
  /** The full task detail, once fetched. */
  task: TaskDetail | null
  download: { path: string; bytes: number } | null
  /** The result cache's report (`cache-dir`); null without a cache, or when resuming by task id. */
  cache: CacheReport | null
}
