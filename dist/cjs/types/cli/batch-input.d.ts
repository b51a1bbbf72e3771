import { type BatchItem, type BatchValidation } from '../core/batch/batch-validation.js';
import type { CliArgs } from './args.js';
import { type PayloadSource } from './payload.js';
/** A batch read from its file and checked locally; nothing has been sent. */
export interface BatchJob {
    /** How messages name the file: the path as given, or `standard input`. */
    source: string;
    /** The jobs (the core gives each `--max-credits` as its cap unless it has its own). */
    items: BatchItem[];
    validation: BatchValidation;
    concurrency: number;
    continueOnInvalid: boolean;
    maxTotalCredits?: number;
    /** Absolute directory for `<name>.mp4`. */
    downloadDir?: string;
    /** True with `--idempotency-key`: the jobs' keys let a re-run replay their tasks. */
    keyed: boolean;
}
/**
 * Reads `--batch` (that one file and no other, or standard input for `-`), parses it as
 * JSON or YAML, and validates every job. A UsageError (exit 2, nothing sent) when the
 * file cannot be read or parsed, or when `--download` names something other than a
 * directory; invalid jobs are reported by the core's batch envelope (exit 2 too).
 */
export declare function prepareBatch(args: CliArgs & {
    batch: string;
}, source: PayloadSource): Promise<BatchJob>;
