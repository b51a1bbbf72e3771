import type { OperationName } from './operation-names.js';
/**
 * The settings that shape one operation (connection, reporting and the key are the
 * faces' own and apply to every operation). Each face names them its own way: inputs in
 * the action (`task-id`, `batch-file`), flags in the CLI (`--taskId`, `--batch`).
 */
export declare const OPERATION_SETTINGS: readonly ["model", "payload", "taskId", "waitTimeout", "pollInterval", "download", "idempotencyKey", "maxCredits", "webhookUrl", "batch", "concurrency", "continueOnInvalid", "maxTotalCredits", "shard", "cache", "keyScope"];
export type OperationSetting = (typeof OPERATION_SETTINGS)[number];
/**
 * The settings each operation reads: any other one given is refused before anything is
 * sent, by every face, so a setting is never silently ignored (a `download` with
 * `account` saves nothing, and saying so beats a green step without the file).
 */
export declare const ACCEPTED_SETTINGS: Readonly<Record<OperationName, readonly OperationSetting[]>>;
/** The first of `given` that `operation` does not read, or null when all apply. */
export declare function findUnfitSetting(operation: OperationName, given: readonly OperationSetting[]): OperationSetting | null;
