import type { Clock } from '../time/clock.js'
import type { Client } from '../api/client.js'
import type { ClientSource } from '../api/client-source.js'
import type { Envelope, Failure } from '../api/envelope.js'
import type { SpendDecision } from '../spend/spend-decision.js'
import type { RunData } from '../run/workflow.js'
import type { CreateRequest } from '../tasks/interrupt-settlement.js'
import type { CacheOptions } from '../cache/types.js'

/** The batch's shared option and result types: every batch module imports them from here, so none imports runBatch's file. */
/**
 * What `runBatch` takes: the options with the client optional, made from `apiKey` (and
 * `baseUrl`) when not given; every other option has a default.
 */
export type BatchRunOptions = Omit<BatchOptions, 'client'> & ClientSource

/**
 * With `cacheDir` every valid item looks itself up before anything is sent: a hit is
 * settled at once (nothing sent, 0 credits, the video copied to
 * `<downloadDir>/<name>.mp4`) and is neither quoted nor counted against a cap; a miss
 * runs as usual and stores its video once COMPLETED; an item with `refresh: true` is
 * rendered again and replaces its entry.
 */
export interface BatchOptions extends CacheOptions {
  client: Client
  clock?: Clock
  /** Aborting ends the batch at once: pending items get ABORTED (with their task ids). */
  signal?: AbortSignal
  /** Creations in flight at once (default 4); also the number of downloads at once. */
  concurrency?: number
  /** ONE deadline for the whole batch, creation included, in ms (default 30 minutes). */
  waitTimeoutMs?: number
  /**
   * First delay between polls in ms (default 5000), and the shortest interval: used near
   * each task's expected completion and after any status change (see `watchTasks`).
   */
  pollIntervalMs?: number
  /** Largest delay between polls in ms (default 30000), while no task can be done yet. */
  maxPollIntervalMs?: number
  /** Multiplies the typical generation times (default 1); see `watchTasks`. */
  durationScale?: number
  /** Send the valid items even when others are invalid (default false: send nothing). */
  continueOnInvalid?: boolean
  /** Save each completed video as `<downloadDir>/<name>.mp4`. */
  downloadDir?: string
  /** Largest video accepted by a download, in bytes (default 2 GiB). */
  downloadMaxBytes?: number
  /**
   * Base of the per-item Idempotency-Keys of items without their own: each key is a
   * hash of the base, the item's name, model and payload, so re-running the same batch
   * with the same base resumes its tasks instead of paying again. Default: a random
   * base per call (retries inside this batch are safe; a re-run creates new tasks).
   * `null`: no key (a create that failed on the network is then never retried).
   */
  idempotencyKeyBase?: string | null
  /**
   * False when no earlier run can have sent the keys of `idempotencyKeyBase` (the first
   * attempt of an auto base): their lineage is then not looked up. Default true: one list
   * request finds every item's earlier tasks, the newest live one is resumed, and an item
   * whose earlier tasks all ended FAILED or CANCEL gets a new one (see key-lineage.ts).
   */
  idempotencyKeyUsedBefore?: boolean
  /**
   * Cap on the whole batch's price. When set (or an item has `maxCredits`, or
   * `quoteFirst`), every item is quoted first, except those that resume a live task:
   * nothing is created unless the sum fits the cap, each item its `maxCredits`, and the
   * balance covers it all; otherwise each item's failure is that check's.
   */
  maxTotalCredits?: number
  /** Quote every item before anything is created even without a cap (default false). */
  quoteFirst?: boolean
  /** Told the quote check's outcome, before the first create. */
  onSpend?: (decision: SpendDecision) => void
  /**
   * Told each item's Idempotency-Key and request before its create is sent, so a face can
   * save them first (and claim the task with `settleInterrupt` after an interrupt).
   */
  onIdempotencyKey?: (name: string, key: string, request: CreateRequest) => void
  /**
   * `content` Idempotency-Keys: each item without its own key gets one derived from its
   * request digest and this scope (the repository), whatever its name or batch, so a
   * later run replays a task an earlier (or cancelled) run created for the same request.
   * Takes the place of `idempotencyKeyBase`; the keys' lineage is always looked up.
   */
  contentKeyScope?: string
  /** Sent as the `webhookUrl` header of every create. */
  webhookUrl?: string
  /** Told after every event (creation, status change, finished item, polling cycle). */
  onProgress?: (progress: BatchProgress) => void
  /** Told as soon as an item's task exists, so a face can save it for a later cancel. */
  onTaskId?: (name: string, taskId: string, status: string | null) => void
  /** Local notes (payload coercions), each naming its item. */
  onNote?: (note: string) => void
}

/** One item's result: the envelope `run()` would return for it, plus the item's name. */
export type BatchItemResult = Envelope<RunData> & { name: string }

export interface BatchTotals {
  items: number
  /** Items whose envelope is ok (COMPLETED, and downloaded when asked). */
  completed: number
  /** Items whose envelope is not ok, whatever the reason. */
  failed: number
  /** Credits charged by the tasks of this batch (from the task details when known). */
  creditsCharged: number
  creditsRefunded: number
  /** Items answered from the result cache: nothing was sent for them. */
  reused: number
  /** Credits the reused items' tasks cost, not charged again by this batch. */
  creditsSaved: number
}

export interface BatchResult {
  /** True when every item is ok. */
  ok: boolean
  /** One envelope per item, in the batch's order. */
  results: BatchItemResult[]
  totals: BatchTotals
  /** Null when ok; otherwise one line saying which items failed and why. */
  errorMessage: string | null
  /**
   * Why the batch stopped before anything was sent (invalid items without
   * `continueOnInvalid`, a refused budget, no client), or null: the batch's own code.
   */
  stopped: Failure | null
}

export type BatchEvent =
  | { type: 'created'; name: string; taskId: string; status: string | null; replay: boolean }
  | { type: 'status'; name: string; taskId: string; status: string }
  | { type: 'finished'; name: string; result: BatchItemResult }
  | { type: 'poll'; via: 'list' | 'status'; requests: number; nextPollMs: number | null }

export interface BatchProgress {
  event: BatchEvent
  items: number
  /** Tasks created and not yet finished. */
  waiting: number
  completed: number
  failed: number
  elapsedMs: number
}
