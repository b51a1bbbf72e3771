import * as core from '@actions/core'
import { DEFAULTS, SETTING_LIMITS, parseWholeNumber } from '../core/validation/setting-limits.js'
import { createHash } from 'node:crypto'
import { readFileSync, statSync } from 'node:fs'
import { checkApiKey } from '../core/api/api-key.js'
import { DEFAULT_BASE_URL, parseBaseUrl } from '../core/api/base-url.js'
import { parseShard, selectShard, type Shard } from '../core/batch/batch-shard.js'
import { parseWebhookUrl } from '../core/api/webhook-url.js'
import type { SettingLabels } from '../core/api/setting-labels.js'
import { checkPollInterval } from '../core/api/wait-settings.js'
import { DEFAULT_MAX_DOWNLOAD_BYTES } from '../core/tasks/download.js'
import { parseDuration } from '../core/time/duration.js'
import { isValidIdempotencyKey, isValidTaskId } from '../core/api/identifiers.js'
import {
  OPERATION_NAMES,
  findOperationName,
  type OperationName
} from '../core/api/operation-names.js'
import { MAX_PAYLOAD_BYTES } from '../core/validation/validate.js'
import { CACHE_MODES, type CacheMode, type CacheOptions } from '../core/cache/types.js'
import type {
  ActionRequest,
  BatchSetting,
  IdempotencySetting,
  ReportOptions
} from './action-request.js'
import { EnvFallback, Inputs } from './constants.js'
import { InputError } from './input-error.js'
import { checkInputNames } from './input-names.js'
import { resolveInWorkspace } from './workspace-path.js'
import { clip } from '../core/api/clipped-text.js'

/** How the core's local checks name the settings here: by their input names. */
const SETTING_LABELS: SettingLabels = {
  apiKey: Inputs.ApiKey,
  baseUrl: Inputs.BaseUrl,
  webhookUrl: Inputs.WebhookUrl,
  waitTimeout: Inputs.WaitTimeout,
  pollInterval: Inputs.PollInterval
}

/** Defaults of the inputs whose action.yml default is empty (they fall back to env first). */
export const DEFAULT_REQUEST_TIMEOUT_MS = DEFAULTS.requestTimeoutMs
export const DEFAULT_MAX_RETRIES = DEFAULTS.maxRetries

// Accepted ranges: the same for both faces (src/core/setting-limits.ts).
const REQUEST_TIMEOUT_MS = SETTING_LIMITS.requestTimeoutMs
const MAX_RETRIES = SETTING_LIMITS.maxRetries
export const WAIT_TIMEOUT_MS = SETTING_LIMITS.waitTimeoutMs
export const POLL_INTERVAL_MS = SETTING_LIMITS.pollIntervalMs
const CONCURRENCY = SETTING_LIMITS.concurrency
export const DEFAULT_CONCURRENCY = DEFAULTS.concurrency
const MAX_BATCH_FILE_BYTES = DEFAULTS.batchFileBytes

/** Actions that create (or price) a generation, so they need a model and a payload. */
const NEEDS_PAYLOAD: readonly OperationName[] = ['run', 'createGeneration', 'quote']
const NEEDS_TASK_ID: readonly OperationName[] = ['getStatus', 'getTask', 'cancelTask']
/** `run` runs the batch; `account` checks its models against the key. */
const BATCH_ACTIONS: readonly OperationName[] = ['run', 'account', 'quote']

/**
 * The API key from `api-key`, else env AIVIDEO_API_KEY. Read first and on its own, so
 * the caller can mask it before anything else is logged.
 */
export function readApiKey(): string {
  return core.getInput(Inputs.ApiKey) || (process.env[EnvFallback.ApiKey] ?? '').trim()
}

/**
 * Reads and checks every input of the action: the only place that does. A bad value
 * throws an `InputError` (INVALID_INPUT, or INVALID_MODEL / INVALID_PAYLOAD for model
 * and payload problems) before anything is sent.
 */
export async function parseInputs(): Promise<ActionRequest> {
  const workspace = process.env.GITHUB_WORKSPACE || process.cwd()
  const action = parseAction(core.getInput(Inputs.Action))
  checkInputNames(action, process.env)
  const taskId = parseTaskId()
  const model = core.getInput(Inputs.Model)
  const payload = parsePayload(workspace)
  const batch = await parseBatch(workspace, action)
  if (batch === undefined) checkRequired(action, model, payload, taskId)
  else checkBatchAlone(action, model, payload, taskId)
  const { failOnError, summary } = readReportOptions(true)
  const baseUrl = parseBaseUrlInput()
  const { waitTimeoutMs, pollIntervalMs } = parseWaitInputs()
  return {
    action,
    model,
    payload,
    taskId,
    apiKey: parseApiKey(),
    baseUrl,
    requestTimeoutMs: integerOrEnv(
      Inputs.RequestTimeoutMs,
      EnvFallback.TimeoutMs,
      REQUEST_TIMEOUT_MS,
      DEFAULT_REQUEST_TIMEOUT_MS
    ),
    maxRetries: integerOrEnv(
      Inputs.MaxRetries,
      EnvFallback.MaxRetries,
      MAX_RETRIES,
      DEFAULT_MAX_RETRIES
    ),
    waitTimeoutMs,
    pollIntervalMs,
    idempotency: parseIdempotency(core.getInput(Inputs.IdempotencyKey)),
    maxCredits: optionalInteger(Inputs.MaxCredits, 0, Number.MAX_SAFE_INTEGER),
    webhookUrl: parseWebhookInput(baseUrl),
    download: batch === undefined ? parseDownload(workspace) : undefined,
    cancelOnAbort: booleanInput(Inputs.CancelOnAbort, true),
    failOnError,
    summary,
    batch,
    cache: parseCache(workspace),
    githubToken: core.getInput(Inputs.GithubToken) || undefined,
    commentOnPr: booleanInput(Inputs.CommentOnPr, false),
    // The default expression needs the runner; elsewhere (local runs) the job id stands in.
    commentKey: core.getInput(Inputs.CommentKey) || (process.env.GITHUB_JOB ?? '').trim(),
    artifactName: core.getInput(Inputs.ArtifactName) || undefined
  }
}

/**
 * `fail-on-error` and `summary`, for reporting a failure even when the other inputs could
 * not be parsed; a malformed value falls back to the default (true) there.
 */
export function parseReportOptions(): ReportOptions {
  return readReportOptions(false)
}

/** What the post step needs; it never fails the job, so bad values fall back to defaults. */
export interface PostInputs {
  apiKey: string
  baseUrl: string
  cancelOnAbort: boolean
  summary: boolean
  requestTimeoutMs: number
  maxRetries: number
}

export function parsePostInputs(): PostInputs {
  const lenient = <T>(read: () => T, fallback: T): T => {
    try {
      return read()
    } catch {
      return fallback
    }
  }
  return {
    apiKey: readApiKey(),
    baseUrl: lenient(parseBaseUrlInput, DEFAULT_BASE_URL),
    cancelOnAbort: lenient(() => booleanInput(Inputs.CancelOnAbort, true), true),
    summary: lenient(() => booleanInput(Inputs.Summary, true), true),
    requestTimeoutMs: lenient(
      () =>
        integerOrEnv(
          Inputs.RequestTimeoutMs,
          EnvFallback.TimeoutMs,
          REQUEST_TIMEOUT_MS,
          DEFAULT_REQUEST_TIMEOUT_MS
        ),
      DEFAULT_REQUEST_TIMEOUT_MS
    ),
    maxRetries: lenient(
      () =>
        integerOrEnv(Inputs.MaxRetries, EnvFallback.MaxRetries, MAX_RETRIES, DEFAULT_MAX_RETRIES),
      DEFAULT_MAX_RETRIES
    )
  }
}

function readReportOptions(strict: boolean): ReportOptions {
  const read = (name: Inputs): boolean => {
    try {
      return booleanInput(name, true)
    } catch (error) {
      if (strict) throw error
      return true
    }
  }
  return { failOnError: read(Inputs.FailOnError), summary: read(Inputs.Summary) }
}

function parseAction(text: string): OperationName {
  if (text === '') return 'run'
  const action = findOperationName(text)
  if (action === undefined) {
    throw InputError.of(
      'INVALID_INPUT',
      `action "${clip(text)}" is not one of ${OPERATION_NAMES.join(', ')}`
    )
  }
  return action
}

function parseTaskId(): string | undefined {
  const kebab = core.getInput(Inputs.TaskId)
  const alias = core.getInput(Inputs.TaskIdAlias)
  if (kebab !== '' && alias !== '' && kebab !== alias) {
    throw InputError.of(
      'INVALID_INPUT',
      `task-id and its alias taskId differ ("${clip(kebab)}" vs "${clip(alias)}"); set only one`
    )
  }
  const taskId = kebab || alias
  if (taskId === '') return undefined
  if (!isValidTaskId(taskId)) {
    throw InputError.of(
      'INVALID_INPUT',
      `task-id "${clip(taskId)}" is not valid: 1 to 128 letters, digits, "_" or "-"`
    )
  }
  return taskId
}

function parsePayload(workspace: string): unknown {
  const text = core.getInput(Inputs.Payload)
  const file = core.getInput(Inputs.PayloadFile)
  if (text !== '' && file !== '') {
    throw InputError.of(
      'INVALID_INPUT',
      'payload and payload-file are both set; give only one of them'
    )
  }
  if (text !== '') return parseJson(text, 'payload')
  if (file === '') return undefined
  const path = resolveInWorkspace(file, Inputs.PayloadFile, workspace)
  let size: number
  try {
    const stat = statSync(path)
    if (!stat.isFile())
      throw InputError.of('INVALID_INPUT', `payload-file "${clip(file)}" is not a file`)
    size = stat.size
  } catch (error) {
    if (error instanceof InputError) throw error
    throw InputError.of(
      'INVALID_INPUT',
      `payload-file "${clip(file)}" cannot be read (${errorText(error)})`
    )
  }
  // JSON whitespace may pad a file somewhat beyond what is sent; anything far larger is not a payload.
  if (size > MAX_PAYLOAD_BYTES + 1024 * 1024) {
    throw InputError.of(
      'INVALID_PAYLOAD',
      `payload-file "${clip(file)}" is ${size} bytes, over the 10 MB payload limit`
    )
  }
  return parseJson(readFileSync(path, 'utf8'), `payload-file "${clip(file)}"`)
}

function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch (error) {
    throw InputError.of(
      'INVALID_PAYLOAD',
      `${source} is not valid JSON (${errorText(error)}); pass one JSON object`
    )
  }
}

function checkRequired(
  action: OperationName,
  model: string,
  payload: unknown,
  taskId: string | undefined
): void {
  if (NEEDS_TASK_ID.includes(action) && taskId === undefined) {
    throw InputError.of('INVALID_INPUT', `action ${action} needs task-id`)
  }
  const resuming = action === 'run' && taskId !== undefined
  if (!NEEDS_PAYLOAD.includes(action) || resuming) return
  if (model === '') {
    throw InputError.of(
      'INVALID_MODEL',
      `action ${action} needs model${action === 'run' ? ' (or task-id to resume a task)' : ''}`
    )
  }
  if (payload === undefined) {
    throw InputError.of(
      'INVALID_PAYLOAD',
      `action ${action} needs payload or payload-file (a JSON object)`
    )
  }
}

function checkBatchAlone(
  action: OperationName,
  model: string,
  payload: unknown,
  taskId: string | undefined
): void {
  if (action !== 'run') return
  const single = [
    model !== '' ? Inputs.Model : null,
    payload !== undefined ? `${Inputs.Payload}/${Inputs.PayloadFile}` : null,
    taskId !== undefined ? Inputs.TaskId : null
  ].filter(name => name !== null)
  if (single.length > 0) {
    throw InputError.of(
      'INVALID_INPUT',
      `batch-file runs the jobs of the file, but ${single.join(', ')} ${single.length === 1 ? 'is' : 'are'} also set (they are for one job); set either batch-file or those`
    )
  }
}

function parseBaseUrlInput(): string {
  const text =
    core.getInput(Inputs.BaseUrl) ||
    (process.env[EnvFallback.BaseUrl] ?? '').trim() ||
    DEFAULT_BASE_URL
  const parsed = parseBaseUrl(text, SETTING_LABELS, readApiKey())
  if (!parsed.ok) throw new InputError('INVALID_INPUT', parsed.errorMessage)
  return parsed.url
}

/**
 * `wait-timeout` and `poll-interval`, refused together when the interval outlasts the
 * deadline (the core's rule). The runner sets action.yml's default whether or not the
 * workflow names the input, so only an interval other than the default counts as given
 * (and is passed on: the core's default is the same 5s).
 */
function parseWaitInputs(): { waitTimeoutMs: number; pollIntervalMs: number | undefined } {
  const waitTimeoutMs = durationInput(Inputs.WaitTimeout, DEFAULTS.waitTimeout, WAIT_TIMEOUT_MS)
  const interval = durationInput(Inputs.PollInterval, DEFAULTS.pollInterval, POLL_INTERVAL_MS)
  const isGiven = ![DEFAULTS.pollInterval, ''].includes(core.getInput(Inputs.PollInterval))
  const pollIntervalMs = isGiven ? interval : undefined
  const refusal = checkPollInterval(waitTimeoutMs, pollIntervalMs, SETTING_LABELS)
  if (refusal !== null) throw new InputError('INVALID_INPUT', refusal.errorMessage)
  return { waitTimeoutMs, pollIntervalMs }
}

/** The key, refused at once when no HTTP header could carry it (the message hides it). */
function parseApiKey(): string {
  const key = readApiKey()
  const refusal = checkApiKey(key, SETTING_LABELS)
  if (refusal) throw new InputError('INVALID_INPUT', refusal.errorMessage)
  return key
}

function parseWebhookInput(baseUrl: string): string | undefined {
  const text = core.getInput(Inputs.WebhookUrl)
  if (text === '') return undefined
  const parsed = parseWebhookUrl(text, baseUrl, SETTING_LABELS)
  if (!parsed.ok) throw new InputError('INVALID_INPUT', parsed.errorMessage)
  return parsed.url
}

function parseIdempotency(text: string): IdempotencySetting {
  const lower = text.toLowerCase()
  if (text === '' || lower === 'auto') return { mode: 'auto' }
  if (lower === 'none') return { mode: 'none' }
  if (lower === 'content') {
    // The scope of content keys: runs of one repository share them, no other's do.
    const repository = (process.env.GITHUB_REPOSITORY ?? '').trim()
    if (repository === '') {
      throw InputError.of(
        'INVALID_INPUT',
        'idempotency-key content scopes its keys by the repository, but GITHUB_REPOSITORY is not set; use auto outside a workflow run'
      )
    }
    return { mode: 'content', scope: repository }
  }
  if (!isValidIdempotencyKey(text)) {
    throw InputError.of(
      'INVALID_INPUT',
      'idempotency-key must be auto, content, none, or 8 to 128 printable characters without spaces'
    )
  }
  return { mode: 'explicit', key: text }
}

/** The `download` input, and its cap `download-max-bytes` (checked even when it is empty). */
function readDownloadInputs(): { text: string; maxBytes: number } {
  const text = core.getInput(Inputs.Download)
  const maxBytes =
    optionalInteger(Inputs.DownloadMaxBytes, 1, Number.MAX_SAFE_INTEGER) ??
    DEFAULT_MAX_DOWNLOAD_BYTES
  return { text, maxBytes }
}

function parseDownload(workspace: string): ActionRequest['download'] {
  const { text, maxBytes } = readDownloadInputs()
  if (text === '') return undefined
  if (/[\\/]$/.test(text)) {
    throw InputError.of(
      'INVALID_INPUT',
      `download "${clip(text)}" names a directory; give a file path such as out/video.mp4`
    )
  }
  const path = resolveInWorkspace(text, Inputs.Download, workspace)
  let isDirectory = false
  try {
    isDirectory = statSync(path).isDirectory()
  } catch {
    // Not there yet: the usual case.
  }
  if (isDirectory) {
    throw InputError.of(
      'INVALID_INPUT',
      `download "${clip(text)}" is a directory; give a file path such as out/video.mp4`
    )
  }
  return { path, maxBytes }
}

/** `cache-dir` (a folder inside the workspace), `cache-mode` and `cache-max-bytes`. */
function parseCache(workspace: string): CacheOptions {
  const modeText = core.getInput(Inputs.CacheMode)
  const mode = modeText === '' ? 'read-write' : modeText.toLowerCase()
  if (!CACHE_MODES.includes(mode as CacheMode)) {
    throw InputError.of(
      'INVALID_INPUT',
      `cache-mode "${clip(modeText)}" is not one of ${CACHE_MODES.join(', ')}`
    )
  }
  const maxBytes = optionalInteger(Inputs.CacheMaxBytes, 1, Number.MAX_SAFE_INTEGER)
  const text = core.getInput(Inputs.CacheDir)
  if (text === '') return {}
  const dir = resolveInWorkspace(text, Inputs.CacheDir, workspace)
  if (isExistingNonFolder(dir)) {
    throw InputError.of(
      'INVALID_INPUT',
      `cache-dir "${clip(text)}" is a file; it names a folder, e.g. .aivideomaker-cache`
    )
  }
  return { cacheDir: dir, cacheMode: mode as CacheMode, cacheMaxBytes: maxBytes }
}

async function parseBatch(
  workspace: string,
  action: OperationName
): Promise<BatchSetting | undefined> {
  const text = core.getInput(Inputs.BatchFile)
  const concurrency =
    optionalInteger(Inputs.Concurrency, CONCURRENCY.min, CONCURRENCY.max) ?? DEFAULT_CONCURRENCY
  const maxTotalCredits = optionalInteger(Inputs.MaxTotalCredits, 0, Number.MAX_SAFE_INTEGER)
  const continueOnInvalid = booleanInput(Inputs.ContinueOnInvalid, false)
  const shard = parseShardInput()
  if (text === '') {
    if (shard !== undefined)
      throw InputError.of('INVALID_INPUT', 'shard splits a batch-file; set batch-file too')
    return undefined
  }
  if (!BATCH_ACTIONS.includes(action)) {
    throw InputError.of(
      'INVALID_INPUT',
      `batch-file works with action run, quote (to price the batch) or account (to check its models), not ${action}`
    )
  }
  const file = resolveInWorkspace(text, Inputs.BatchFile, workspace)
  const bytes = readInputFile(file, `batch-file "${clip(text)}"`, MAX_BATCH_FILE_BYTES)
  // Loaded only for a batch: it brings the YAML parser, which a plain run never needs.
  const { parseBatchFile } = await import('../core/batch/batch-file.js')
  const parsed = parseBatchFile(bytes.toString('utf8').replace(/^\uFEFF/, ''), text)
  if (!parsed.ok) throw new InputError('INVALID_INPUT', parsed.errorMessage)
  return {
    file,
    fileName: text,
    items: shard === undefined ? parsed.items : selectShard(parsed.items, shard),
    contentHash: createHash('sha256').update(bytes).digest('hex'),
    concurrency,
    continueOnInvalid,
    maxTotalCredits,
    download: parseDownloadDir(workspace)
  }
}

function parseShardInput(): Shard | undefined {
  const text = core.getInput(Inputs.Shard)
  if (text === '') return undefined
  const parsed = parseShard(text)
  if (!parsed.ok) throw InputError.of('INVALID_INPUT', `shard "${clip(text)}" ${parsed.problem}`)
  return parsed.shard
}

/** True when `path` exists and is not a folder; a path not there yet is made when needed. */
function isExistingNonFolder(path: string): boolean {
  try {
    return !statSync(path).isDirectory()
  } catch {
    return false
  }
}

/** Batch mode: `download` names a directory; each video becomes `<dir>/<name>.mp4`. */
function parseDownloadDir(workspace: string): BatchSetting['download'] {
  const { text, maxBytes } = readDownloadInputs()
  if (text === '') return undefined
  const dir = resolveInWorkspace(text, Inputs.Download, workspace)
  if (isExistingNonFolder(dir)) {
    throw InputError.of(
      'INVALID_INPUT',
      `download "${clip(text)}" is a file, but with batch-file it names a directory (each video is saved as <directory>/<name>.mp4), e.g. out/videos`
    )
  }
  return { dir, maxBytes }
}

/** Reads a file input, refusing what is not a file or is far larger than it should be. */
function readInputFile(path: string, shown: string, maxBytes: number): Buffer {
  try {
    const stat = statSync(path)
    if (!stat.isFile()) throw InputError.of('INVALID_INPUT', `${shown} is not a file`)
    if (stat.size > maxBytes) {
      throw InputError.of(
        'INVALID_INPUT',
        `${shown} is ${stat.size} bytes, over the ${maxBytes / 1024 / 1024} MiB limit; split it across several jobs`
      )
    }
    return readFileSync(path)
  } catch (error) {
    if (error instanceof InputError) throw error
    throw InputError.of('INVALID_INPUT', `${shown} cannot be read (${errorText(error)})`)
  }
}

function booleanInput(name: Inputs, fallback: boolean): boolean {
  if (core.getInput(name) === '') return fallback
  try {
    return core.getBooleanInput(name)
  } catch {
    throw InputError.of(
      'INVALID_INPUT',
      `${name} must be true or false (got "${clip(core.getInput(name))}")`
    )
  }
}

function durationInput(
  name: Inputs,
  fallback: string,
  range: { min: number; max: number }
): number {
  const text = core.getInput(name) || fallback
  const ms = parseDuration(text)
  const shown = `${name} "${clip(text)}"`
  if (ms === null) {
    throw InputError.of(
      'INVALID_INPUT',
      `${shown} is not a duration: write e.g. 250ms, 90s, 30m or 1h (a bare number is seconds)`
    )
  }
  if (ms < range.min || ms > range.max) {
    throw InputError.of(
      'INVALID_INPUT',
      `${shown} is out of range: from ${formatRange(range.min)} to ${formatRange(range.max)}`
    )
  }
  return ms
}

function integerOrEnv(
  name: Inputs,
  env: EnvFallback,
  range: { min: number; max: number },
  fallback: number
): number {
  const fromInput = core.getInput(name)
  const text = fromInput || (process.env[env] ?? '').trim()
  if (text === '') return fallback
  return parseInteger(fromInput ? name : `${name} (from env ${env})`, text, range.min, range.max)
}

function optionalInteger(name: Inputs, min: number, max: number): number | undefined {
  const text = core.getInput(name)
  return text === '' ? undefined : parseInteger(name, text, min, max)
}

function parseInteger(name: string, text: string, min: number, max: number): number {
  const value = parseWholeNumber(text, { min, max })
  if (value === null) {
    const range = max === Number.MAX_SAFE_INTEGER ? `${min} or more` : `from ${min} to ${max}`
    throw InputError.of(
      'INVALID_INPUT',
      `${name} must be a whole number, ${range} (got "${clip(text)}")`
    )
  }
  return value
}

function formatRange(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`
  if (ms % 60_000 === 0) return `${ms / 60_000}m`
  if (ms % 1000 === 0) return `${ms / 1000}s`
  return `${ms}ms`
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
