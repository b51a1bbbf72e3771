import { systemClock, type Clock } from '../time/clock.js'
import type { Client } from '../api/client.js'
import { BatchRun } from './batch-run.js'
import { failureEnvelope, type Envelope } from '../api/envelope.js'
import { actionableMessage } from '../api/errors.js'
import type { SpendDecision } from '../spend/spend-decision.js'
import { prepareBatch } from './batch-preflight.js'
import { itemLabel, validateBatch, type BatchItem } from './batch-validation.js'
import { DEFAULT_WAIT_TIMEOUT_MS, type RunData } from '../run/workflow.js'

export { deriveItemIdempotencyKey } from './batch-item-key.js'

export interface BatchOptions {
  client: Client
  clock?: Clock
  /** Aborting ends the batch at once: pending items get ABORTED (with their task ids). */
  signal?: AbortSignal
  /** Creations in flight at once (default 4); also the number of downloads at once. */
  concurrency?: number
  /** ONE deadline for the whole batch, creation included, in ms (default 30 minutes). */
  waitTimeoutMs?: number
  /**
   * First delay between polls in ms (default 5000), and the delay after any status
   * change; grows by 1.5x while nothing changes, up to `maxPollIntervalMs`.
   */
  pollIntervalMs?: number
  /** Largest delay between polls in ms (default 30000). */
  maxPollIntervalMs?: number
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
  /** Told each item's Idempotency-Key before its create is sent, so a face can save it first. */
  onIdempotencyKey?: (name: string, key: string) => void
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
}

export interface BatchResult {
  /** True when every item is ok. */
  ok: boolean
  /** One envelope per item, in the batch's order. */
  results: BatchItemResult[]
  totals: BatchTotals
  /** Null when ok; otherwise one line saying which items failed and why. */
  errorMessage: string | null
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

/**
 * Runs many generations as one batch: validates every item first (nothing is sent when
 * one is invalid, unless `continueOnInvalid`), creates the tasks with at most
 * `concurrency` creations in flight (a creation refused by the per-key limit waits for
 * its Retry-After, and so does every other creation, then retries with the same
 * Idempotency-Key), waits for all of them with one list request per cycle through the
 * shared request budget (`watchTasks`), fetches each finished task's detail when the
 * list did not carry it, and downloads the videos when asked. One deadline bounds it
 * all. Never throws for API, network or timeout failures: every item gets its own
 * envelope, and no task id is ever lost.
 *
 * @throws RangeError when `concurrency` is not a whole number from 1 to 100.
 */
export async function runBatch(
  items: readonly BatchItem[],
  options: BatchOptions
): Promise<BatchResult> {
  const concurrency = options.concurrency ?? 4
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 100) {
    throw new RangeError('concurrency must be a whole number from 1 to 100')
  }
  const validation = validateBatch(items)
  const clock = options.clock ?? systemClock
  const batch = new BatchRun(items, options, clock, concurrency)
  for (const bad of validation.invalid) batch.finish(bad.index, failureEnvelope(bad.failure))
  if (!validation.ok && !options.continueOnInvalid) {
    const reason = 'not sent, because other items of the batch are invalid'
    for (const good of validation.valid) {
      batch.finish(
        good.index,
        failureEnvelope({
          errorCode: 'INVALID_INPUT',
          errorMessage: actionableMessage(
            'INVALID_INPUT',
            `${itemLabel(good.index, good.item.name)} is valid but was ${reason} (fix them, or set continue-on-invalid to send the valid ones)`
          )
        })
      )
    }
    return batch.result(
      `${validation.errorMessage}. Nothing was sent: fix these items, or set continue-on-invalid to send the valid ones`
    )
  }
  const preflight = await prepareBatch(
    validation.valid,
    options,
    clock.now() + (options.waitTimeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS)
  )
  const refused = preflight.refusal
  if (refused !== null) {
    for (const good of validation.valid) {
      const label = itemLabel(good.index, good.item.name)
      batch.finish(
        good.index,
        failureEnvelope({
          ...refused,
          errorMessage: `${label} was not sent: ${refused.errorMessage}`
        })
      )
    }
    return batch.result(refused.errorMessage)
  }
  return batch.execute(preflight.items)
}
