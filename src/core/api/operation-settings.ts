import type { OperationName } from './operation-names.js'

/**
 * The settings that shape one operation (connection, reporting and the key are the
 * faces' own and apply to every operation). Each face names them its own way: inputs in
 * the action (`task-id`, `batch-file`), flags in the CLI (`--taskId`, `--batch`).
 */
export const OPERATION_SETTINGS = [
  'model',
  'payload',
  'taskId',
  'waitTimeout',
  'pollInterval',
  'download',
  'idempotencyKey',
  'maxCredits',
  'webhookUrl',
  'batch',
  'concurrency',
  'continueOnInvalid',
  'maxTotalCredits',
  'shard',
  /** The result cache: its folder, mode and size limit (see cache/types.ts). */
  'cache',
  /** The scope of `content` Idempotency-Keys (the action's is its repository). */
  'keyScope'
] as const

export type OperationSetting = (typeof OPERATION_SETTINGS)[number]

const CREATE_SETTINGS = [
  'model',
  'payload',
  'idempotencyKey',
  'keyScope',
  'maxCredits',
  'webhookUrl'
] as const

/**
 * The settings each operation reads: any other one given is refused before anything is
 * sent, by every face, so a setting is never silently ignored (a `download` with
 * `account` saves nothing, and saying so beats a green step without the file).
 */
export const ACCEPTED_SETTINGS: Readonly<Record<OperationName, readonly OperationSetting[]>> = {
  run: OPERATION_SETTINGS,
  createGeneration: CREATE_SETTINGS,
  getStatus: ['taskId'],
  getTask: ['taskId', 'download'],
  cancelTask: ['taskId'],
  listTasks: [],
  // The models of `model` and of a batch file are checked against the key's list.
  account: ['model', 'batch', 'shard'],
  quote: ['model', 'payload', 'maxCredits', 'batch', 'maxTotalCredits', 'shard']
}

/** The first of `given` that `operation` does not read, or null when all apply. */
export function findUnfitSetting(
  operation: OperationName,
  given: readonly OperationSetting[]
): OperationSetting | null {
  return given.find(setting => !ACCEPTED_SETTINGS[operation].includes(setting)) ?? null
}
