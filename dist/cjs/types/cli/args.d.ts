import { type OperationName } from '../core/api/operation-names.js';
import { type Shard } from '../core/batch/batch-shard.js';
import { type CacheMode } from '../core/cache/types.js';
/** The command line, parsed and checked: everything a run needs except the environment. */
export interface CliArgs {
    action: OperationName;
    model?: string;
    /** As given: JSON text, `@path` or `-` (stdin); read by payload.ts. */
    payload?: string;
    taskId?: string;
    baseUrl?: string;
    waitTimeoutMs?: number;
    pollIntervalMs?: number;
    download?: string;
    /**
     * An explicit key, or `auto` (derived from model and payload). With `--batch`: the base
     * of every job's key, or `auto`.
     */
    idempotencyKey?: string;
    maxCredits?: number;
    webhookUrl?: string;
    /** `--batch`: the batch file's path as given, or `-` (stdin); read by batch-input.ts. */
    batch?: string;
    /** `--concurrency`: creations in flight in a batch, 1 to 20. */
    concurrency?: number;
    continueOnInvalid: boolean;
    maxTotalCredits?: number;
    /** `--shard i/n`: run only the batch items whose position modulo n is i (i from 0). */
    shard?: Shard;
    /** `--cache-dir`: the result cache folder, as given. */
    cacheDir?: string;
    cacheMode?: CacheMode;
    cacheMaxBytes?: number;
    /** `--key-scope`: the scope of `--idempotency-key content`. */
    keyScope?: string;
    quiet: boolean;
    json: boolean;
    help: boolean;
    /** `--help --action <name>`: help for that action. */
    helpAction?: OperationName;
    version: boolean;
}
/**
 * Limits that catch typos (`--poll-interval 5ms`, `--wait-timeout 30d`) before anything
 * runs; shared with the action's inputs (src/core/setting-limits.ts).
 */
export declare const DURATION_LIMITS: {
    readonly 'wait-timeout': {
        readonly range: "from 100ms to 24h";
        readonly min: 100;
        readonly max: number;
        readonly words: "from 100ms to 24h";
    };
    readonly 'poll-interval': {
        readonly range: "from 100ms to 10m";
        readonly min: 100;
        readonly max: number;
        readonly words: "from 100ms to 10m";
    };
};
/**
 * Parses the argument list (without `node` and the script) with node:util's parseArgs.
 * Throws a UsageError for an unknown flag, a missing value, a flag given twice (in either
 * spelling), a bad duration or number, an unknown action, a flag the action does not
 * read, or a missing required flag. `--help` and `--version` skip the per-action checks.
 */
export declare function parseCliArgs(argv: readonly string[]): CliArgs;
