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
import { UsageError, type UsageErrorCode } from './usage-error.js'

/** A batch read from its file and checked locally; nothing has been sent. */
export interface BatchJob {
  /** How messages name the file: the path as given, or `standard input`. */
  source: string
  /** The jobs, each with `--max-credits` as its cap unless it has its own. */
  items: BatchItem[]
  validation: BatchValidation
  concurrency: number
  continueOnInvalid: boolean
  maxTotalCredits?: number
  /** Absolute directory for `<name>.mp4`. */
  downloadDir?: string
  /** Base of the jobs' Idempotency-Keys; undefined: a random one for this run only. */
  idempotencyKeyBase?: string
  /** `--idempotency-key content --key-scope <scope>`: each job's key from its request. */
  contentKeyScope?: string
}

export const DEFAULT_CONCURRENCY = 4

/**
 * `--idempotency-key auto` for a batch: one fixed base, so each job's key depends on the
 * job alone (name, model, payload). Re-running the same batch replays its tasks, and so
 * does re-running it after one job was edited, for every job but that one.
 */
export const AUTO_KEY_BASE = 'aivideomaker-cli-batch'

/** Far above any sensible batch (1000 jobs); images belong in URLs, not data: URIs. */
const MAX_BATCH_FILE_BYTES = 64 * 1024 * 1024

const USAGE_CODES: readonly UsageErrorCode[] = ['INVALID_INPUT', 'INVALID_MODEL', 'INVALID_PAYLOAD']

const HELP_HINT = '--help --action run'

/**
 * Reads `--batch` (that one file and no other, or standard input for `-`), parses it as
 * JSON or YAML, and validates every job. A UsageError (exit 2, nothing sent) when the
 * file cannot be read or parsed, when a job is invalid (unless `--continue-on-invalid`),
 * or when `--download` names something other than a directory.
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
  const mine = args.shard === undefined ? parsed.items : selectShard(parsed.items, args.shard)
  const items = mine.map(item =>
    item.maxCredits === undefined && args.maxCredits !== undefined
      ? { ...item, maxCredits: args.maxCredits }
      : item
  )
  const validation = validateBatch(items)
  if (!validation.ok && !args.continueOnInvalid) {
    const code = validation.errorCode
    throw new UsageError(
      `Batch file ${shown}: ${validation.errorMessage}. Nothing was sent: fix these jobs, or add --continue-on-invalid to send the valid ones`,
      {
        errorCode:
          code !== null && USAGE_CODES.includes(code as UsageErrorCode)
            ? (code as UsageErrorCode)
            : 'INVALID_INPUT',
        isActionable: true,
        helpHint: HELP_HINT
      }
    )
  }
  return {
    source: shown,
    items,
    validation,
    concurrency: args.concurrency ?? DEFAULT_CONCURRENCY,
    continueOnInvalid: args.continueOnInvalid,
    maxTotalCredits: args.maxTotalCredits,
    downloadDir:
      args.download === undefined ? undefined : await checkDownloadDir(args.download, source.cwd),
    idempotencyKeyBase:
      args.idempotencyKey === 'auto'
        ? AUTO_KEY_BASE
        : args.idempotencyKey === 'content'
          ? undefined
          : args.idempotencyKey,
    contentKeyScope: args.idempotencyKey === 'content' ? args.keyScope : undefined
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
