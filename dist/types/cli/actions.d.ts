import type { OperationName } from '../core/api/operation-names.js';
/** Flags that change what an action does (the rest — base-url, quiet, json — apply to all). */
export declare const ACTION_FLAGS: readonly ["model", "payload", "task-id", "wait-timeout", "poll-interval", "download", "idempotency-key", "max-credits", "webhook-url", "batch", "concurrency", "continue-on-invalid", "max-total-credits", "shard", "cache-dir", "cache-mode", "cache-max-bytes", "key-scope"];
export type ActionFlag = (typeof ACTION_FLAGS)[number];
/** Action flags that take no value. */
export declare const BOOLEAN_ACTION_FLAGS: readonly ActionFlag[];
/** Flags that only make sense with `--batch` (run reads them from nowhere else). */
export declare const BATCH_ONLY_FLAGS: readonly ["concurrency", "continue-on-invalid", "max-total-credits", "shard"];
export interface ActionSpec {
    name: OperationName;
    summary: string;
    /** Command lines after the program name, for `--help --action <name>`. */
    usage: readonly string[];
    /** Flags the action cannot run without (run checks its own either/or rule). */
    needs: readonly ActionFlag[];
    /** Every flag the action reads; any other action flag is a usage error, never ignored. */
    accepts: readonly ActionFlag[];
    /** Longer description for `--help --action <name>`. */
    details: readonly string[];
    examples: readonly string[];
}
export declare const ACTIONS: Readonly<Record<OperationName, ActionSpec>>;
