import { createHash } from 'node:crypto'
import type { CallOptions } from '../api/client.js'
import type { Failure } from '../api/envelope.js'
import type { TaskDetail } from '../api/task-record.js'
import { matchesRequest, type RequestContent } from '../tasks/request-match.js'
import { findTasksByKey, type KeyLookupClient } from '../tasks/key-lookup.js'

/**
 * Statuses whose task holds no video and whose credits came back (FAILED refunds on its
 * own, CANCEL on the cancel): a later attempt may pay for a new task.
 */
const DEAD_STATUSES: ReadonlySet<string> = new Set(['FAILED', 'CANCEL'])

/** Upstream's longest Idempotency-Key. */
const MAX_KEY_LENGTH = 128
/** Hex digits of the digest in a later generation's key (96 bits). */
const DIGEST_LENGTH = 24
/** The tail of a later generation's key: `~a<n>-<digest of the whole base and n>`. */
const DERIVED_TAIL = new RegExp(`~a(\\d{1,6})-[0-9a-f]{${DIGEST_LENGTH}}$`)
/** The tail 1.x gave later generations: `-a<n>`, the base cut to fit 128 characters. */
const LEGACY_TAIL = /-a(\d{1,6})$/

/** One logical request: the base of its keys, and what its create sends. */
export interface LineageRequest extends RequestContent {
  /** The key every attempt of the request starts from (generation 1 sends it as it is). */
  base: string
}

/**
 * The key of one generation of a lineage. Every attempt of one logical request shares a
 * base key; generation 1 sends the base itself (so keys from before lineages existed
 * still lead to their tasks), generation n sends the base (cut to fit) followed by
 * `~a<n>-` and a digest of the WHOLE base and n: no key a user types and no cut can
 * give another base's key, as 1.x's `<base>-a<n>` could (`promo-video-a2` was both a
 * key of its own and the second attempt of `promo-video`). Upstream replays a key for
 * ever, so a new generation is the only way to try again after a dead task.
 */
export function lineageKey(base: string, generation: number): string {
  if (generation <= 1) return base
  const digest = createHash('sha256')
    .update(`aivideomaker key lineage\u0000${base}\u0000${generation}`)
    .digest('hex')
    .slice(0, DIGEST_LENGTH)
  return fitted(base, `~a${generation}-${digest}`)
}

/** The generation `key` has in the lineage of `base`, or null when it is none of its keys. */
export function keyGeneration(base: string, key: string): number | null {
  if (key === base) return 1
  const tail = DERIVED_TAIL.exec(key)
  if (tail === null) return null
  // The digest is worked out only for a key that starts as the base would (long lists).
  const kept = key.length - tail[0].length
  if (key.slice(0, kept) !== base.slice(0, MAX_KEY_LENGTH - tail[0].length)) return null
  const generation = tailGeneration(DERIVED_TAIL, key)
  return generation !== null && lineageKey(base, generation) === key ? generation : null
}

/** The key 1.x sent for generation n: `<base>-a<n>`, the base cut to fit 128 characters. */
export function legacyLineageKey(base: string, generation: number): string {
  return generation <= 1 ? base : fitted(base, `-a${generation}`)
}

/** The generation `key` had in 1.x's lineage of `base` (2 or more), or null. */
export function legacyKeyGeneration(base: string, key: string): number | null {
  const generation = tailGeneration(LEGACY_TAIL, key)
  return generation !== null && legacyLineageKey(base, generation) === key ? generation : null
}

/**
 * True when `task`, one of the `listed` tasks, is the request's own: its key is one of the
 * request's keys, its model and input match what the request sends (see
 * `matchesRequest`), and a later generation's task follows the request's own dead tasks in
 * the list (see `requestTasks`). The one test every lookup by key shares.
 */
export function isTaskOfRequest(
  task: TaskDetail,
  request: LineageRequest,
  listed: readonly TaskDetail[]
): boolean {
  return requestTasks(request, listed).some(member => member.isOwn && member.task === task)
}

/** A listed task under one of the request's keys. */
export interface LineageMember {
  task: TaskDetail
  /** The generation its key has (1 for the base). */
  generation: number
  /** True when its model and input prove it is the request's own (see `matchesRequest`). */
  isOwn: boolean
  /** True when its key is 1.x's `<base>-a<n>` (counted only when proven, see `requestTasks`). */
  isLegacy: boolean
}

/**
 * The listed tasks under the request's keys, newest first (list order when the times
 * cannot say). A task of a later generation counts as the request's own only when it
 * matches the request and the list shows the path that made it: the base's own task,
 * dead, ended (when the list does not say, created) before it; for a task under a 1.x key
 * (`<base>-a<n>`), each of 1.x's earlier keys likewise (the base's, `-a2`, ...). So a job
 * whose own key is `promo-video-a2` is never taken for a re-run of `promo-video`, unless it
 * sends the same model and input after every task of `promo-video` ended: then nothing
 * upstream shows tells the two apart (docs/action.md, "Re-run attempts").
 */
export function requestTasks(
  request: LineageRequest,
  listed: readonly TaskDetail[] | ListedTasks
): LineageMember[] {
  const index = listed instanceof ListedTasks ? listed : new ListedTasks(listed)
  const members: (LineageMember & { order: number })[] = []
  for (const { task, order } of index.candidates(request.base)) {
    const key = task.idempotencyKey as string
    const generation = keyGeneration(request.base, key)
    if (generation !== null) {
      const isOwn =
        matchesRequest(task, request) &&
        (generation === 1 || followsDeadTasks(task, [request.base], request, index))
      members.push({ task, order, generation, isOwn, isLegacy: false })
      continue
    }
    const old = legacyKeyGeneration(request.base, key)
    if (old !== null && isProvenLegacy(task, old, request, index)) {
      members.push({ task, order, generation: old, isOwn: true, isLegacy: true })
    }
  }
  return members
    .sort((a, b) => newer(a.task, b.task) || a.order - b.order)
    .map(({ order: _order, ...member }) => member)
}

/**
 * The listed tasks indexed by key, so that finding one request's tasks costs a few map
 * lookups, not a pass over the whole list (a batch looks up every item in one list).
 */
export class ListedTasks {
  private readonly byKey = new Map<string, { task: TaskDetail; order: number }[]>()
  /** Tasks whose key has a later generation's tail, by the part before it. */
  private readonly byStem = new Map<string, { task: TaskDetail; order: number }[]>()

  constructor(tasks: readonly TaskDetail[]) {
    tasks.forEach((task, order) => {
      const key = task.idempotencyKey
      if (typeof key !== 'string') return
      // One entry in both maps, so a task found twice is counted once.
      const entry = { task, order }
      add(this.byKey, key, entry)
      for (const [kind, tail] of [
        ['d', DERIVED_TAIL],
        ['l', LEGACY_TAIL]
      ] as const) {
        const match = tail.exec(key)
        if (match !== null) {
          add(this.byStem, `${kind}${match[0].length}:${key.slice(0, -match[0].length)}`, entry)
        }
      }
    })
  }

  /** The task under exactly `key` (upstream keeps one per key), or undefined. */
  byExactKey(key: string): TaskDetail | undefined {
    return this.byKey.get(key)?.[0]?.task
  }

  /** Tasks whose key may be one of `base`'s keys (each still to be checked), in list order. */
  candidates(base: string): { task: TaskDetail; order: number }[] {
    const found = [...(this.byKey.get(base) ?? [])]
    for (let digits = 1; digits <= 6; digits++) {
      for (const [kind, tailLength] of [
        ['d', `~a-`.length + digits + DIGEST_LENGTH],
        ['l', `-a`.length + digits]
      ] as const) {
        const stem = base.slice(0, MAX_KEY_LENGTH - tailLength)
        found.push(...(this.byStem.get(`${kind}${tailLength}:${stem}`) ?? []))
      }
    }
    return [...new Set(found)].sort((a, b) => a.order - b.order)
  }
}

function add<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key)
  if (list === undefined) map.set(key, [value])
  else list.push(value)
}

/** What the earlier attempts of one logical request left upstream, and the key to send now. */
export interface LineageChoice {
  /** The Idempotency-Key this attempt's create sends. */
  key: string
  /**
   * The request's own newest live task, which the create under `key` replays free;
   * null when the create makes a new task.
   */
  resumed: { taskId: string; status: string } | null
  /** The request's own tasks of earlier attempts that ended FAILED or CANCEL (refunded), newest first. */
  dead: { taskId: string; status: string }[]
  /**
   * Tasks under the request's keys that are not proven its own (another model or input,
   * or a later key's task with no dead task of the request before it): never resumed,
   * reported or cancelled as this request's.
   */
  foreign: { taskId: string; status: string }[]
}

/**
 * Picks the key for this attempt from the tasks listed upstream: the key of the
 * request's own newest live task, so it is resumed and never paid twice; when every own
 * task is dead, a generation no listed task has, so a new task is made; with no own task,
 * the base key (upstream then replays a task under it only for the same body).
 */
export function chooseLineageKey(
  request: LineageRequest,
  tasks: readonly TaskDetail[] | ListedTasks
): LineageChoice {
  const members = requestTasks(request, tasks)
  const own = members.filter(m => m.isOwn)
  const brief = (m: LineageMember) => ({ taskId: m.task.id, status: m.task.status })
  const live = own.find(m => !DEAD_STATUSES.has(m.task.status))
  const dead = own.filter(m => DEAD_STATUSES.has(m.task.status)).map(brief)
  const foreign = members.filter(m => !m.isOwn).map(brief)
  if (live !== undefined) {
    return { key: live.task.idempotencyKey as string, resumed: brief(live), dead, foreign }
  }
  if (own.length === 0) return { key: request.base, resumed: null, dead, foreign }
  // 1.x's keys never equal a digest key: only the digest generations are counted.
  const last = Math.max(1, ...members.filter(m => !m.isLegacy).map(m => m.generation))
  return { key: lineageKey(request.base, last + 1), resumed: null, dead, foreign }
}

/** The lineage choices of many requests, from one list request. */
export interface LineageLookup {
  /** One choice per request given, in the same order. */
  choices: LineageChoice[]
  /** Why the key's tasks could not be listed (each base key is then sent as it is), or null. */
  failure: Failure | null
  /** The listed tasks (empty when the list failed), for callers that price replays. */
  tasks: readonly TaskDetail[]
}

/**
 * Looks up every request's lineage with ONE list request (`GET /api/v1/tasks`; its items
 * carry their Idempotency-Key, model and input). When the list cannot be read, each base
 * key is sent as it is: upstream then replays a task under it only for the same body, so
 * nothing is paid twice.
 */
export async function lookUpLineages(
  client: KeyLookupClient,
  requests: readonly LineageRequest[],
  call: CallOptions
): Promise<LineageLookup> {
  // Streamed: only the lineages' tasks are kept, and a list too long to read whole fails.
  const listed = await findTasksByKey(
    client,
    key =>
      requests.some(
        ({ base }) => keyGeneration(base, key) !== null || legacyKeyGeneration(base, key) !== null
      ),
    call
  )
  if (!listed.ok || listed.data === null) {
    return {
      choices: requests.map(request => ({
        key: request.base,
        resumed: null,
        dead: [],
        foreign: []
      })),
      failure: {
        errorCode: listed.errorCode ?? 'UNKNOWN_ERROR',
        errorMessage: listed.errorMessage ?? 'the task list could not be read'
      },
      tasks: []
    }
  }
  const tasks = listed.data.tasks
  const index = new ListedTasks(tasks)
  return {
    choices: requests.map(request => chooseLineageKey(request, index)),
    failure: null,
    tasks
  }
}

/**
 * Pairs of keys in `keys` whose lineages meet: equal, one a later generation of the other
 * (by the digest, or by 1.x's `-a<n>`), or two long keys 1.x cut to the same later keys.
 * Two items of one batch keyed so could take each other's tasks, so the batch refuses
 * them before sending anything.
 */
export function findRelatedKeys(keys: readonly string[]): [number, number][] {
  const pairs: [number, number][] = []
  const seen = new Set<string>()
  const note = (i: number, j: number) => {
    const pair: [number, number] = i < j ? [i, j] : [j, i]
    const id = pair.join(',')
    if (i !== j && !seen.has(id)) {
      seen.add(id)
      pairs.push(pair)
    }
  }
  const byKey = new Map<string, number[]>()
  keys.forEach((key, i) => byKey.set(key, [...(byKey.get(key) ?? []), i]))
  keys.forEach((key, i) => {
    for (const j of byKey.get(key) ?? []) note(i, j)
    for (const [tail, derive] of [
      [DERIVED_TAIL, lineageKey],
      [LEGACY_TAIL, legacyLineageKey]
    ] as const) {
      const generation = tailGeneration(tail, key)
      if (generation === null) continue
      const prefix = key.slice(0, key.length - (tail.exec(key) as RegExpExecArray)[0].length)
      // A key of 128 characters may come from a longer base cut to fit: try every key
      // that starts with the same characters.
      const bases =
        key.length < MAX_KEY_LENGTH
          ? (byKey.get(prefix) ?? [])
          : keys.flatMap((other, j) => (other.startsWith(prefix) ? [j] : []))
      for (const j of bases) if (derive(keys[j], generation) === key) note(i, j)
    }
  })
  for (const group of longKeyGroups(keys)) {
    for (const a of group) for (const b of group) if (isCutAlike(keys[a], keys[b])) note(a, b)
  }
  return pairs.sort((a, b) => a[0] - b[0] || a[1] - b[1])
}

/** 1.x's longest tail, `-a` and 6 digits: keys longer than 128 minus it may be cut. */
const LONGEST_LEGACY_TAIL = 8

/** Indexes of keys long enough to be cut by 1.x, grouped by the part no cut removes. */
function longKeyGroups(keys: readonly string[]): number[][] {
  const groups = new Map<string, number[]>()
  keys.forEach((key, i) => {
    if (key.length <= MAX_KEY_LENGTH - LONGEST_LEGACY_TAIL) return
    const kept = key.slice(0, MAX_KEY_LENGTH - LONGEST_LEGACY_TAIL)
    groups.set(kept, [...(groups.get(kept) ?? []), i])
  })
  return [...groups.values()].filter(group => group.length > 1)
}

/** True when 1.x cut `a` and `b` to the same key for some generation. */
function isCutAlike(a: string, b: string): boolean {
  for (let tail = 3; tail <= LONGEST_LEGACY_TAIL; tail++) {
    const kept = MAX_KEY_LENGTH - tail
    if (a.length > kept && b.length > kept && a.slice(0, kept) === b.slice(0, kept)) return true
  }
  return false
}

/** A 1.x key of generation n counts only when the earlier generations prove 1.x's path. */
function isProvenLegacy(
  candidate: TaskDetail,
  generation: number,
  request: LineageRequest,
  index: ListedTasks
): boolean {
  const earlier = Array.from({ length: generation - 1 }, (_, i) =>
    legacyLineageKey(request.base, i + 1)
  )
  return matchesRequest(candidate, request) && followsDeadTasks(candidate, earlier, request, index)
}

/**
 * True when the request's own tasks under each of `keys` are listed, dead, and ended
 * (when the list does not say, were created) before `candidate` was created: a later
 * generation is made only then, so a task under a later key without them is another's.
 */
function followsDeadTasks(
  candidate: TaskDetail,
  keys: readonly string[],
  request: LineageRequest,
  index: ListedTasks
): boolean {
  const created = Date.parse(candidate.createdAt ?? '')
  if (!Number.isFinite(created)) return false
  return keys.every(key => {
    const before = index.byExactKey(key)
    if (before === undefined || !matchesRequest(before, request)) return false
    const ended = Date.parse(before.completedAt ?? before.createdAt ?? '')
    return DEAD_STATUSES.has(before.status) && Number.isFinite(ended) && ended <= created
  })
}

function fitted(base: string, tail: string): string {
  return `${base.slice(0, MAX_KEY_LENGTH - tail.length)}${tail}`
}

function tailGeneration(tail: RegExp, key: string): number | null {
  const match = tail.exec(key)
  if (match === null) return null
  const generation = Number(match[1])
  return generation >= 2 ? generation : null
}

/** Negative when `a` was created after `b`; 0 when their times cannot say. */
function newer(a: TaskDetail, b: TaskDetail): number {
  const at = Date.parse(a.createdAt ?? '')
  const bt = Date.parse(b.createdAt ?? '')
  return Number.isFinite(at) && Number.isFinite(bt) ? bt - at : 0
}
