import type { OperationRequest } from '../core/operation/types.js'
import type { Invocation } from './invocation.js'

/**
 * The checked command line as the core's request: `auto` keys derive from the command
 * (model and payload, or the batch file's items), as on every run of the same command.
 */
export function toOperationRequest(invocation: Invocation): OperationRequest {
  const { batch } = invocation
  return {
    operation: invocation.action,
    model: invocation.model,
    payload: invocation.payload,
    taskId: invocation.taskId,
    idempotency: invocation.idempotency,
    keyScope: { kind: 'command' },
    maxCredits: invocation.maxCredits,
    webhookUrl: invocation.webhookUrl,
    waitTimeoutMs: invocation.waitTimeoutMs,
    pollIntervalMs: invocation.pollIntervalMs,
    download: invocation.download === undefined ? undefined : { path: invocation.download },
    ...invocation.cache,
    batch:
      batch === undefined
        ? undefined
        : {
            items: batch.items,
            concurrency: batch.concurrency,
            continueOnInvalid: batch.continueOnInvalid,
            maxTotalCredits: batch.maxTotalCredits,
            download: batch.downloadDir === undefined ? undefined : { dir: batch.downloadDir }
          }
  }
}
