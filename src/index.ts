/**
 * The library face: `import { createClient, run } from 'aivideomaker-action'`.
 */
export { createClient } from './core/client.js'
export type {
  Client,
  ClientOptions,
  CallOptions,
  CreateOptions,
  CreateData,
  QuoteData,
  AccountData
} from './core/client.js'
export { run, DEFAULT_POLL_INTERVAL_MS, DEFAULT_WAIT_TIMEOUT_MS } from './core/workflow.js'
export type { RunRequest, RunDeps, RunData } from './core/workflow.js'
export { waitForTask } from './core/wait.js'
export type { WaitOptions, WaitProgress } from './core/wait.js'
export { downloadFile } from './core/download.js'
export type { DownloadOptions, DownloadResult } from './core/download.js'
export { validateRequest } from './core/validate.js'
export type { ValidationResult } from './core/validate.js'
export { MODEL_NAMES, isModelName } from './core/models.js'
export type { ModelName } from './core/models.js'
export { isValidTaskId, isValidIdempotencyKey } from './core/identifiers.js'
export { estimateCredits } from './core/price-estimate.js'
export { ERROR_CODES, isErrorCode } from './core/error-codes.js'
export type { ErrorCode } from './core/error-codes.js'
export { ENVELOPE_KEYS } from './core/envelope.js'
export type { Envelope } from './core/envelope.js'
export { RequestBudget, sharedQueryBudget } from './core/request-budget.js'
export type { RequestBudgetOptions } from './core/request-budget.js'
export { systemClock } from './core/clock.js'
export type { Clock } from './core/clock.js'
export type { TaskDetail } from './core/task-record.js'
export { DEFAULT_BASE_URL } from './core/base-url.js'
export { checkSpend, checkAccountModels, describeEstimate } from './core/spend-guard.js'
export type {
  SpendItem,
  SpendOptions,
  SpendCheck,
  QuotedItem,
  SpendClient
} from './core/spend-guard.js'
export { checkBatchSpend } from './core/replay-detection.js'
export type {
  KeyedSpendItem,
  BatchSpendOptions,
  BatchSpendCheck,
  BatchSpendClient
} from './core/replay-detection.js'
export { cancelSubmittedTasks } from './core/task-cancellation.js'
export type { CancelOutcome, CancelOptions, CancelClient } from './core/task-cancellation.js'
export { runBatch, deriveItemIdempotencyKey } from './core/batch.js'
export type {
  BatchOptions,
  BatchResult,
  BatchItemResult,
  BatchTotals,
  BatchProgress,
  BatchEvent
} from './core/batch.js'
export { parseBatchFile, MAX_BATCH_ITEMS } from './core/batch-file.js'
export type { BatchFileResult } from './core/batch-file.js'
export { validateBatch } from './core/batch-validation.js'
export type { BatchItem, BatchValidation, ValidItem, InvalidItem } from './core/batch-validation.js'
export { waitForTasks, watchTasks } from './core/wait-many.js'
export type { WaitManyOptions, WatchedTask, PollReport, TaskWatch } from './core/wait-many.js'
