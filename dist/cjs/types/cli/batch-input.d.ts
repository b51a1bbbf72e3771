import { type BatchItem, type BatchValidation } from '../core/batch/batch-validation.js';
import type { CliArgs } from './args.js';
import { type PayloadSource } from './payload.js';
/** A batch read from its file and checked locally; nothing has been sent. */
export interface BatchJob {
    /** How messages name the file: the path as given, or `standard input`. */
    source: string;
    /** The jobs, each with `--max-credits` as its cap unless it has its own. */
    items: BatchItem[];
    validation: BatchValidation;
    concurrency: number;
    continueOnInvalid: boolean;
    maxTotalCredits?: number;
    /** Absolute directory for `<name>.mp4`. */
    downloadDir?: string;
    /** Base of the jobs' Idempotency-Keys; undefined: a random one for this run only. */
    idempotencyKeyBase?: string;
    /** `--idempotency-key content --key-scope <scope>`: each job's key from its request. */
    contentKeyScope?: string;
}
export declare const DEFAULT_CONCURRENCY = 4;
/**
 * `--idempotency-key auto` for a batch: one fixed base, so each job's key depends on the
 * job alone (name, model, payload). Re-running the same batch replays its tasks, and so
 * does re-running it after one job was edited, for every job but that one.
 */
export declare const AUTO_KEY_BASE = "aivideomaker-cli-batch";
/**
 * Reads `--batch` (that one file and no other, or standard input for `-`), parses it as
 * JSON or YAML, and validates every job. A UsageError (exit 2, nothing sent) when the
 * file cannot be read or parsed, when a job is invalid (unless `--continue-on-invalid`),
 * or when `--download` names something other than a directory.
 */
export declare function prepareBatch(args: CliArgs & {
    batch: string;
}, source: PayloadSource): Promise<BatchJob>;
