import * as core from '@actions/core'
import type { BatchData } from '../core/batch/batch-envelope.js'
import type { OperationHooks } from '../core/operation/types.js'
import type { BatchSetting } from './action-request.js'
import type { ActionDeps, ActionResult, BatchReport } from './types.js'
import { createBatchProgressLogger } from './progress.js'
import { logLine } from './sinks/workflow-log.js'

export type { BatchReport }

/** Batch mode's log lines and saved state while the core runs the batch. */
export function batchHooks(batch: BatchSetting, deps: ActionDeps): OperationHooks {
  const count = batch.items.length
  core.info(
    `Batch ${batch.fileName}: ${count} item${count === 1 ? '' : 's'}, concurrency ${batch.concurrency}`
  )
  return {
    onBatchSpend: decision => {
      const { quotedCredits, quotes, balance } = decision.report
      if (quotedCredits !== null) {
        core.info(
          logLine(
            `Quoted ${quotedCredits} credits for ${quotes.length} item(s)${balance === null ? '' : `; balance ${balance}`}`
          )
        )
      }
    },
    onBatchIdempotencyKey: deps.onBatchIdempotencyKey,
    onBatchTaskId: deps.onBatchTaskId,
    onBatchProgress: createBatchProgressLogger()
  }
}

/** Fills the step's batch report from the core's batch envelope: `results` has every item. */
export function reportBatch(result: ActionResult, batch: BatchSetting): ActionResult {
  const data = result.envelope.data as BatchData
  result.results = data.results
  result.batch = {
    file: batch.fileName,
    totals: data.totals,
    models: batch.items.map(
      (item, index) =>
        data.results[index]?.data?.model || (typeof item.model === 'string' ? item.model : '')
    )
  }
  return result
}
