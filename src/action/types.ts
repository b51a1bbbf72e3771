import type { BatchItemResult } from '../core/batch/batch.js'
import type { Envelope } from '../core/api/envelope.js'
import type { OperationName } from '../core/api/operation-names.js'
import type { SpendReport } from '../core/spend/spend-decision.js'
import type { BatchTotals } from '../core/batch/batch.js'
import type { ClaimOutcome, CreateRequest } from '../core/tasks/interrupt-settlement.js'

/** What one step did, ready to be rendered as outputs, summary and annotations. */
export interface ActionResult {
  action: OperationName
  model: string
  envelope: Envelope<unknown>
  videoUrl: string | null
  /** Absolute path of the downloaded video. */
  videoPath: string | null
  /** `quote` only. */
  quote: { credits: number | null; affordable: boolean | null } | null
  /** Batch mode: one envelope per item, with the item's name. */
  results: BatchItemResult[] | null
  /** Batch mode: the file and the totals. */
  batch: BatchReport | null
  /** Prices known before creating: quotes (batch; run with max-credits) and the local estimate. */
  spend: SpendReport | null
  /** Remarks worth a log line and a summary line (e.g. a coerced duration). */
  notes: string[]
  /** Problems that did not stop the step, shown as warning annotations. */
  warnings: string[]
}

export interface ActionDeps {
  signal: AbortSignal
  /** Told the Idempotency-Key and the request before the create is sent, so they can be saved first. */
  onIdempotencyKey: (key: string, request: CreateRequest) => void
  /** Told as soon as a task exists (created or resumed). */
  onTaskId: (taskId: string, status: string | null) => void
  /** Told the latest status seen while waiting. */
  onStatus: (status: string | null) => void
  /** Batch mode: told each item's Idempotency-Key and request before its create is sent. */
  onBatchIdempotencyKey: (name: string, key: string, request: CreateRequest) => void
  /** Batch mode: told as soon as an item's task exists. */
  onBatchTaskId: (name: string, taskId: string, status: string | null) => void
  /** After an interrupt: the clock time by which main's own claim must end. */
  claimDeadline: () => number
  /** After an interrupt: told what main's own claim did, so the post step does not do it again. */
  onSettled: (outcomes: readonly ClaimOutcome[]) => void
}

/** What the summary needs of a batch beyond its item envelopes. */
export interface BatchReport {
  /** The batch file, as the input named it. */
  file: string
  totals: BatchTotals
  /** Each item's model as the file names it (an item never sent has no data to say it). */
  models: string[]
}
