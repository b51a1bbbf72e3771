import { systemClock, isAbortError, type Clock } from '../time/clock.js'
import { isFailure, resolveClient, type ClientSource } from '../api/client-source.js'
import type { Client } from '../api/client.js'
import { knownStatus } from '../api/created-status.js'
import { checkPollInterval } from '../api/wait-settings.js'
import { downloadFile, unsavedVideoFailure } from '../tasks/download.js'
import { fetchSettledDetail } from '../tasks/settled-detail.js'
import { failureEnvelope, successEnvelope, type Envelope, type Failure } from '../api/envelope.js'
import { actionableMessage } from '../api/errors.js'
import type { ErrorCode } from '../api/error-codes.js'
import type { TaskDetail } from '../api/task-record.js'
import { waitForTask, formatMs, type WaitProgress } from '../watch/wait.js'
import { guardSpend, type SpendReport } from '../spend/spend-decision.js'
import { validateRequest } from '../validation/validate.js'
import { lookUpLineages, type LineageChoice } from './key-lineage.js'
import type { RequestContent } from '../tasks/request-match.js'
import { createWithGrace } from './create-grace.js'
import type { CreateRequest } from '../tasks/interrupt-settlement.js'
import { isRetryPastDeadline } from '../http/retry-timing.js'
import type { RunData } from './types.js'
import { ResultCache } from '../cache/result-cache.js'
import type { CacheOptions } from '../cache/types.js'
import { requestDigest } from './request-digest.js'
import { keepRenderedResult, missReport, reuseCachedResult } from './cached-result.js'
import { DEFAULTS } from '../validation/setting-limits.js'

/** One generation, as every face hands it to the core. */
export interface RunRequest extends CacheOptions {
  model: string
  payload: unknown
  /** Resume waiting for an existing task instead of creating one. */
  taskId?: string
  /**
   * The base of the create's Idempotency-Key lineage: the key of every attempt of this
   * logical request. With `idempotencyKeyUsedBefore`, its earlier tasks are looked up with
   * one list request: the newest live one is resumed (never paid twice), and a new task
   * is made only when every earlier one ended FAILED or CANCEL (see key-lineage.ts).
   */
  idempotencyKey?: string
  /**
   * True when an earlier run may have sent `idempotencyKey` (an explicit key, a re-run
   * attempt): its lineage is then looked up first. Default false: the create sends the
   * key as it is, and upstream replays whatever task it has (never paying twice).
   */
  idempotencyKeyUsedBefore?: boolean
  /**
   * Cap in credits, sent as `X-Max-Credits`. The request is quoted first: an over-budget
   * or unaffordable task is refused before its create (a resumed task is not quoted).
   */
  maxCredits?: number
  webhookUrl?: string
  /** Overall deadline for the run in ms (default 30 minutes). */
  waitTimeoutMs?: number
  /**
   * First poll delay in ms (default 5000); grows to `maxPollIntervalMs`. Longer than
   * `waitTimeoutMs`: INVALID_INPUT, nothing sent.
   */
  pollIntervalMs?: number
  /** Largest poll delay in ms (default 30000). */
  maxPollIntervalMs?: number
  /** Save the video here once COMPLETED. */
  download?: { path: string; maxBytes?: number }
}

/** Everything `run` uses besides the request; each has a default but the key (see ClientSource). */
export interface RunDeps extends ClientSource {
  clock?: Clock
  signal?: AbortSignal
  onProgress?: (progress: WaitProgress) => void
  /** Told as soon as a task id exists, so a face can save it before anything else can fail. */
  onTaskId?: (taskId: string, status: string | null) => void
  /**
   * Told the Idempotency-Key and the request before the create is sent ("save before you
   * pay"): a face that saves them can claim the task (`settleInterrupt`: found by its key,
   * or the create replayed) when the process dies before the answer comes back.
   */
  onIdempotencyKey?: (key: string, request: CreateRequest) => void
  /** Told the quote of a run with `maxCredits`, before its create. */
  onSpend?: (report: SpendReport) => void
  /** Local notes (coercions) and other remarks for the log. */
  onNote?: (note: string) => void
}

/** The deps once the client is known. */
type ReadyDeps = RunDeps & { client: Client }

export type { RunData }

export const DEFAULT_WAIT_TIMEOUT_MS = DEFAULTS.waitTimeoutMs
export const DEFAULT_POLL_INTERVAL_MS = DEFAULTS.pollIntervalMs

/** The data of a run before anything has happened: filled in as the run goes. */
export function emptyRunData(model: string, startedAt: number): RunData {
  return {
    model,
    taskId: null,
    status: null,
    videoUrl: null,
    creditsCharged: null,
    creditsRefunded: null,
    idempotentReplay: false,
    notes: [],
    timings: {
      startedAt: new Date(startedAt).toISOString(),
      finishedAt: '',
      elapsedMs: 0,
      polls: 0
    },
    task: null,
    download: null,
    cache: null
  }
}

/**
 * run = validate -> create -> wait -> getTask -> (download). Never throws for API,
 * network or timeout failures; once a task exists its id is in every envelope, so the
 * caller can always resume or cancel.
 */
export async function run(request: RunRequest, deps: RunDeps = {}): Promise<Envelope<RunData>> {
  const clock = deps.clock ?? systemClock
  const startedAt = clock.now()
  const deadline = startedAt + (request.waitTimeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS)
  const data = emptyRunData(request.model, startedAt)
  data.taskId = request.taskId ?? null
  let keyBeforeCreate: string | null = null
  let cache: ResultCache | null = null
  let digest: string | null = null
  const finish = (envelope: Envelope<unknown>, failure?: Failure): Envelope<RunData> => {
    const now = clock.now()
    data.timings.finishedAt = new Date(now).toISOString()
    data.timings.elapsedMs = now - startedAt
    data.status = envelope.status ?? data.status
    const fields = { taskId: data.taskId, status: data.status, data }
    if (failure) return failureEnvelope(failure, fields)
    if (!envelope.ok) {
      return failureEnvelope(
        {
          errorCode: envelope.errorCode ?? 'UNKNOWN_ERROR',
          errorMessage: envelope.errorMessage ?? '',
          retryAfter: envelope.retryAfter
        },
        fields
      )
    }
    return successEnvelope(data, fields)
  }

  const client = resolveClient(deps, deps.clock)
  if (isFailure(client)) return finish(failureEnvelope(client), client)
  // Refused locally, nothing sent (the faces refuse it first, in their own words).
  const badInterval = checkPollInterval(
    request.waitTimeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS,
    request.pollIntervalMs
  )
  if (badInterval !== null) return failureEnvelope(badInterval)

  try {
    if (data.taskId === null) {
      const checked = validateRequest(request.model, request.payload)
      // Refused locally, nothing sent: no run took place, so there is no run data.
      if (!checked.ok) {
        return failureEnvelope({ errorCode: checked.errorCode, errorMessage: checked.errorMessage })
      }
      // Resuming by task id does not use the cache: there is no request to look up.
      cache = ResultCache.open(request, clock)
      digest = cache === null ? null : requestDigest(checked.model, checked.payload)
      if (cache !== null && digest !== null) {
        if (cache.isReadable) {
          const reuse = await reuseCachedResult(cache, digest, request.download?.path, data)
          if (reuse.reused) {
            deps.onNote?.(reuseNote(data))
            return finish(
              successEnvelope(null, { status: 'COMPLETED' }),
              reuse.failure ?? undefined
            )
          }
        } else {
          data.cache = missReport(digest, 'a refresh was asked for: rendered again')
        }
      }
      const choice = await chooseKey(
        request,
        { model: checked.model, payload: checked.payload },
        { ...deps, client },
        deadline
      )
      const idempotencyKey = choice?.key ?? request.idempotencyKey
      if (choice?.resumed == null && request.maxCredits !== undefined) {
        const refusal = await quoteFirst(request, { ...deps, client }, deadline)
        if (refusal !== null) return finish(failureEnvelope(refusal), refusal)
      }
      if (idempotencyKey !== undefined) {
        keyBeforeCreate = idempotencyKey
        deps.onIdempotencyKey?.(idempotencyKey, {
          model: request.model,
          payload: request.payload,
          maxCredits: request.maxCredits
        })
      }
      // An interrupt lets the create finish for a moment: its answer is the id to cancel by.
      deps.signal?.throwIfAborted()
      const created = await createWhenAdmitted(
        request,
        idempotencyKey,
        { ...deps, client },
        deadline
      )
      if (!created.ok || created.data === null) return finish(created)
      data.notes = created.data.notes
      data.notes.forEach(note => deps.onNote?.(note))
      data.taskId = created.data.taskId
      data.status = knownStatus(created.data)
      data.creditsCharged = created.data.creditsCharged
      data.idempotentReplay = created.data.idempotentReplay
      deps.onTaskId?.(data.taskId, data.status)
    } else {
      deps.onTaskId?.(data.taskId, null)
    }

    const taskId = data.taskId
    const waited = await waitForTask(client, taskId, {
      clock,
      deadline,
      pollIntervalMs: request.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS,
      maxPollIntervalMs: request.maxPollIntervalMs,
      model: request.model,
      payload: request.payload,
      signal: deps.signal,
      onProgress: deps.onProgress,
      initialStatus: data.status
    })
    data.timings.polls = waited.data?.polls ?? data.timings.polls
    data.status = waited.status ?? data.status
    if (!waited.ok) return finish(waited)

    const detail = await fetchSettledDetail(client, taskId, {
      clock,
      deadline,
      status: waited.status,
      signal: deps.signal
    })
    if (detail.ok && detail.data) {
      data.task = detail.data
      data.videoUrl = detail.data.videoUrl
      data.creditsCharged = detail.data.creditsCharged ?? data.creditsCharged
      data.creditsRefunded = detail.data.creditsRefunded ?? null
      if (detail.data.model && data.model === '') data.model = detail.data.model
    }
    const terminal = waited.status
    if (terminal === 'FAILED') return finish(waited, taskFailure('TASK_FAILED', taskId, data.task))
    if (terminal === 'CANCEL')
      return finish(waited, taskFailure('TASK_CANCELLED', taskId, data.task))
    if (!detail.ok) return finish(detail)
    if (data.videoUrl === null) {
      return finish(waited, {
        errorCode: 'UNKNOWN_ERROR',
        errorMessage: actionableMessage(
          'UNKNOWN_ERROR',
          `Task ${taskId} is COMPLETED but its detail has no output.url or output.videoUrl`
        )
      })
    }
    const unkept =
      cache === null || digest === null
        ? null
        : await keepRenderedResult(cache, digest, data, {
            videoUrl: data.videoUrl,
            baseUrl: client.baseUrl,
            maxBytes: request.download?.maxBytes,
            destination: request.download?.path,
            signal: deps.signal,
            deadline,
            clock
          })
    if (unkept !== null) return finish(waited, unkept)
    if (request.download && data.download === null) {
      const saved = await downloadFile(data.videoUrl, request.download.path, {
        maxBytes: request.download.maxBytes,
        baseUrl: client.baseUrl,
        signal: deps.signal,
        deadline,
        clock,
        retryPolicy: client.retryPolicy
      })
      if (!saved.ok) {
        return finish(waited, unsavedVideoFailure(saved, taskId, data.creditsCharged))
      }
      data.download = { path: saved.path, bytes: saved.bytes }
    }
    return finish(waited)
  } catch (error) {
    if (!deps.signal?.aborted && !isAbortError(error)) throw error
    return finish(failureEnvelope({ errorCode: 'ABORTED', errorMessage: '' }), {
      errorCode: 'ABORTED',
      errorMessage:
        data.taskId === null
          ? // No task id to resume: say so rather than the generic next steps.
            keyBeforeCreate === null
            ? 'The run was interrupted before a task id came back. Check listTasks before running it again (with the same idempotency-key a re-run cannot pay twice).'
            : `The run was interrupted before a task id came back; a task may exist under Idempotency-Key ${keyBeforeCreate}: settleInterrupt (post step, Ctrl-C) claims it (finds it by the key, or replays the create) and cancels it while SUBMITTED, and a re-run with the same key resumes it without paying twice.`
          : actionableMessage(
              'ABORTED',
              `The run was interrupted after ${formatMs(clock.now() - startedAt)} while task ${data.taskId} was ${data.status ?? 'pending'}`
            )
    })
  }
}

/**
 * The key this attempt sends: with a key an earlier run may have sent, its lineage is
 * looked up (one list request) so the request's own newest live task (same key lineage,
 * same model and input) is resumed and a dead one is not replayed. Notes say which; a
 * list failure leaves the base key (upstream replays it only for the same body).
 */
async function chooseKey(
  request: RunRequest,
  sent: RequestContent,
  deps: ReadyDeps,
  deadline: number
): Promise<LineageChoice | null> {
  const base = request.idempotencyKey
  if (base === undefined || request.idempotencyKeyUsedBefore !== true) return null
  const lookup = await lookUpLineages(deps.client, [{ base, ...sent }], {
    signal: deps.signal,
    deadline
  })
  const choice = lookup.choices[0]
  if (choice.foreign.length > 0) {
    const others = choice.foreign.map(task => `${task.taskId} ${task.status}`).join(', ')
    deps.onNote?.(
      `Task(s) under this Idempotency-Key's lineage are not this request's (another model or input, or another job's): ${others}; left alone`
    )
  }
  if (lookup.failure !== null) {
    deps.onNote?.(
      `Could not list the key's tasks (${lookup.failure.errorCode}); the create sends the key as it is, so upstream replays any task it has`
    )
  }
  if (choice.resumed !== null) {
    deps.onNote?.(
      `Task ${choice.resumed.taskId} of an earlier attempt is ${choice.resumed.status} under this Idempotency-Key: it is resumed, not paid again`
    )
  } else if (choice.dead.length > 0) {
    const dead = choice.dead.map(task => `${task.taskId} ${task.status}`).join(', ')
    deps.onNote?.(
      `Every task of earlier attempts ended without a video (${dead}; refunded): starting a new task for this attempt`
    )
  }
  return choice
}

/**
 * The create, sent again after a 429 while the deadline allows, as batch creates are: a
 * refused create created nothing, so resending it is safe even without a key. Waits follow
 * Retry-After (capped like every server delay), else the client's retry policy's backoff; a wait that would end past
 * the deadline is not begun, and RATE_LIMITED keeps the retryAfter upstream gave.
 */
async function createWhenAdmitted(
  request: RunRequest,
  idempotencyKey: string | undefined,
  deps: ReadyDeps,
  deadline: number
): ReturnType<typeof createWithGrace> {
  const clock = deps.clock ?? systemClock
  for (let attempt = 0; ; attempt++) {
    const created = await createWithGrace(deps.client, request.model, request.payload, {
      idempotencyKey,
      maxCredits: request.maxCredits,
      webhookUrl: request.webhookUrl,
      deadline,
      clock,
      interrupt: deps.signal
    })
    if (created.errorCode !== 'RATE_LIMITED') return created
    const now = clock.now()
    if (isRetryPastDeadline(created.retryAfter, now, deadline)) return created
    // The client's one retry policy (its injected randomness), as batch creates use it.
    const delayMs = deps.client.retryPolicy.delay(
      attempt + 1,
      created.retryAfter === null ? null : created.retryAfter * 1000
    )
    if (now + delayMs >= deadline) return created
    deps.onNote?.(
      `The create was rate limited (HTTP 429), so no task was made: sending it again in ${formatMs(delayMs)}`
    )
    await clock.sleep(delayMs, deps.signal)
  }
}

/** With `maxCredits`: the quote, checked against the cap and the balance; the refusal, or null. */
async function quoteFirst(
  request: RunRequest,
  deps: ReadyDeps,
  deadline: number
): Promise<Failure | null> {
  const decision = await guardSpend(
    deps.client,
    [
      {
        name: 'this video',
        model: request.model,
        payload: request.payload,
        maxCredits: request.maxCredits
      }
    ],
    // The key's tasks were looked up already; a resumed task never gets here.
    { signal: deps.signal ?? new AbortController().signal, deadline, mayReplay: false }
  )
  deps.onSpend?.(decision.report)
  return decision.refusal
}

function taskFailure(
  code: Extract<ErrorCode, 'TASK_FAILED' | 'TASK_CANCELLED'>,
  taskId: string,
  task: TaskDetail | null
): Failure {
  const reason = task?.output?.error ?? task?.output?.msg
  const state = code === 'TASK_FAILED' ? 'FAILED' : 'was cancelled'
  const what = `Task ${taskId} ${state}${typeof reason === 'string' && reason !== '' ? `: ${reason}` : ''}`
  return { errorCode: code, errorMessage: actionableMessage(code, what) }
}

/** The log line of a reused result: which task rendered it, when, and what it saved. */
function reuseNote(data: RunData): string {
  const report = data.cache
  const saved =
    report !== null && report.creditsSaved > 0 ? `, ${report.creditsSaved} credits saved` : ''
  return `Reused the video of task ${data.taskId} from the result cache (stored ${report?.at ?? 'earlier'}): nothing sent, 0 credits charged${saved}`
}
