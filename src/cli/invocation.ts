import { stat } from 'node:fs/promises'
import { resolve, sep } from 'node:path'
import { checkApiKey } from '../core/api/api-key.js'
import { parseBaseUrl } from '../core/api/base-url.js'
import type { SettingLabels } from '../core/api/setting-labels.js'
import { parseWebhookUrl } from '../core/api/webhook-url.js'
import { checkPollInterval } from '../core/api/wait-settings.js'
import { DEFAULTS } from '../core/validation/setting-limits.js'
import type { CacheOptions } from '../core/cache/types.js'
import type { IdempotencySetting } from '../core/run/types.js'
import type { OperationName } from '../core/api/operation-names.js'
import { validateRequest } from '../core/validation/validate.js'
import type { CliArgs } from './args.js'
import { prepareBatch, type BatchJob } from './batch-input.js'
import { ENV, type CliEnv } from './env.js'
import { readPayload, type PayloadSource } from './payload.js'
import { UsageError } from './usage-error.js'

/** One checked command: what to call, with which values. Nothing here has been sent. */
export interface Invocation {
  action: OperationName
  baseUrl: string
  model?: string
  payload?: unknown
  taskId?: string
  waitTimeoutMs?: number
  pollIntervalMs?: number
  /** Absolute path. */
  download?: string
  /**
   * `--idempotency-key`: `auto`, `content` (scoped by `--key-scope`) or a key; the core
   * derives `auto` and `content` (see operation-key.ts).
   */
  idempotency?: IdempotencySetting
  maxCredits?: number
  webhookUrl?: string
  /** `--batch`: run every job of the file instead of one. */
  batch?: BatchJob
  /** `--cache-dir` (absolute), `--cache-mode`, `--cache-max-bytes`. */
  cache: CacheOptions
}

const ACTIONS_WITH_PAYLOAD: readonly OperationName[] = ['run', 'createGeneration', 'quote']

/**
 * Completes the parsed flags with the environment and the payload, and checks everything
 * that can be checked locally — base URL, payload JSON, model and payload against the
 * model's schema, download path, every job of a batch file — so a usage error (exit 2)
 * never costs a request.
 */
export async function prepareInvocation(
  args: CliArgs,
  env: CliEnv,
  source: PayloadSource
): Promise<Invocation> {
  const labels = settingLabels(args)
  const base = parseBaseUrl(args.baseUrl ?? env.baseUrl, labels, env.apiKey)
  if (!base.ok) throw new UsageError(base.errorMessage, { isActionable: true })
  const badKey = checkApiKey(env.apiKey, labels)
  if (badKey) throw new UsageError(badKey.errorMessage, { isActionable: true })
  const webhook =
    args.webhookUrl === undefined ? undefined : parseWebhookUrl(args.webhookUrl, base.url, labels)
  if (webhook?.ok === false) throw new UsageError(webhook.errorMessage, { isActionable: true })
  const pollRefusal = checkPollInterval(
    args.waitTimeoutMs ?? DEFAULTS.waitTimeoutMs,
    args.pollIntervalMs,
    labels
  )
  if (pollRefusal) throw new UsageError(pollRefusal.errorMessage, { isActionable: true })
  const invocation: Invocation = {
    action: args.action,
    baseUrl: base.url,
    model: args.model,
    taskId: args.taskId,
    waitTimeoutMs: args.waitTimeoutMs,
    pollIntervalMs: args.pollIntervalMs,
    maxCredits: args.maxCredits,
    webhookUrl: webhook?.url,
    idempotency: idempotencyOf(args),
    cache: await checkCacheDir(args, source.cwd)
  }
  if (args.batch !== undefined) {
    invocation.batch = await prepareBatch({ ...args, batch: args.batch }, source)
    return invocation
  }
  if (args.payload !== undefined) invocation.payload = await readPayload(args.payload, source)
  if (ACTIONS_WITH_PAYLOAD.includes(args.action) && args.model !== undefined) {
    const checked = validateRequest(args.model, invocation.payload)
    if (!checked.ok) {
      throw new UsageError(checked.errorMessage, {
        errorCode: checked.errorCode,
        isActionable: true
      })
    }
  }
  if (args.download !== undefined)
    invocation.download = await checkDownloadPath(args.download, source.cwd)
  return invocation
}

function idempotencyOf(args: CliArgs): IdempotencySetting | undefined {
  switch (args.idempotencyKey) {
    case undefined:
      return undefined
    case 'auto':
      return { mode: 'auto' }
    case 'content':
      return { mode: 'content', scope: args.keyScope ?? '' }
    default:
      return { mode: 'explicit', key: args.idempotencyKey }
  }
}

/** How the core's local checks name the settings here: the flag or variable that gave them. */
function settingLabels(args: CliArgs): SettingLabels {
  return {
    apiKey: ENV.apiKey,
    baseUrl: args.baseUrl !== undefined ? '--base-url' : ENV.baseUrl,
    webhookUrl: '--webhook-url',
    waitTimeout: '--wait-timeout',
    pollInterval: '--poll-interval'
  }
}

/** `--cache-dir` names a folder (made with the first entry); a file there is refused. */
async function checkCacheDir(args: CliArgs, cwd: string): Promise<CacheOptions> {
  if (args.cacheDir === undefined) return {}
  const dir = resolve(cwd, args.cacheDir)
  const isFile = await stat(dir).then(
    info => !info.isDirectory(),
    () => false
  )
  if (isFile) {
    throw new UsageError(
      `--cache-dir "${args.cacheDir}" is a file; give a folder, e.g. --cache-dir .video-cache`,
      {
        helpHint: '--help --action run'
      }
    )
  }
  return { cacheDir: dir, cacheMode: args.cacheMode, cacheMaxBytes: args.cacheMaxBytes }
}

async function checkDownloadPath(path: string, cwd: string): Promise<string> {
  const full = resolve(cwd, path)
  const looksLikeDirectory = path.endsWith('/') || path.endsWith(sep)
  const isDirectory =
    looksLikeDirectory ||
    (await stat(full).then(
      info => info.isDirectory(),
      () => false
    ))
  if (isDirectory) {
    throw new UsageError(
      `--download "${path}" is a directory; give a file path, e.g. --download ${path.replace(/[/\\]+$/, '')}/video.mp4`,
      { helpHint: '--help --action run' }
    )
  }
  return full
}
