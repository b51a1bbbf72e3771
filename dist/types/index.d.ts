/**
 * The library face: `import { createClient, run } from 'aivideomaker-action'`.
 */
/**
 * The operation layer every face calls: `performOperation({ operation, ... }, { client })`
 * performs any of the eight operations (batch included) and returns its envelope.
 */
export { performOperation } from './core/operation/operation.js';
export type { OperationRequest, OperationBatch, OperationHooks, OperationDeps, OperationResult, KeyScope } from './core/operation/types.js';
export { batchEnvelope } from './core/batch/batch-envelope.js';
/**
 * Advice as data: `messageParts(errorMessage)` gives what happened and the next-steps
 * code of any message the core composed; `inWords(envelope, words)` words the steps in a
 * face's own terms (`AdviceWords`, one entry per code that names a setting).
 */
export { inWords, messageParts, adviceText, LIBRARY_ADVICE, WORDED_ADVICE_CODES } from './core/api/advice.js';
export type { AdviceWords, AdviceCode, MessageParts } from './core/api/advice.js';
export { ACCEPTED_SETTINGS, OPERATION_SETTINGS } from './core/api/operation-settings.js';
export type { OperationSetting } from './core/api/operation-settings.js';
export type { BatchData } from './core/batch/batch-envelope.js';
export { DEFAULTS, SETTING_LIMITS } from './core/validation/setting-limits.js';
export { createClient } from './core/api/client.js';
export type { Client, ClientOptions, CallOptions, CreateOptions, CreateData, QuoteData, AccountData } from './core/api/client.js';
export type { ClientSource } from './core/api/client-source.js';
export { run, DEFAULT_POLL_INTERVAL_MS, DEFAULT_WAIT_TIMEOUT_MS } from './core/run/workflow.js';
export type { RunRequest, RunDeps, RunData } from './core/run/workflow.js';
export type { CacheOptions, CacheMode, CacheReport } from './core/cache/types.js';
export { CACHE_MODES } from './core/cache/types.js';
export { requestDigest } from './core/run/request-digest.js';
export { deriveContentKey } from './core/run/content-key.js';
export { waitForTask } from './core/watch/wait.js';
export type { WaitOptions, WaitProgress } from './core/watch/wait.js';
export { downloadFile } from './core/tasks/download.js';
export type { DownloadOptions, DownloadResult } from './core/tasks/download.js';
export { validateRequest } from './core/validation/validate.js';
export type { ValidationResult } from './core/validation/validate.js';
export { MODEL_NAMES, isModelName } from './core/validation/models.js';
export type { ModelName } from './core/validation/models.js';
export { isValidTaskId, isValidIdempotencyKey } from './core/api/identifiers.js';
export { estimateCredits } from './core/spend/price-estimate.js';
export { ERROR_CODES, isErrorCode } from './core/api/error-codes.js';
export type { ErrorCode } from './core/api/error-codes.js';
export { ENVELOPE_KEYS } from './core/api/envelope.js';
export type { Envelope } from './core/api/envelope.js';
export { RequestBudget, sharedQueryBudget } from './core/http/request-budget.js';
export type { RequestBudgetOptions } from './core/http/request-budget.js';
export { systemClock } from './core/time/clock.js';
export type { Clock } from './core/time/clock.js';
export type { TaskDetail } from './core/api/task-record.js';
export { DEFAULT_BASE_URL } from './core/api/base-url.js';
export { checkSpend, checkAccountModels, describeEstimate } from './core/spend/spend-guard.js';
export type { SpendItem, SpendOptions, SpendCheck, QuotedItem, SpendClient } from './core/spend/spend-guard.js';
export { checkBatchSpend } from './core/spend/replay-detection.js';
export type { KeyedSpendItem, BatchSpendOptions, BatchSpendCheck, BatchSpendClient } from './core/spend/replay-detection.js';
export { cancelSubmittedTasks } from './core/tasks/task-cancellation.js';
export type { CancelOutcome, CancelOptions, CancelClient } from './core/tasks/task-cancellation.js';
export { cancelByIdempotencyKey } from './core/tasks/key-cancellation.js';
export type { ForeignTask, KeyCancellation, KeyClaim } from './core/tasks/key-cancellation.js';
export { settleInterrupt, CANCEL_CONCURRENCY, LATE_CREATE_WINDOW_MS } from './core/tasks/interrupt-settlement.js';
export type { InterruptClaim, CutOffCreate, CreateRequest, ClaimOutcome, ClaimRoute, Settlement, SettleOptions, SettleClient } from './core/tasks/interrupt-settlement.js';
export { describeClaimOutcome, describeSettlement, isNothingCharged, settlementTotals } from './core/tasks/settlement-report.js';
export type { SettlementTotals } from './core/tasks/settlement-report.js';
export { runBatch, deriveItemIdempotencyKey } from './core/batch/batch.js';
export type { BatchOptions, BatchRunOptions, BatchResult, BatchItemResult, BatchTotals, BatchProgress, BatchEvent } from './core/batch/batch.js';
export { parseBatchFile, MAX_BATCH_ITEMS } from './core/batch/batch-file.js';
export type { BatchFileResult } from './core/batch/batch-file.js';
export { validateBatch } from './core/batch/batch-validation.js';
export { parseShard, selectShard, MAX_SHARDS } from './core/batch/batch-shard.js';
export { quoteBatch } from './core/batch/batch-quote.js';
export type { BatchQuoteData, BatchQuoteOptions } from './core/batch/batch-quote.js';
export type { Shard, ShardParse } from './core/batch/batch-shard.js';
export type { BatchItem, BatchValidation, ValidItem, InvalidItem } from './core/batch/batch-validation.js';
export { waitForTasks, watchTasks } from './core/watch/wait-many.js';
export type { WaitManyOptions, WatchedTask, PollReport, TaskWatch } from './core/watch/types.js';
export type { TaskExpectation } from './core/watch/poll-schedule.js';
