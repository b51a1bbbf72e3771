import { stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import { parseBatchFile } from '../core/batch/batch-file.js'
import { selectShard } from '../core/batch/batch-shard.js'
import {
  validateBatch,
  type BatchItem,
  type BatchValidation
} from '../core/batch/batch-validation.js'
import type { CliArgs } from './args.js'
import { readInputFile, readStdin, type PayloadSource } from './payload.js'
import { UsageError } from './usage-error.js'
import { DEFAULTS } from '../core/validation/setting-limits.js'

/** A batch read from its file and checked locally; nothing has been sent. */
export interface BatchJob {
  /** How messages name the file: the path as given, or `standard input`. */
  source: string
  /** The jobs (the core gives each `--max-credits` as its cap unless it has its own). */
  items: BatchItem[]
  validation: BatchValidation
  concurrency: number
  continueOnInvalid: boolean
  maxTotalCredits?: number
  /** Absolute directory for `<name>.mp4`. */
  downloadDir?: string
  /** True with `--idempotency-key`: the jobs' keys let a re-run replay their tasks. */
  keyed: boolean
}

const MAX_BATCH_FILE_BYTES = DEFAULTS.batchFileBytes

const HELP_HINT = '--help --action run'

/**
 * Reads `--batch` (that one file and no other, or standard input for `-`), parses it as
 * JSON or YAML, and validates every job. A UsageError (exit 2, nothing sent) when the
 * file cannot be read or parsed, or when `--download` names something other than a
 * directory; invalid jobs are reported by the core's batch envelope (exit 2 too).
 */
export async function prepareBatch(
  args: CliArgs & { batch: string },
  source: PayloadSource
): Promise<BatchJob> {
  const fromStdin = args.batch === '-'
  const shown = fromStdin ? 'standard input' : args.batch
  const text = fromStdin
    ? await readStdin(source, MAX_BATCH_FILE_BYTES, '--batch -', 'the batch file')
    : await readBatchFile(resolve(source.cwd, args.batch), args.batch)
  const parsed = parseBatchFile(text.replace(/^\uFEFF/, ''), shown)
  if (!parsed.ok)
    throw new UsageError(parsed.errorMessage, { isActionable: true, helpHint: HELP_HINT })
  const items = args.shard === undefined ? parsed.items : selectShard(parsed.items, args.shard)
  // An invalid job is the core's to report (the batch envelope, nothing sent); the exit
  // code stays a usage error's (see main.ts).
  const validation = validateBatch(items)
  return {
    source: shown,
    items,
    validation,
    concurrency: args.concurrency ?? DEFAULTS.concurrency,
    continueOnInvalid: args.continueOnInvalid,
    maxTotalCredits: args.maxTotalCredits,
    downloadDir:
      args.download === undefined ? undefined : await checkDownloadDir(args.download, source.cwd),
    keyed: args.idempotencyKey !== undefined
  }
}

function readBatchFile(fullPath: string, shown: string): Promise<string> {
  const origin = `--batch ${shown}`
  return readInputFile(
    fullPath,
    origin,
    MAX_BATCH_FILE_BYTES,
    () =>
      new UsageError(
        `${origin} is larger than ${MAX_BATCH_FILE_BYTES} bytes; pass images as https:// URLs, or split the batch`
      )
  )
}

/** In batch mode `--download` is a directory: it may not exist yet, but it may not be a file. */
async function checkDownloadDir(path: string, cwd: string): Promise<string> {
  const full = resolve(cwd, path)
  const isFile = await stat(full).then(
    info => !info.isDirectory(),
    () => false
  )
  if (isFile) {
    throw new UsageError(
      `--download "${path}" is a file; with --batch it names a directory, and each video is saved as <directory>/<name>.mp4`,
      { helpHint: HELP_HINT }
    )
  }
  return full
}
