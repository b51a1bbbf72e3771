import { parseArgs, type ParseArgsConfig } from 'node:util'
import { SETTING_LIMITS, parseWholeNumber } from '../core/validation/setting-limits.js'
import { parseDuration } from '../core/time/duration.js'
import { isValidIdempotencyKey, isValidTaskId } from '../core/api/identifiers.js'
import {
  OPERATION_NAMES,
  findOperationName,
  isOperationName,
  type OperationName
} from '../core/api/operation-names.js'
import {
  ACTIONS,
  ACTION_FLAGS,
  BATCH_ONLY_FLAGS,
  BOOLEAN_ACTION_FLAGS,
  type ActionFlag
} from './actions.js'
import { UsageError } from './usage-error.js'
import { parseShard, type Shard } from '../core/batch/batch-shard.js'
import { CACHE_MODES, type CacheMode } from '../core/cache/types.js'
import { suggestNames } from '../core/validation/field-suggestion.js'
import { clip } from '../core/api/clipped-text.js'

/** The command line, parsed and checked: everything a run needs except the environment. */
export interface CliArgs {
  action: OperationName
  model?: string
  /** As given: JSON text, `@path` or `-` (stdin); read by payload.ts. */
  payload?: string
  taskId?: string
  baseUrl?: string
  waitTimeoutMs?: number
  pollIntervalMs?: number
  download?: string
  /**
   * An explicit key, or `auto` (derived from model and payload). With `--batch`: the base
   * of every job's key, or `auto`.
   */
  idempotencyKey?: string
  maxCredits?: number
  webhookUrl?: string
  /** `--batch`: the batch file's path as given, or `-` (stdin); read by batch-input.ts. */
  batch?: string
  /** `--concurrency`: creations in flight in a batch, 1 to 20. */
  concurrency?: number
  continueOnInvalid: boolean
  maxTotalCredits?: number
  /** `--shard i/n`: run only the batch items whose position modulo n is i (i from 0). */
  shard?: Shard
  /** `--cache-dir`: the result cache folder, as given. */
  cacheDir?: string
  cacheMode?: CacheMode
  cacheMaxBytes?: number
  /** `--key-scope`: the scope of `--idempotency-key content`. */
  keyScope?: string
  quiet: boolean
  json: boolean
  help: boolean
  /** `--help --action <name>`: help for that action. */
  helpAction?: OperationName
  version: boolean
}

const STRING_FLAGS = [
  'action',
  'base-url',
  ...ACTION_FLAGS.filter(flag => !BOOLEAN_ACTION_FLAGS.includes(flag))
] as const
type StringFlag = (typeof STRING_FLAGS)[number]

const BOOLEAN_FLAGS = {
  quiet: 'q',
  json: undefined,
  help: 'h',
  version: undefined,
  'continue-on-invalid': undefined
} as const
type BooleanFlag = keyof typeof BOOLEAN_FLAGS

const CONCURRENCY_RANGE = SETTING_LIMITS.concurrency

/**
 * Limits that catch typos (`--poll-interval 5ms`, `--wait-timeout 30d`) before anything
 * runs; shared with the action's inputs (src/core/setting-limits.ts).
 */
export const DURATION_LIMITS = {
  'wait-timeout': { ...SETTING_LIMITS.waitTimeoutMs, range: SETTING_LIMITS.waitTimeoutMs.words },
  'poll-interval': { ...SETTING_LIMITS.pollIntervalMs, range: SETTING_LIMITS.pollIntervalMs.words }
} as const

/** `task-id` -> `taskId`: the seed's spelling, accepted for every multi-word flag. */
function camelCase(flag: string): string {
  return flag.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase())
}

function buildOptions(): NonNullable<ParseArgsConfig['options']> {
  const options: NonNullable<ParseArgsConfig['options']> = {}
  for (const flag of STRING_FLAGS) {
    options[flag] = { type: 'string' }
    if (flag.includes('-')) options[camelCase(flag)] = { type: 'string' }
  }
  for (const [flag, short] of Object.entries(BOOLEAN_FLAGS)) {
    options[flag] = short === undefined ? { type: 'boolean' } : { type: 'boolean', short }
    if (flag.includes('-')) options[camelCase(flag)] = { type: 'boolean' }
  }
  return options
}

const OPTIONS = buildOptions()

/** Every spelling a flag can be given in, mapped to its canonical (kebab-case) name. */
const CANONICAL: ReadonlyMap<string, string> = new Map(
  Object.keys(OPTIONS).map(name => [
    name,
    [...STRING_FLAGS, ...Object.keys(BOOLEAN_FLAGS)].find(flag => camelCase(flag) === name) ?? name
  ])
)

/**
 * Parses the argument list (without `node` and the script) with node:util's parseArgs.
 * Throws a UsageError for an unknown flag, a missing value, a flag given twice (in either
 * spelling), a bad duration or number, an unknown action, a flag the action does not
 * read, or a missing required flag. `--help` and `--version` skip the per-action checks.
 */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  const { values, tokens } = parseRaw(argv)
  const given = new Map<string, string | boolean>()
  for (const token of tokens) {
    if (token.kind !== 'option') continue
    const flag = CANONICAL.get(token.name) ?? token.name
    if (given.has(flag)) {
      throw new UsageError(`--${flag} is given twice (counting both spellings); give it once`)
    }
    given.set(flag, values[token.name] as string | boolean)
  }
  const text = (flag: StringFlag): string | undefined => {
    const value = given.get(flag)
    if (typeof value !== 'string') return undefined
    if (value.trim() === '') throw new UsageError(`--${flag} needs a value (got an empty string)`)
    return value
  }
  const flagOn = (flag: BooleanFlag): boolean => given.get(flag) === true

  const action = parseAction(text('action'))
  const args: CliArgs = {
    action,
    model: text('model'),
    payload: text('payload'),
    taskId: text('task-id'),
    baseUrl: text('base-url'),
    waitTimeoutMs: durationOf('wait-timeout', text('wait-timeout')),
    pollIntervalMs: durationOf('poll-interval', text('poll-interval')),
    download: text('download'),
    idempotencyKey: text('idempotency-key'),
    maxCredits: creditsOf('max-credits', text('max-credits')),
    webhookUrl: text('webhook-url'),
    batch: text('batch'),
    concurrency: concurrencyOf(text('concurrency')),
    continueOnInvalid: flagOn('continue-on-invalid'),
    maxTotalCredits: creditsOf('max-total-credits', text('max-total-credits')),
    shard: shardOf(text('shard')),
    cacheDir: text('cache-dir'),
    cacheMode: cacheModeOf(text('cache-mode')),
    cacheMaxBytes: cacheBytesOf(text('cache-max-bytes')),
    keyScope: text('key-scope'),
    quiet: flagOn('quiet'),
    json: flagOn('json'),
    help: flagOn('help'),
    helpAction: given.has('action') ? action : undefined,
    version: flagOn('version')
  }
  if (args.help || args.version) return args
  checkFlagsFit(action, [...given.keys()].filter(isActionFlag))
  checkValues(args)
  return args
}

function parseRaw(argv: readonly string[]): ReturnType<typeof parseArgsWithTokens> {
  try {
    return parseArgsWithTokens(argv)
  } catch (error) {
    throw new UsageError(describeParseError(error))
  }
}

function parseArgsWithTokens(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    options: OPTIONS,
    strict: true,
    allowPositionals: false,
    tokens: true
  })
}

/** parseArgs' own messages are long and suggest `--` tricks; say it shortly instead. */
function describeParseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  const code = (error as { code?: unknown }).code
  const quoted = /'([^']*)'/.exec(message)?.[1] ?? ''
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': {
      if (/^--api[-_]?key(=|$)/i.test(quoted)) return API_KEY_FLAG
      const suggestion = suggestFlag(quoted)
      return `unknown flag ${quoted}${suggestion ? ` (did you mean ${suggestion}?)` : ''}`
    }
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      const flag = quoted.split(/[\s=]/)[0] || 'a flag'
      if (/ambiguous/.test(message)) {
        // `--wait-timeout -1s`: the value was there, but looks like a flag.
        return `${flag} needs a value (one starting with "-" is written ${flag}=<value>)`
      }
      if (/argument missing/.test(message)) return `${flag} needs a value`
      return `${flag} does not take a value`
    }
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument "${quoted}": every value follows its flag, and JSON must be quoted as one argument, e.g. --payload '{"prompt":"..."}'`
    default:
      return message.split('\n')[0]
  }
}

// A key on the command line would land in shell history and process lists.
const API_KEY_FLAG =
  'there is no --api-key flag: the key is read only from the environment variable AIVIDEO_API_KEY, so it never appears in shell history or process lists (e.g. export AIVIDEO_API_KEY=... in your shell profile, or read -rs AIVIDEO_API_KEY && export AIVIDEO_API_KEY)'

/**
 * The action's inputs whose CLI form is spelled differently, by their squashed name: a
 * user coming from a workflow (or from docs about it) types the input's name as a flag.
 */
const ACTION_INPUT_FLAGS: Readonly<Record<string, string>> = {
  payloadfile: '--payload @<file>',
  batchfile: '--batch <file>'
}

function suggestFlag(unknown: string): string | undefined {
  const squash = (text: string): string =>
    text.replace(/^-+/, '').replace(/[-_]/g, '').toLowerCase()
  const wanted = squash(unknown)
  const fromAction = ACTION_INPUT_FLAGS[wanted.split('=')[0]]
  if (fromAction !== undefined) return fromAction
  const matches = Object.keys(OPTIONS).filter(name => squash(name) === wanted)
  // Answer in the user's own style: `--taskid` -> `--taskId`, `--task_id` -> `--task-id`.
  const kebab = /[-_]/.test(unknown.replace(/^-+/, ''))
  const match = matches.find(name => name.includes('-') === kebab) ?? matches[0]
  if (match !== undefined) return `--${match}`
  // A typo (`--max-credit`): the nearest flags, as the action names the nearest inputs.
  const near = suggestNames(
    unknown.replace(/^-+/, '').split('=')[0],
    Object.keys(OPTIONS).filter(name => !/[A-Z]/.test(name))
  )
  return near.length === 0 ? undefined : near.map(name => `--${name}`).join(' or ')
}

function parseAction(value: string | undefined): OperationName {
  if (value === undefined) return 'run'
  if (isOperationName(value)) return value
  const near = findOperationName(value)
  const hint = near ? `did you mean ${near}?` : `one of ${OPERATION_NAMES.join(', ')}`
  throw new UsageError(`unknown action "${clip(value, 60)}" (${hint})`)
}

function durationOf(
  flag: keyof typeof DURATION_LIMITS,
  value: string | undefined
): number | undefined {
  if (value === undefined) return undefined
  const ms = parseDuration(value)
  const limits = DURATION_LIMITS[flag]
  if (ms === null || ms < limits.min || ms > limits.max) {
    throw new UsageError(
      `--${flag} "${clip(value, 60)}" is not a duration ${limits.range} (e.g. 250ms, 90s, 30m, 1h; a bare number is seconds)`
    )
  }
  return ms
}

function creditsOf(flag: StringFlag, value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  const credits = parseWholeNumber(value)
  if (credits === null) {
    throw new UsageError(
      `--${flag} "${clip(value, 60)}" must be a whole number of credits, 0 or more`
    )
  }
  return credits
}

function concurrencyOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  const count = parseWholeNumber(value, CONCURRENCY_RANGE)
  const { min, max } = CONCURRENCY_RANGE
  if (count === null) {
    throw new UsageError(
      `--concurrency "${clip(value, 60)}" must be a whole number from ${min} to ${max}`
    )
  }
  return count
}

function shardOf(value: string | undefined): Shard | undefined {
  if (value === undefined) return undefined
  const parsed = parseShard(value)
  if (!parsed.ok) throw new UsageError(`--shard "${clip(value, 60)}" ${parsed.problem}`)
  return parsed.shard
}

function cacheModeOf(value: string | undefined): CacheMode | undefined {
  if (value === undefined) return undefined
  if ((CACHE_MODES as readonly string[]).includes(value)) return value as CacheMode
  throw new UsageError(`--cache-mode "${clip(value)}" must be one of ${CACHE_MODES.join(', ')}`)
}

function cacheBytesOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  const bytes = parseWholeNumber(value, { min: 1, max: Number.MAX_SAFE_INTEGER })
  if (bytes === null) {
    throw new UsageError(
      `--cache-max-bytes "${clip(value)}" must be a whole number of bytes, 1 or more`
    )
  }
  return bytes
}

function isActionFlag(flag: string): flag is ActionFlag {
  return (ACTION_FLAGS as readonly string[]).includes(flag)
}

const BATCH_CONFLICTS = ['model', 'payload', 'task-id'] as const

/** Every action flag must be one the action reads, and the ones it needs must be there. */
function checkFlagsFit(action: OperationName, flags: ActionFlag[]): void {
  const spec = ACTIONS[action]
  const help = `--help --action ${action}`
  for (const flag of flags) {
    if (!spec.accepts.includes(flag)) {
      throw new UsageError(`--${flag} does not apply to --action ${action}`, { helpHint: help })
    }
  }
  for (const flag of spec.needs) {
    if (!flags.includes(flag)) {
      const what = flag === 'task-id' ? '--taskId <id>' : `--${flag}`
      throw new UsageError(`--action ${action} needs ${what}`, { helpHint: help })
    }
  }
  if (action === 'run') checkRunShape(flags)
  if (action === 'quote') checkQuoteShape(flags)
}

/** quote prices either one request (model + payload) or a batch file; one of them. */
function checkQuoteShape(flags: ActionFlag[]): void {
  const has = (flag: ActionFlag): boolean => flags.includes(flag)
  const help = { helpHint: '--help --action quote' }
  if (has('batch')) {
    const conflict = (['model', 'payload'] as const).find(has)
    if (conflict) {
      throw new UsageError(
        `--batch does not go with --${conflict}: the batch file gives every job its model and payload`,
        help
      )
    }
    return
  }
  const batchOnly = (['max-credits', 'max-total-credits', 'shard'] as const).find(has)
  if (batchOnly) throw new UsageError(`--${batchOnly} applies to --batch <file> only`, help)
  if (has('model') && has('payload')) return
  const missing = has('model') ? '--payload' : has('payload') ? '--model' : '--model and --payload'
  throw new UsageError(`--action quote needs ${missing} (or --batch <file>)`, help)
}

/**
 * run either creates (model + payload), resumes (task id) or runs a batch file; exactly
 * one of them.
 */
function checkRunShape(flags: ActionFlag[]): void {
  const has = (flag: ActionFlag): boolean => flags.includes(flag)
  if (has('batch')) {
    const conflict = BATCH_CONFLICTS.find(has)
    if (conflict) {
      const shown = conflict === 'task-id' ? '--taskId' : `--${conflict}`
      throw new UsageError(
        `--batch does not go with ${shown}: the batch file gives every job its model and payload (run a single job without --batch)`,
        { helpHint: '--help --action run' }
      )
    }
    return
  }
  const batchOnly = BATCH_ONLY_FLAGS.find(has)
  if (batchOnly) {
    throw new UsageError(`--${batchOnly} applies to --batch <file> only`, {
      helpHint: '--help --action run'
    })
  }
  if (has('task-id')) {
    const creating = (
      ['model', 'payload', 'idempotency-key', 'max-credits', 'webhook-url', 'cache-dir'] as const
    ).find(has)
    if (creating) {
      throw new UsageError(
        `--${creating} applies to creating a task, not to resuming one with --taskId; give one or the other`,
        { helpHint: '--help --action run' }
      )
    }
    return
  }
  if (has('model') && has('payload')) return
  const missing = has('model') ? '--payload' : has('payload') ? '--model' : '--model and --payload'
  throw new UsageError(
    `nothing to run: give ${missing} (or --taskId <id> to resume a task, or --action <name>)`
  )
}

function checkValues(args: CliArgs): void {
  if (args.taskId !== undefined && !isValidTaskId(args.taskId)) {
    throw new UsageError(
      `--taskId "${clip(args.taskId, 60)}" is not a task id: 1 to 128 letters, digits, "_" or "-"`
    )
  }
  const key = args.idempotencyKey
  if (key !== undefined && key !== 'auto' && key !== 'content' && !isValidIdempotencyKey(key)) {
    const what = args.batch === undefined ? 'key' : 'base key'
    throw new UsageError(
      `--idempotency-key must be "auto", "content" or a ${what} of 8 to 128 printable characters without spaces`
    )
  }
  if (key === 'content' && args.keyScope === undefined) {
    throw new UsageError(
      '--idempotency-key content needs --key-scope <scope> (e.g. your owner/repo): its keys are shared by every run in that scope'
    )
  }
  if (args.keyScope !== undefined && key !== 'content') {
    throw new UsageError('--key-scope applies to --idempotency-key content only')
  }
  if (
    (args.cacheMode !== undefined || args.cacheMaxBytes !== undefined) &&
    args.cacheDir === undefined
  ) {
    throw new UsageError(
      `--${args.cacheMode !== undefined ? 'cache-mode' : 'cache-max-bytes'} applies with --cache-dir <dir> only`
    )
  }
}
