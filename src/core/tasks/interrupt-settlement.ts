import type { CallOptions, Client } from '../api/client.js'
import type { Envelope } from '../api/envelope.js'
import { forEachLimited } from '../time/concurrency-limit.js'
import { isAbortError, systemClock, type Clock } from '../time/clock.js'
import { createDeadlineSignal } from '../time/deadline.js'
import { DEFAULTS } from '../validation/setting-limits.js'
import { findTasksByKey } from './key-lookup.js'
import { matchesRequest } from './request-match.js'
import type { TaskDetail } from '../api/task-record.js'

/** Cancels sent at once after an interrupt (cancel is not a task query, but stay polite). */
export const CANCEL_CONCURRENCY = DEFAULTS.concurrency

/**
 * How long a claim waits for a cut-off create that upstream carries out late: its replay
 * is retried (and the list looked at again) until the task under the key is found or the
 * replay proves there was none.
 */
export const LATE_CREATE_WINDOW_MS = 60_000

/** Pause between tries of a replay upstream could not answer, and between looks at the list. */
const RETRY_PAUSE_MS = 5_000

/** What a create sent, kept to replay it: the same key and body answer with the same task. */
export interface CreateRequest {
  model: string
  payload: unknown
  /** Sent again as X-Max-Credits, so the replay never pays more than the create could. */
  maxCredits?: number
}

/** A create whose answer never came back: its key, and its request (null when it could not be kept). */
export interface CutOffCreate {
  key: string
  request: CreateRequest | null
}

/** What an interrupt left: tasks whose ids are known, and creates whose answer never came. */
export interface InterruptClaim {
  taskIds: readonly string[]
  creates: readonly CutOffCreate[]
}

/**
 * How the task was reached: by its known id, in the task list under its key, or by
 * replaying its create (upstream answered with the task the cut-off create had made, or the
 * create had not been carried out and the replay made the task).
 */
export type ClaimRoute = 'id' | 'list' | 'replay-found' | 'replay-created'

/** What became of one task, or of one create whose task could not be pinned down. */
export type ClaimOutcome =
  | {
      kind: 'cancelled'
      taskId: string
      key: string | null
      route: ClaimRoute
      /** From the create's answer when the replay made or found the task, else null. */
      creditsCharged: number | null
      /** From the cancel's answer; null when upstream did not say. */
      creditsRefunded: number | null
    }
  /** Upstream refused the cancel: the task is no longer SUBMITTED (finished, running or cancelled). */
  | { kind: 'left'; taskId: string; key: string | null; route: ClaimRoute; status: string | null }
  /** Not handled: the task (or the key's task, when `taskId` is null) may still be SUBMITTED and paid. */
  | { kind: 'unhandled'; taskId: string | null; key: string | null; reason: string }

export interface Settlement {
  /** Known ids first (in the order given), then one or more per cut-off create. */
  outcomes: ClaimOutcome[]
  /** True when the time limit cut the claim short (the unhandled outcomes say where). */
  timedOut: boolean
}

export interface SettleOptions {
  clock?: Clock
  /** Absolute clock time by which the claim ends, whatever is left: it reports what it did. */
  deadline?: number
  /** Default `LATE_CREATE_WINDOW_MS`. */
  lateCreateWindowMs?: number
}

export type SettleClient = Pick<Client, 'cancelTask' | 'scanTasks' | 'createGeneration'>

/**
 * Claims what an interrupt left behind, so no SUBMITTED task stays paid for nothing:
 *
 * - every known task id is cancelled directly (a cancel is not a task query, and upstream
 *   refuses to cancel a task that is not SUBMITTED, so no status is read first);
 * - every cut-off create's task is looked for in the task list under its key (one list, one
 *   retry when it fails); when the list does not show it, the create is replayed with the
 *   same key and body: upstream answers with the existing task at no charge, or makes it,
 *   and either way it is cancelled at once (refunded in full). A replay upstream cannot
 *   answer is tried again within `lateCreateWindowMs`, for a create carried out late.
 *
 * Never throws for API or network errors, nor at the deadline: what was not done by then
 * is an `unhandled` outcome that names the task id or the key.
 */
export async function settleInterrupt(
  client: SettleClient,
  claim: InterruptClaim,
  options: SettleOptions = {}
): Promise<Settlement> {
  const clock = options.clock ?? systemClock
  const deadline = options.deadline ?? Infinity
  const limit = Number.isFinite(deadline) ? createDeadlineSignal(clock, deadline) : null
  const call: CallOptions = { signal: limit?.signal }
  const taskIds = [...new Set(claim.taskIds)]
  const byId: (ClaimOutcome | undefined)[] = taskIds.map(() => undefined)
  // Undefined until the create is claimed; empty when its task turned out to be a known one.
  const byCreate: (ClaimOutcome[] | undefined)[] = claim.creates.map(() => undefined)
  try {
    await Promise.all([
      forEachLimited(taskIds, CANCEL_CONCURRENCY, async (taskId, index) => {
        byId[index] = await cancelTask(client, taskId, null, 'id', null, call)
      }),
      claimCreates(client, claim.creates, new Set(taskIds), byCreate, {
        clock,
        call,
        windowEnd: Math.min(
          deadline,
          clock.now() + (options.lateCreateWindowMs ?? LATE_CREATE_WINDOW_MS)
        )
      })
    ])
  } finally {
    limit?.dispose()
  }
  const timedOut = limit?.isExpired() ?? false
  const outcomes = [
    ...byId.map(
      (outcome, index): ClaimOutcome =>
        outcome ??
        unhandled(taskIds[index], null, 'the time limit passed before its cancel was sent')
    ),
    ...byCreate.flatMap(
      (found, index) =>
        found ?? [
          unhandled(
            null,
            claim.creates[index].key,
            'the time limit passed before its task was looked for'
          )
        ]
    )
  ]
  return { outcomes, timedOut }
}

interface ClaimContext {
  clock: Clock
  call: CallOptions
  /** Absolute clock time after which no replay or list is tried again. */
  windowEnd: number
}

async function claimCreates(
  client: SettleClient,
  creates: readonly CutOffCreate[],
  knownIds: ReadonlySet<string>,
  results: (ClaimOutcome[] | undefined)[],
  context: ClaimContext
): Promise<void> {
  if (creates.length === 0) return
  const listed = await listByKey(client, new Set(creates.map(c => c.key)), context.call)
  await forEachLimited(creates, CANCEL_CONCURRENCY, async (create, index) => {
    const mine = ownTasks(listed?.get(create.key) ?? [], create)
    if (mine.length > 0) {
      const found: ClaimOutcome[] = []
      for (const task of mine.filter(t => !knownIds.has(t.id))) {
        found.push(await cancelTask(client, task.id, create.key, 'list', null, context.call))
      }
      results[index] = found
      return
    }
    const outcome = await replayAndCancel(client, create, knownIds, context)
    results[index] = outcome === null ? [] : [outcome]
  })
}

interface ListedTask {
  id: string
  detail: TaskDetail
}

/**
 * The tasks under the create's key that are this request's: with the request kept, its
 * model and input must match the task's echo (a task belongs to one request); without it
 * (too large to keep), the model alone, as the key was this step's own.
 */
function ownTasks(tasks: readonly ListedTask[], create: CutOffCreate): ListedTask[] {
  const { request } = create
  if (request === null) return [...tasks]
  return tasks.filter(task => matchesRequest(task.detail, request))
}

/**
 * The tasks under `keys`, by Idempotency-Key, read from the list as a stream (only those
 * are kept; a list too long to read whole fails); one retry when the read fails; null when
 * it fails twice.
 */
async function listByKey(
  client: SettleClient,
  keys: ReadonlySet<string>,
  call: CallOptions
): Promise<Map<string, ListedTask[]> | null> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const listed = await guard(() => findTasksByKey(client, key => keys.has(key), call))
    if (listed === null) return null
    if (!listed.ok || listed.data === null) continue
    const byKey = new Map<string, ListedTask[]>()
    for (const task of listed.data.tasks) {
      if (typeof task.idempotencyKey !== 'string') continue
      byKey.set(task.idempotencyKey, [
        ...(byKey.get(task.idempotencyKey) ?? []),
        { id: task.id, detail: task }
      ])
    }
    return byKey
  }
  return null
}

/**
 * Replays the create (same key, same body): the answer names the key's task, which is
 * cancelled at once. Answers that leave the question open (network, 5xx, 429) are tried
 * again until the window ends; a refusal (for example too few credits for the replay) is
 * followed by looks at the list, for a create upstream carries out late.
 */
async function replayAndCancel(
  client: SettleClient,
  create: CutOffCreate,
  knownIds: ReadonlySet<string>,
  context: ClaimContext
): Promise<ClaimOutcome | null> {
  const { clock, call } = context
  const { request } = create
  let reason =
    request === null
      ? 'the list does not show it, and its create was too large to keep for a replay'
      : 'the replay of its create got no answer'
  let mayReplay = request !== null
  for (;;) {
    if (mayReplay && request !== null) {
      const answer = await guard(() =>
        client.createGeneration(request.model, request.payload, {
          idempotencyKey: create.key,
          maxCredits: request.maxCredits,
          signal: call.signal
        })
      )
      if (answer === null) {
        return unhandled(null, create.key, 'the time limit passed during the replay of its create')
      }
      if (answer.ok && answer.data !== null) {
        const { taskId, idempotentReplay, creditsCharged } = answer.data
        // A task whose id is known already is claimed by its id.
        if (knownIds.has(taskId)) return null
        const route = idempotentReplay ? 'replay-found' : 'replay-created'
        return cancelTask(client, taskId, create.key, route, creditsCharged, call)
      }
      reason = `the replay of its create was refused: ${answer.errorMessage ?? answer.errorCode}`
      if (answer.errorCode === 'IDEMPOTENCY_CONFLICT') return unhandled(null, create.key, reason)
      mayReplay = isOpenQuestion(answer)
    } else {
      const listed = await listByKey(client, new Set([create.key]), call)
      const task = ownTasks(listed?.get(create.key) ?? [], create)[0]
      if (task !== undefined && knownIds.has(task.id)) return null
      if (task !== undefined) return cancelTask(client, task.id, create.key, 'list', null, call)
    }
    const pause = Math.min(RETRY_PAUSE_MS, context.windowEnd - clock.now())
    if (pause <= 0) return unhandled(null, create.key, reason)
    try {
      await clock.sleep(pause, call.signal)
    } catch (error) {
      if (!isAbortError(error)) throw error
      return unhandled(null, create.key, `${reason}, and the time limit passed`)
    }
  }
}

/** Answers that say nothing about the key's task: upstream may answer differently soon. */
function isOpenQuestion(answer: Envelope<unknown>): boolean {
  return ['NETWORK_ERROR', 'RATE_LIMITED', 'UNKNOWN_ERROR', 'TIMEOUT'].includes(
    answer.errorCode ?? ''
  )
}

async function cancelTask(
  client: SettleClient,
  taskId: string,
  key: string | null,
  route: ClaimRoute,
  creditsCharged: number | null,
  call: CallOptions
): Promise<ClaimOutcome> {
  const answer = await guard(() => client.cancelTask(taskId, call))
  if (answer === null) {
    return unhandled(taskId, key, 'the time limit passed before its cancel was answered')
  }
  if (answer.ok) {
    const refunded = answer.data?.creditsRefunded
    return {
      kind: 'cancelled',
      taskId,
      key,
      route,
      creditsCharged,
      creditsRefunded: typeof refunded === 'number' ? refunded : null
    }
  }
  if (answer.errorCode === 'TASK_NOT_CANCELLABLE') {
    return { kind: 'left', taskId, key, route, status: answer.status }
  }
  return unhandled(taskId, key, `its cancel failed: ${answer.errorMessage ?? answer.errorCode}`)
}

/** The request's answer, or null when the time limit aborted it. */
async function guard<T>(request: () => Promise<T>): Promise<T | null> {
  try {
    return await request()
  } catch (error) {
    if (isAbortError(error)) return null
    throw error
  }
}

function unhandled(taskId: string | null, key: string | null, reason: string): ClaimOutcome {
  return { kind: 'unhandled', taskId, key, reason }
}
