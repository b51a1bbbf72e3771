import type { CallOptions } from '../api/client.js'
import type { Failure } from '../api/envelope.js'
import type { TaskDetail } from '../tasks/task-record.js'
import { findTasksByKey, type KeyLookupClient } from '../tasks/key-lookup.js'

/**
 * Statuses whose task holds no video and whose credits came back (FAILED refunds on its
 * own, CANCEL on the cancel): a later attempt may pay for a new task.
 */
const DEAD_STATUSES: ReadonlySet<string> = new Set(['FAILED', 'CANCEL'])

/** Upstream's longest Idempotency-Key. */
const MAX_KEY_LENGTH = 128

/**
 * The key of one generation of a lineage. Every attempt of one logical request shares a
 * base key; generation 1 sends the base itself (so keys from before lineages existed
 * still lead to their tasks), generation n sends `<base>-a<n>`. Upstream replays a key
 * for ever, so a new generation is the only way to try again after a dead task.
 */
export function lineageKey(base: string, generation: number): string {
  if (generation <= 1) return base
  const suffix = `-a${generation}`
  return `${base.slice(0, MAX_KEY_LENGTH - suffix.length)}${suffix}`
}

/** The generation `key` has in the lineage of `base`, or null when it is none of its keys. */
export function keyGeneration(base: string, key: string): number | null {
  if (key === base) return 1
  const match = /-a(\d{1,6})$/.exec(key)
  if (match === null) return null
  const generation = Number(match[1])
  return generation >= 2 && lineageKey(base, generation) === key ? generation : null
}

/** What the earlier attempts of one logical request left upstream, and the key to send now. */
export interface LineageChoice {
  /** The Idempotency-Key this attempt's create sends. */
  key: string
  /**
   * The newest live task of the lineage, which the create under `key` replays free;
   * null when the create makes a new task.
   */
  resumed: { taskId: string; status: string } | null
  /** Tasks of earlier attempts that ended FAILED or CANCEL (refunded), newest first. */
  dead: { taskId: string; status: string }[]
}

/**
 * Picks the key for this attempt from the key's tasks upstream (newest first, as the
 * list answers): the newest live task's key, so it is resumed and never paid twice;
 * when every earlier task is dead, the next generation's key, so a new task is made;
 * with no earlier task, the base key.
 */
export function chooseLineageKey(base: string, tasks: readonly TaskDetail[]): LineageChoice {
  const members = tasks
    .map((task, order) => ({ task, order, generation: generationOf(base, task) }))
    .filter(
      (m): m is { task: TaskDetail; order: number; generation: number } => m.generation !== null
    )
    .sort((a, b) => newer(a.task, b.task) || a.order - b.order)
  const live = members.find(m => !DEAD_STATUSES.has(m.task.status))
  const dead = members
    .filter(m => DEAD_STATUSES.has(m.task.status))
    .map(m => ({ taskId: m.task.id, status: m.task.status }))
  if (live !== undefined) {
    return {
      key: lineageKey(base, live.generation),
      resumed: { taskId: live.task.id, status: live.task.status },
      dead
    }
  }
  const last = Math.max(0, ...members.map(m => m.generation))
  return { key: lineageKey(base, last + 1), resumed: null, dead }
}

/** The lineage choices of many base keys, from one list request. */
export interface LineageLookup {
  /** One choice per base key given, in the same order. */
  choices: LineageChoice[]
  /** Why the key's tasks could not be listed (each base key is then sent as it is), or null. */
  failure: Failure | null
  /** The listed tasks (empty when the list failed), for callers that price replays. */
  tasks: readonly TaskDetail[]
}

/**
 * Looks up every base key's lineage with ONE list request (`GET /api/v1/tasks`; its items
 * carry their Idempotency-Key). When the list cannot be read, each base key is sent as
 * it is: upstream then replays whatever task it has, so nothing is paid twice.
 */
export async function lookUpLineages(
  client: KeyLookupClient,
  bases: readonly string[],
  call: CallOptions
): Promise<LineageLookup> {
  // Streamed: only the lineages' tasks are kept, and a list too long to read whole fails.
  const listed = await findTasksByKey(
    client,
    key => bases.some(base => keyGeneration(base, key) !== null),
    call
  )
  if (!listed.ok || listed.data === null) {
    return {
      choices: bases.map(base => ({ key: base, resumed: null, dead: [] })),
      failure: {
        errorCode: listed.errorCode ?? 'UNKNOWN_ERROR',
        errorMessage: listed.errorMessage ?? 'the task list could not be read'
      },
      tasks: []
    }
  }
  const tasks = listed.data.tasks
  return { choices: bases.map(base => chooseLineageKey(base, tasks)), failure: null, tasks }
}

function generationOf(base: string, task: TaskDetail): number | null {
  return typeof task.idempotencyKey === 'string' ? keyGeneration(base, task.idempotencyKey) : null
}

/** Negative when `a` was created after `b`; 0 when their times cannot say. */
function newer(a: TaskDetail, b: TaskDetail): number {
  const at = Date.parse(a.createdAt ?? '')
  const bt = Date.parse(b.createdAt ?? '')
  return Number.isFinite(at) && Number.isFinite(bt) ? bt - at : 0
}
