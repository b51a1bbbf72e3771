import type { CacheOptions } from '../core/cache/types.js';
import type { IdempotencySetting } from '../core/run/types.js';
import type { OperationName } from '../core/api/operation-names.js';
import type { CliArgs } from './args.js';
import { type BatchJob } from './batch-input.js';
import { type CliEnv } from './env.js';
import { type PayloadSource } from './payload.js';
/** One checked command: what to call, with which values. Nothing here has been sent. */
export interface Invocation {
    action: OperationName;
    baseUrl: string;
    model?: string;
    payload?: unknown;
    taskId?: string;
    waitTimeoutMs?: number;
    pollIntervalMs?: number;
    /** Absolute path. */
    download?: string;
    /**
     * `--idempotency-key`: `auto`, `content` (scoped by `--key-scope`) or a key; the core
     * derives `auto` and `content` (see operation-key.ts).
     */
    idempotency?: IdempotencySetting;
    maxCredits?: number;
    webhookUrl?: string;
    /** `--batch`: run every job of the file instead of one. */
    batch?: BatchJob;
    /** `--cache-dir` (absolute), `--cache-mode`, `--cache-max-bytes`. */
    cache: CacheOptions;
}
/**
 * Completes the parsed flags with the environment and the payload, and checks everything
 * that can be checked locally — base URL, payload JSON, model and payload against the
 * model's schema, download path, every job of a batch file — so a usage error (exit 2)
 * never costs a request.
 */
export declare function prepareInvocation(args: CliArgs, env: CliEnv, source: PayloadSource): Promise<Invocation>;
