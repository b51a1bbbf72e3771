import { parseFaults, type Fault } from './faults.js'
import { MODEL_NAMES, isModelName, type ModelName } from './models.js'
import { realSimClock, type SimClock } from './sim-clock.js'
import { MAX_PADDING_BYTES } from './video-body.js'

export type RetryAfterFormat = 'seconds' | 'http-date'
export type ResultUrlField = 'url' | 'videoUrl'
export type ListShape = 'array' | 'tasks' | 'data' | 'items'
export type ListIdField = 'id' | 'taskId'
/** How a paged list says where its next page is (`next`: a path; `cursor`: a token; `page`: numbers). */
export type ListPaging = 'next' | 'cursor' | 'page'

/** One API key the simulator accepts, with its own account. */
export interface KeyOptions {
  key: string
  /** Credits; default 1000. */
  balance?: number
  /** Models this key may use; default all nine. */
  supportedModels?: string[]
  /** Creations per simulated minute; default 30, -1 = unlimited. */
  generationRequestsPerMinute?: number
  /** Net credits per simulated day; default -1 = unlimited. */
  dailyCreditLimit?: number
  /** Reported by the account endpoint only; default -1. */
  creditWarningAt?: number
}

/** Real milliseconds for every task, replacing the model-based durations (for tests). */
export interface DurationOverride {
  /** How long a task stays SUBMITTED. */
  submittedMs: number
  /** How long until it is COMPLETED or FAILED. */
  totalMs: number
}

export interface SimulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number
  /** Default 127.0.0.1. */
  host?: string
  /** Default: one key `sim-test-key` with 1000 credits. */
  keys?: KeyOptions[]
  /** Simulated seconds per real second; default 1. `60` runs a 390 s task in 6.5 s. */
  speed?: number
  durationsMs?: DurationOverride
  /**
   * Spread of the log-normal generation times around each model's typical time (sigma of
   * the underlying normal; default 0.3, about 30 %; 0 = every task takes exactly the
   * typical time). Ignored when `durationsMs` is given.
   */
  durationSpread?: number
  /** Share of tasks that end FAILED (0..1, default 0). */
  failureRate?: number
  /** Makes `failureRate` draws and generation times repeatable. */
  seed?: number
  /** Task queries per client IP per window; default 60. */
  queryLimit?: number
  /** Default 60000 / speed, so the limit keeps its ratio to generation time. */
  queryWindowMs?: number
  /** How 429s from the query and creation limits express `Retry-After`; default 'seconds'. */
  retryAfterFormat?: RetryAfterFormat
  /** Field of task output holding the result URL; default 'url'. */
  resultUrlField?: ResultUrlField
  /** Shape of the list answer; default 'tasks' (`{ tasks: [...] }`). */
  listShape?: ListShape
  /** Id field of list items; default 'id'. */
  listIdField?: ListIdField
  /**
   * Finished tasks every key's list starts with (default 0): realistic items, drawn from
   * `seed`, made without creations and listed after every real task. Upstream's list
   * only grows; this is how a key with a long history is simulated.
   */
  history?: number
  /**
   * Items per list page; default 0 = one page holding every task, as upstream answers
   * today. Needs an object `listShape`.
   */
  listPageSize?: number
  /** How a paged list points at its next page; default 'next'. */
  listPaging?: ListPaging
  /** Pads the result MP4 to this many bytes with a trailing `free` box. */
  videoBytes?: number
  faults?: Fault[]
  /**
   * Where the simulator's time comes from (task life, rate windows, timestamps, every
   * wait); default real time. A test hands it the clock its client runs on.
   */
  clock?: SimClock
}

export interface ResolvedKey {
  key: string
  balance: number
  supportedModels: ModelName[]
  generationRequestsPerMinute: number
  dailyCreditLimit: number
  creditWarningAt: number
}

export interface ResolvedOptions {
  port: number
  host: string
  keys: ResolvedKey[]
  speed: number
  durationsMs: DurationOverride | undefined
  durationSpread: number
  failureRate: number
  seed: number | undefined
  queryLimit: number
  queryWindowMs: number
  retryAfterFormat: RetryAfterFormat
  resultUrlField: ResultUrlField
  listShape: ListShape
  listIdField: ListIdField
  history: number
  listPageSize: number
  listPaging: ListPaging
  videoBytes: number | undefined
  faults: Fault[]
  clock: SimClock
}

export const DEFAULT_SIM_KEY = 'sim-test-key'
export const DEFAULT_BALANCE = 1000
const DEFAULT_GENERATIONS_PER_MINUTE = 30
const DEFAULT_QUERY_LIMIT = 60
const DEFAULT_DURATION_SPREAD = 0.3
const UNLIMITED = -1

function fail(name: string, rule: string): never {
  throw new Error(`Invalid simulator option ${name}: ${rule}`)
}

function check(
  name: string,
  value: number | undefined,
  isValid: (n: number) => boolean,
  rule: string
): void {
  if (value !== undefined && !(typeof value === 'number' && isValid(value))) fail(name, rule)
}

function choose<T extends string>(
  name: string,
  value: T | undefined,
  allowed: readonly T[],
  fallback: T
): T {
  if (value === undefined) return fallback
  if (!allowed.includes(value)) fail(name, `must be one of ${allowed.join(', ')}`)
  return value
}

const isCount = (n: number): boolean => Number.isInteger(n) && n >= 0
const isLimit = (n: number): boolean => n === UNLIMITED || isCount(n)

export function resolveKey(options: KeyOptions): ResolvedKey {
  // The key itself never appears in a message: option errors may be printed.
  if (typeof options.key !== 'string' || options.key === '') {
    fail('keys[].key', 'must be a non-empty string')
  }
  check('keys[].balance', options.balance, isCount, 'must be a whole number of credits >= 0')
  for (const name of [
    'generationRequestsPerMinute',
    'dailyCreditLimit',
    'creditWarningAt'
  ] as const) {
    check(`keys[].${name}`, options[name], isLimit, 'must be an integer >= 0 or -1')
  }
  const models = options.supportedModels ?? [...MODEL_NAMES]
  if (!Array.isArray(models) || !models.every(isModelName)) {
    fail('keys[].supportedModels', `must list only ${MODEL_NAMES.join(', ')}`)
  }
  return {
    key: options.key,
    balance: options.balance ?? DEFAULT_BALANCE,
    supportedModels: models,
    generationRequestsPerMinute:
      options.generationRequestsPerMinute ?? DEFAULT_GENERATIONS_PER_MINUTE,
    dailyCreditLimit: options.dailyCreditLimit ?? UNLIMITED,
    creditWarningAt: options.creditWarningAt ?? UNLIMITED
  }
}

type NumericOption =
  | 'port'
  | 'speed'
  | 'durationSpread'
  | 'failureRate'
  | 'seed'
  | 'queryLimit'
  | 'queryWindowMs'
  | 'videoBytes'
  | 'history'
  | 'listPageSize'

const NUMERIC_RULES: [NumericOption, (n: number) => boolean, string][] = [
  ['port', n => Number.isInteger(n) && n >= 0 && n <= 65535, 'must be 0..65535'],
  ['speed', n => Number.isFinite(n) && n > 0, 'must be a positive number'],
  ['durationSpread', n => n >= 0 && n <= 2, 'must be from 0 to 2'],
  ['failureRate', n => n >= 0 && n <= 1, 'must be from 0 to 1'],
  ['seed', Number.isFinite, 'must be a number'],
  ['queryLimit', n => Number.isInteger(n) && n > 0, 'must be a positive integer'],
  ['queryWindowMs', n => Number.isFinite(n) && n > 0, 'must be a positive number'],
  ['videoBytes', n => isCount(n) && n <= MAX_PADDING_BYTES, 'must be an integer from 0 to 4 GiB'],
  ['history', n => isCount(n) && n <= MAX_HISTORY, 'must be an integer from 0 to 1,000,000'],
  ['listPageSize', isCount, 'must be a whole number of items (0 = one page)']
]

/** The most history tasks a key may start with (their offsets take 8 bytes each). */
const MAX_HISTORY = 1_000_000

/** Applies defaults and refuses invalid values with an Error naming the option. */
export function resolveOptions(options: SimulatorOptions = {}): ResolvedOptions {
  for (const [name, isValid, rule] of NUMERIC_RULES) check(name, options[name], isValid, rule)
  const durations = options.durationsMs
  if (durations !== undefined) {
    const { submittedMs, totalMs } = durations
    const valid = isCount(submittedMs) && isCount(totalMs) && submittedMs <= totalMs
    if (!valid) fail('durationsMs', 'needs integers submittedMs <= totalMs')
  }
  const keys = (options.keys ?? [{ key: DEFAULT_SIM_KEY }]).map(resolveKey)
  if (keys.length === 0) fail('keys', 'needs at least one key')
  if (new Set(keys.map(k => k.key)).size !== keys.length) {
    fail('keys', 'contains the same key twice')
  }
  const speed = options.speed ?? 1
  const listShape = choose(
    'listShape',
    options.listShape,
    ['array', 'tasks', 'data', 'items'],
    'tasks'
  )
  const listPageSize = options.listPageSize ?? 0
  if (listPageSize > 0 && listShape === 'array') {
    fail('listPageSize', 'needs an object listShape (tasks, data or items) to carry the paging')
  }
  return {
    port: options.port ?? 0,
    host: options.host ?? '127.0.0.1',
    keys,
    speed,
    durationsMs: durations,
    durationSpread: options.durationSpread ?? DEFAULT_DURATION_SPREAD,
    failureRate: options.failureRate ?? 0,
    seed: options.seed,
    queryLimit: options.queryLimit ?? DEFAULT_QUERY_LIMIT,
    queryWindowMs: options.queryWindowMs ?? 60_000 / speed,
    retryAfterFormat: choose(
      'retryAfterFormat',
      options.retryAfterFormat,
      ['seconds', 'http-date'],
      'seconds'
    ),
    resultUrlField: choose('resultUrlField', options.resultUrlField, ['url', 'videoUrl'], 'url'),
    listShape,
    listIdField: choose('listIdField', options.listIdField, ['id', 'taskId'], 'id'),
    history: options.history ?? 0,
    listPageSize,
    listPaging: choose('listPaging', options.listPaging, ['next', 'cursor', 'page'], 'next'),
    videoBytes: options.videoBytes,
    faults: parseFaults(options.faults ?? []),
    clock: options.clock ?? realSimClock
  }
}
