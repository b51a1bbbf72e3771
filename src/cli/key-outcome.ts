import type { CancelOutcome } from '../core/tasks/task-cancellation.js'

/** The stderr line for a task found by its Idempotency-Key after Ctrl-C, and what became of it. */
export function describeFoundByKey(outcome: CancelOutcome): string {
  if (outcome.outcome === 'cancelled') {
    return `cancelled task ${outcome.taskId} (found by its key); its credits are refunded`
  }
  const status = outcome.outcome === 'left' ? outcome.status : outcome.envelope.status
  return `task ${outcome.taskId} (found by its key) is ${status ?? 'unknown'} and keeps running upstream`
}
