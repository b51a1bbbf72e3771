import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import { isAbortError, type Clock } from './clock.js'
import type { CreateData } from './client.js'
import { ConcurrencyLimit, forEachLimited } from './concurrency-limit.js'
import { createDeadlineSignal, type DeadlineSignal } from './deadline.js'
import { downloadFile, type DownloadResult } from './download.js'
import { failureEnvelope, successEnvelope, type Envelope, type Failure } from './envelope.js'
import type { ErrorCode } from './error-codes.js'
import { actionableMessage } from './errors.js'
import { DEFAULT_BACKOFF, backoffDelay } from './retry-timing.js'
import type {
  BatchEvent,
  BatchItemResult,
  BatchOptions,
  BatchResult,
  BatchTotals
} from './batch.js'
import { itemIdempotencyKey } from './batch-item-key.js'
import { defaultItemName, itemLabel, type BatchItem, type ValidItem } from './batch-validation.js'
import { watchTasks, type TaskWatch, type WatchedTask } from './wait-many.js'
import { formatMs } from './wait.js'
import {
  DEFAULT_POLL_INTERVAL_MS,
  DEFAULT_WAIT_TIMEOUT_MS,
  emptyRunData,
  type RunData
} from './workflow.js'

/** Network failures of a create with an Idempotency-Key retried beyond the transport's own. */
const CREATE_NETWORK_ROUNDS = 3

interface Slot {
  index: number
  name: string
  data: RunData
  startedAt: number
  result: BatchItemResult | null
}

/**
 * One batch's run once its items are validated and priced: schedules the creations, hands
 * each task to the shared watch, and collects every item's envelope.
 */
export class BatchRun {
  private readonly slots: Slot[]
  private readonly started: number
  private readonly deadline: number
  private readonly byTaskId = new Map<string, Slot>()
  private readonly finishing: Promise<void>[] = []
  private readonly downloads: ConcurrencyLimit
  /** Creations wait until then after the per-key creation limit refused one. */
  private createPausedUntil = 0
  private refusedKey: Failure | null = null

  constructor(
    items: readonly BatchItem[],
    private readonly options: BatchOptions,
    private readonly clock: Clock,
    private readonly concurrency: number
  ) {
    this.started = clock.now()
    this.deadline = this.started + (options.waitTimeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS)
    this.downloads = new ConcurrencyLimit(concurrency)
    this.slots = items.map((item, index) => ({
      index,
      name: typeof item.name === 'string' ? item.name : defaultItemName(index),
      data: emptyRunData(typeof item.model === 'string' ? item.model : '', this.started),
      startedAt: this.started,
      result: null
    }))
  }

  async execute(valid: ValidItem[]): Promise<BatchResult> {
    const deadline = createDeadlineSignal(this.clock, this.deadline, this.options.signal)
    const watch = watchTasks(this.options.client, {
      clock: this.clock,
      deadline: this.deadline,
      pollIntervalMs: this.options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS,
      maxPollIntervalMs: this.options.maxPollIntervalMs,
      signal: this.options.signal,
      onStatus: (taskId, status) => this.onStatus(taskId, status),
      onSettled: (taskId, outcome) => this.onSettled(taskId, outcome),
      onPoll: report =>
        this.report({
          type: 'poll',
          via: report.via,
          requests: report.requests,
          nextPollMs: report.nextPollMs
        })
    })
    try {
      const base =
        this.options.idempotencyKeyBase === undefined
          ? randomUUID()
          : this.options.idempotencyKeyBase
      await forEachLimited(valid, this.concurrency, next =>
        this.create(next, base, watch, deadline)
      )
    } finally {
      watch.close()
      await watch.done
      deadline.dispose()
    }
    await Promise.all(this.finishing)
    return this.result(null)
  }

  /** Creates one item's task and hands it to the watch; never throws. */
  private async create(
    valid: ValidItem,
    base: string | null,
    watch: TaskWatch,
    deadline: DeadlineSignal
  ): Promise<void> {
    const slot = this.slots[valid.index]
    const label = itemLabel(valid.index, valid.item.name)
    slot.startedAt = this.clock.now()
    slot.data.timings.startedAt = new Date(slot.startedAt).toISOString()
    const idempotencyKey = itemIdempotencyKey(valid, base)
    let networkRounds = 0
    let sending = false
    try {
      for (let attempt = 0; ; attempt++) {
        if (this.refusedKey !== null) {
          const refused = this.refusedKey
          return this.finish(
            valid.index,
            failureEnvelope({ ...refused, errorMessage: `${label} was ${refused.errorMessage}` })
          )
        }
        const pause = this.createPausedUntil - this.clock.now()
        if (pause > 0) await this.clock.sleep(pause, deadline.signal)
        sending = true
        const created = await this.options.client.createGeneration(valid.model, valid.payload, {
          idempotencyKey,
          maxCredits: valid.item.maxCredits,
          webhookUrl: this.options.webhookUrl,
          signal: deadline.signal,
          deadline: this.deadline
        })
        sending = false
        if (created.ok && created.data !== null)
          return this.onCreated(slot, created.data, label, watch)
        const code = created.errorCode ?? 'UNKNOWN_ERROR'
        const retryMs = this.createRetryDelay(
          created,
          attempt,
          idempotencyKey !== undefined,
          networkRounds
        )
        if (code === 'NETWORK_ERROR') networkRounds++
        if (retryMs === null) {
          if (code === 'AUTH_FAILED')
            this.refusedKey = withoutTask(created, 'not sent: the API key was refused')
          return this.finish(valid.index, {
            ...created,
            errorMessage: `${label}: ${created.errorMessage}`
          })
        }
        if (code === 'RATE_LIMITED') {
          this.createPausedUntil = Math.max(this.createPausedUntil, this.clock.now() + retryMs)
        } else {
          await this.clock.sleep(retryMs, deadline.signal)
        }
      }
    } catch (error) {
      if (!isAbortError(error) && !deadline.signal.aborted) throw error
      const aborted = this.options.signal?.aborted === true
      const code: ErrorCode = aborted ? 'ABORTED' : 'TIMEOUT'
      const limited = this.createPausedUntil >= this.clock.now()
      const what = aborted
        ? `${label} was interrupted before its task was created`
        : `${label} was not created within the wait-timeout (${formatMs(this.deadline - this.started)})` +
          (limited ? ', still waiting for the per-key creation limit' : '')
      // Cut off mid-request, the create may have reached upstream: only its key can tell.
      const next =
        sending || networkRounds > 0
          ? idempotencyKey === undefined
            ? 'Its create request was cut off, so a task may exist upstream: check listTasks before sending it again.'
            : 'Its create request was cut off, so a task may exist upstream: run the batch again with the same idempotency key to resume it without paying twice.'
          : 'No task was created for it: run the batch again (or raise wait-timeout).'
      this.finish(
        valid.index,
        failureEnvelope({ errorCode: code, errorMessage: `${what}. ${next}` })
      )
    }
  }

  /** How long to wait before creating again, or null to give up. */
  private createRetryDelay(
    created: Envelope<CreateData>,
    attempt: number,
    hasKey: boolean,
    networkRounds: number
  ): number | null {
    const backoff = backoffDelay(Math.min(attempt, 4), DEFAULT_BACKOFF, Math.random)
    // A refused create created nothing, so sending it again is safe even without a key.
    if (created.errorCode === 'RATE_LIMITED') {
      return created.retryAfter !== null ? Math.max(200, created.retryAfter * 1000) : 1000 + backoff
    }
    // Without a key a create lost on the network may have been created: never resend it.
    if (created.errorCode === 'NETWORK_ERROR' && hasKey && networkRounds < CREATE_NETWORK_ROUNDS) {
      return 1000 + backoff
    }
    return null
  }

  private onCreated(slot: Slot, created: CreateData, label: string, watch: TaskWatch): void {
    slot.data.taskId = created.taskId
    slot.data.status = created.status
    slot.data.creditsCharged = created.creditsCharged
    slot.data.idempotentReplay = created.idempotentReplay
    slot.data.notes = created.notes
    created.notes.forEach(note => this.options.onNote?.(`${label}: ${note}`))
    this.byTaskId.set(created.taskId, slot)
    this.options.onTaskId?.(slot.name, created.taskId, created.status)
    this.report({
      type: 'created',
      name: slot.name,
      taskId: created.taskId,
      status: created.status
    })
    watch.add(created.taskId, created.status)
  }

  private onStatus(taskId: string, status: string): void {
    const slot = this.byTaskId.get(taskId)
    if (slot === undefined) return
    slot.data.status = status
    this.report({ type: 'status', name: slot.name, taskId, status })
  }

  private onSettled(taskId: string, outcome: Envelope<WatchedTask>): void {
    const slot = this.byTaskId.get(taskId)
    if (slot === undefined) return
    slot.data.status = outcome.status ?? slot.data.status
    if (outcome.ok && outcome.data !== null) slot.data.timings.polls = outcome.data.polls
    const finishing = this.complete(slot, outcome)
    // A bug surfaces from execute()'s Promise.all, not as an unhandled rejection meanwhile.
    finishing.catch(() => undefined)
    this.finishing.push(finishing)
  }

  /** getTask (when the list did not carry the detail), the outcome, and the download. */
  private async complete(slot: Slot, outcome: Envelope<WatchedTask>): Promise<void> {
    const label = itemLabel(slot.index, slot.name)
    const taskId = outcome.taskId as string
    if (!outcome.ok || outcome.data === null) {
      return this.finish(slot.index, {
        ...outcome,
        data: null,
        errorMessage: `${label}: ${outcome.errorMessage}`
      })
    }
    const status = outcome.data.status
    let task = outcome.data.task
    try {
      if (task === null || (status === 'COMPLETED' && task.videoUrl === null)) {
        const detail = await this.options.client.getTask(taskId, { signal: this.options.signal })
        if (detail.ok && detail.data !== null) task = detail.data
        else if (status === 'COMPLETED') {
          return this.finish(slot.index, {
            ...detail,
            status,
            errorMessage: `${label}: ${detail.errorMessage}`
          })
        }
      }
      if (task !== null) {
        slot.data.task = task
        slot.data.videoUrl = task.videoUrl
        slot.data.creditsCharged = task.creditsCharged ?? slot.data.creditsCharged
        slot.data.creditsRefunded = task.creditsRefunded ?? null
      }
      if (status !== 'COMPLETED') {
        const code = status === 'CANCEL' ? 'TASK_CANCELLED' : 'TASK_FAILED'
        const reason = task?.output?.error ?? task?.output?.msg
        const what = `${label}: task ${taskId} ${status === 'CANCEL' ? 'was cancelled' : 'FAILED'}${typeof reason === 'string' && reason !== '' ? `: ${reason}` : ''}`
        return this.finish(
          slot.index,
          failureEnvelope({ errorCode: code, errorMessage: actionableMessage(code, what) })
        )
      }
      if (slot.data.videoUrl === null) {
        const what = `${label}: task ${taskId} is COMPLETED but its detail has no output.url or output.videoUrl`
        return this.finish(
          slot.index,
          failureEnvelope({
            errorCode: 'UNKNOWN_ERROR',
            errorMessage: actionableMessage('UNKNOWN_ERROR', what)
          })
        )
      }
      if (this.options.downloadDir !== undefined) {
        const saved = await this.save(slot.name, slot.data.videoUrl)
        if (!saved.ok) {
          const failure = { ...saved, errorMessage: `${label}: ${saved.errorMessage}` }
          return this.finish(slot.index, failureEnvelope(failure))
        }
        slot.data.download = { path: saved.path, bytes: saved.bytes }
      }
      this.finish(slot.index, successEnvelope(null))
    } catch (error) {
      if (!isAbortError(error) && !this.options.signal?.aborted) throw error
      const what = `${label}: the batch was interrupted while task ${taskId} was being fetched`
      this.finish(
        slot.index,
        failureEnvelope({ errorCode: 'ABORTED', errorMessage: actionableMessage('ABORTED', what) })
      )
    }
  }

  /** Downloads one video to `<downloadDir>/<name>.mp4`, at most `concurrency` at once. */
  private async save(name: string, url: string): Promise<DownloadResult> {
    const path = join(this.options.downloadDir as string, `${name}.mp4`)
    try {
      return await this.downloads.run(() =>
        downloadFile(url, path, {
          maxBytes: this.options.downloadMaxBytes,
          signal: this.options.signal,
          clock: this.clock
        })
      )
    } catch (error) {
      if (isAbortError(error) || this.options.signal?.aborted) throw error
      // The directory cannot be created or written: a problem with the download-dir input.
      const reason = error instanceof Error ? error.message : String(error)
      const what = `Could not save the video to ${path}: ${reason}`
      return {
        ok: false,
        errorCode: 'INVALID_INPUT',
        errorMessage: actionableMessage('INVALID_INPUT', what)
      }
    }
  }

  /** Settles one item: its envelope gets the item's data, task id, last status and name. */
  finish(index: number, envelope: Envelope<unknown>): void {
    const slot = this.slots[index]
    if (slot.result !== null) return
    const now = this.clock.now()
    slot.data.status = envelope.status ?? slot.data.status
    slot.data.timings.finishedAt = new Date(now).toISOString()
    slot.data.timings.elapsedMs = now - slot.startedAt
    slot.result = {
      name: slot.name,
      ok: envelope.ok,
      status: slot.data.status,
      taskId: slot.data.taskId,
      data: slot.data,
      errorCode: envelope.ok ? null : (envelope.errorCode ?? 'UNKNOWN_ERROR'),
      errorMessage: envelope.ok ? null : (envelope.errorMessage ?? ''),
      retryAfter: envelope.ok ? null : envelope.retryAfter
    }
    this.report({ type: 'finished', name: slot.name, result: slot.result })
  }

  result(errorMessage: string | null): BatchResult {
    const results = this.slots.map(slot => slot.result as BatchItemResult)
    const totals: BatchTotals = {
      items: results.length,
      completed: results.filter(r => r.ok).length,
      failed: results.filter(r => !r.ok).length,
      creditsCharged: sum(results.map(r => r.data?.creditsCharged ?? 0)),
      creditsRefunded: sum(results.map(r => r.data?.creditsRefunded ?? 0))
    }
    const ok = totals.failed === 0
    return {
      ok,
      results,
      totals,
      errorMessage: ok ? null : (errorMessage ?? describeFailures(results))
    }
  }

  private report(event: BatchEvent): void {
    if (this.options.onProgress === undefined) return
    const results = this.slots.map(slot => slot.result)
    this.options.onProgress({
      event,
      items: this.slots.length,
      waiting: this.slots.filter(slot => slot.data.taskId !== null && slot.result === null).length,
      completed: results.filter(r => r?.ok === true).length,
      failed: results.filter(r => r?.ok === false).length,
      elapsedMs: this.clock.now() - this.started
    })
  }
}

function withoutTask(created: Envelope<unknown>, what: string): Failure {
  return {
    errorCode: created.errorCode ?? 'AUTH_FAILED',
    errorMessage: `${what}: ${created.errorMessage ?? ''}`
  }
}

function describeFailures(results: BatchItemResult[]): string {
  const failed = results.filter(r => !r.ok)
  const byCode = new Map<string, string[]>()
  for (const r of failed) {
    const code = r.errorCode ?? 'UNKNOWN_ERROR'
    byCode.set(code, [...(byCode.get(code) ?? []), r.name])
  }
  const parts = [...byCode].map(([code, names]) => {
    const shown =
      names.slice(0, 5).join(', ') + (names.length > 5 ? `, +${names.length - 5} more` : '')
    return `${names.length} ${code} (${shown})`
  })
  return `${failed.length} of ${results.length} batch items failed: ${parts.join('; ')}`
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0)
}
