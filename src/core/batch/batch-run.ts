import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import type { Clock } from '../time/clock.js'
import type { CreateData } from '../api/client.js'
import { knownStatus } from '../api/created-status.js'
import { forEachLimited } from '../time/concurrency-limit.js'
import { createDeadlineSignal } from '../time/deadline.js'
import { failureEnvelope, successEnvelope, type Envelope, type Failure } from '../api/envelope.js'
import type { BatchOptions, BatchResult } from './types.js'
import { BatchLedger, type Slot } from './batch-ledger.js'
import type { BatchItem, ValidItem } from './batch-validation.js'
import { CreationSchedule } from './creation-schedule.js'
import { ItemCompletion } from './item-completion.js'
import { ResultCache } from '../cache/result-cache.js'
import { requestDigest } from '../run/request-digest.js'
import { missReport, reuseCachedResult } from '../run/cached-result.js'
import { itemLabel } from './batch-validation.js'
import { watchTasks } from '../watch/wait-many.js'
import type { TaskWatch, WatchedTask } from '../watch/types.js'
import { DEFAULT_POLL_INTERVAL_MS, DEFAULT_WAIT_TIMEOUT_MS } from '../run/workflow.js'
import { prefixedMessage } from '../api/advice.js'

/**
 * One batch's run once its items are validated and priced: schedules the creations, hands
 * each task to the shared watch, and collects every item's envelope.
 */
export class BatchRun {
  private readonly started: number
  private readonly deadline: number
  private readonly byTaskId = new Map<string, Slot>()
  private readonly finishing: Promise<void>[] = []
  private readonly ledger: BatchLedger
  private readonly creations: CreationSchedule
  private readonly completion: ItemCompletion
  private readonly cache: ResultCache | null

  constructor(
    private readonly items: readonly BatchItem[],
    private readonly options: BatchOptions,
    private readonly clock: Clock,
    private readonly concurrency: number
  ) {
    this.started = clock.now()
    this.deadline = this.started + (options.waitTimeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS)
    this.ledger = new BatchLedger(items, options, clock, this.started)
    this.creations = new CreationSchedule(options, clock, this.ledger, this.started, this.deadline)
    this.cache = ResultCache.open(options, clock)
    this.completion = new ItemCompletion(
      options,
      clock,
      this.ledger,
      this.deadline,
      concurrency,
      this.cache
    )
  }

  /**
   * Settles every valid item the result cache has (nothing is sent for them) and
   * returns the others, in order: only they are looked up upstream, quoted and created.
   */
  async reuseCached(valid: readonly ValidItem[]): Promise<ValidItem[]> {
    const cache = this.cache
    if (cache === null) return [...valid]
    const hit = new Set<number>()
    await forEachLimited(valid, this.concurrency, async v => {
      const slot = this.ledger.slots[v.index]
      const digest = requestDigest(v.model, v.payload)
      if (!cache.isReadable || v.item.refresh === true) {
        slot.data.cache = missReport(digest, 'a refresh was asked for: rendered again')
        return
      }
      const dir = this.options.downloadDir
      const destination = dir === undefined ? undefined : join(dir, `${slot.name}.mp4`)
      const reuse = await reuseCachedResult(cache, digest, destination, slot.data)
      if (!reuse.reused) return
      hit.add(v.index)
      const failure = reuse.failure
      this.finish(
        v.index,
        failure === null
          ? successEnvelope(null, { status: 'COMPLETED' })
          : failureEnvelope({
              ...failure,
              errorMessage: prefixedMessage(
                `${itemLabel(v.index, v.item.name)}: `,
                failure.errorMessage
              )
            })
      )
    })
    if (hit.size > 0) {
      this.options.onNote?.(
        `${hit.size} of ${valid.length} item(s) reused from the result cache: nothing sent for them, 0 credits charged`
      )
    }
    return valid.filter(v => !hit.has(v.index))
  }

  async execute(valid: ValidItem[]): Promise<BatchResult> {
    const deadline = createDeadlineSignal(this.clock, this.deadline, this.options.signal)
    const watch = this.watch()
    try {
      const base =
        this.options.idempotencyKeyBase === undefined
          ? randomUUID()
          : this.options.idempotencyKeyBase
      await forEachLimited(valid, this.concurrency, next =>
        this.creations.create(next, base, deadline, (slot, created, label) =>
          this.onCreated(slot, created, label, watch)
        )
      )
    } finally {
      watch.close()
      // Disposed even when the wait rejects: its timer would otherwise hold the process open.
      await watch.done.finally(() => deadline.dispose())
    }
    await Promise.all(this.finishing)
    return this.result(null)
  }

  /** Settles one item: its envelope gets the item's data, task id, last status and name. */
  finish(index: number, envelope: Envelope<unknown>): void {
    this.ledger.finish(index, envelope)
  }

  result(errorMessage: string | null, stopped: Failure | null = null): BatchResult {
    return this.ledger.result(errorMessage, stopped)
  }

  private watch(): TaskWatch {
    return watchTasks(this.options.client, {
      clock: this.clock,
      deadline: this.deadline,
      pollIntervalMs: this.options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS,
      maxPollIntervalMs: this.options.maxPollIntervalMs,
      durationScale: this.options.durationScale,
      signal: this.options.signal,
      onStatus: (taskId, status) => this.onStatus(taskId, status),
      onSettled: (taskId, outcome) => this.onSettled(taskId, outcome),
      onPoll: report =>
        this.ledger.report({
          type: 'poll',
          via: report.via,
          requests: report.requests,
          nextPollMs: report.nextPollMs
        })
    })
  }

  private onCreated(slot: Slot, created: CreateData, label: string, watch: TaskWatch): void {
    slot.data.taskId = created.taskId
    slot.data.status = knownStatus(created)
    slot.data.creditsCharged = created.creditsCharged
    slot.data.idempotentReplay = created.idempotentReplay
    slot.data.notes = created.notes
    created.notes.forEach(note => this.options.onNote?.(`${label}: ${note}`))
    this.byTaskId.set(created.taskId, slot)
    this.options.onTaskId?.(slot.name, created.taskId, created.status)
    this.ledger.report({
      type: 'created',
      name: slot.name,
      taskId: created.taskId,
      status: created.status,
      replay: created.idempotentReplay
    })
    const { model, payload } = this.items[slot.index]
    watch.add(created.taskId, knownStatus(created), { model, payload })
  }

  private onStatus(taskId: string, status: string): void {
    const slot = this.byTaskId.get(taskId)
    if (slot === undefined) return
    slot.data.status = status
    this.ledger.report({ type: 'status', name: slot.name, taskId, status })
  }

  private onSettled(taskId: string, outcome: Envelope<WatchedTask>): void {
    const slot = this.byTaskId.get(taskId)
    if (slot === undefined) return
    slot.data.status = outcome.status ?? slot.data.status
    if (outcome.ok && outcome.data !== null) slot.data.timings.polls = outcome.data.polls
    const finishing = this.completion.complete(slot, outcome)
    // A bug surfaces from execute()'s Promise.all, not as an unhandled rejection meanwhile.
    finishing.catch(() => undefined)
    this.finishing.push(finishing)
  }
}
