import { systemClock } from '../time/clock.js'
import { isFailure, resolveClient } from '../api/client-source.js'
import { BatchRun } from './batch-run.js'
import { batchTotals } from './batch-ledger.js'
import { failureEnvelope, type Failure } from '../api/envelope.js'
import { actionableMessage } from '../api/errors.js'
import { checkPollInterval } from '../api/wait-settings.js'
import { prepareBatch } from './batch-preflight.js'
import { itemLabel, validateBatch, type BatchItem } from './batch-validation.js'
import { DEFAULT_WAIT_TIMEOUT_MS } from '../run/workflow.js'
import type { RunData } from '../run/workflow.js'
import type { BatchOptions, BatchResult, BatchRunOptions } from './types.js'
import { DEFAULTS } from '../validation/setting-limits.js'
import { prefixedMessage } from '../api/advice.js'

export { deriveItemIdempotencyKey } from './batch-item-key.js'

export type {
  BatchEvent,
  BatchItemResult,
  BatchOptions,
  BatchProgress,
  BatchResult,
  BatchRunOptions,
  BatchTotals
} from './types.js'

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
  given: BatchRunOptions = {}
): Promise<BatchResult> {
  const client = resolveClient(given, given.clock)
  if (isFailure(client)) return unsent(items, client)
  const badInterval = checkPollInterval(
    given.waitTimeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS,
    given.pollIntervalMs
  )
  if (badInterval !== null) return unsent(items, badInterval)
  const options: BatchOptions = { ...given, client }
  const concurrency = options.concurrency ?? DEFAULTS.concurrency
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 100) {
    throw new RangeError('concurrency must be a whole number from 1 to 100')
  }
  const validation = validateBatch(items)
  const clock = options.clock ?? systemClock
  const batch = new BatchRun(items, options, clock, concurrency)
  for (const bad of validation.invalid) batch.finish(bad.index, failureEnvelope(bad.failure))
  if (!validation.ok && !options.continueOnInvalid) {
    for (const good of validation.valid) {
      batch.finish(
        good.index,
        failureEnvelope({
          errorCode: 'INVALID_INPUT',
          errorMessage: actionableMessage(
            'BATCH_INVALID',
            `${itemLabel(good.index, good.item.name)} is valid but was not sent, because other items of the batch are invalid`
          )
        })
      )
    }
    const errorMessage = actionableMessage('BATCH_INVALID', validation.errorMessage ?? '')
    return batch.result(errorMessage, {
      errorCode: validation.errorCode ?? 'INVALID_INPUT',
      errorMessage
    })
  }
  const misses = await batch.reuseCached(validation.valid)
  const preflight = await prepareBatch(
    misses,
    options,
    clock.now() + (options.waitTimeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS)
  )
  const refused = preflight.refusal
  if (refused !== null) {
    for (const good of misses) {
      const label = itemLabel(good.index, good.item.name)
      batch.finish(
        good.index,
        failureEnvelope({
          ...refused,
          errorMessage: prefixedMessage(`${label} was not sent: `, refused.errorMessage)
        })
      )
    }
    return batch.result(refused.errorMessage, refused)
  }
  return batch.execute(preflight.items)
}

/** The result of a batch that could not start: every item gets the same failure. */
function unsent(items: readonly BatchItem[], failure: Failure): BatchResult {
  const results = items.map(item => ({ ...failureEnvelope<RunData>(failure), name: item.name }))
  return {
    ok: false,
    results,
    totals: batchTotals(results),
    errorMessage: failure.errorMessage,
    stopped: failure
  }
}
