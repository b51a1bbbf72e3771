import { isAbortError, systemClock, type Clock } from '../time/clock.js'
import type { Client } from '../api/client.js'
import { createDeadlineSignal } from '../time/deadline.js'
import type { Envelope } from '../api/envelope.js'
import { ListFallback } from './list-fallback.js'
import { newPollCycle, type PollCycle } from './poll-cycle.js'
import { PollInterval } from './poll-interval.js'
import type { WaitManyOptions, WatchedTask } from './wait-many.js'
import { formatMs } from './wait.js'
import { ownFailure } from './watch-failure.js'
import { WatchLedger } from './watch-ledger.js'

/** The polling loop behind `watchTasks`: sleeps, polls, and ends what the deadline cuts off. */
export class TaskWatcher {
  private readonly clock: Clock
  private readonly interval: PollInterval
  private readonly fallback: ListFallback
  private readonly ledger: WatchLedger
  private closed = false
  private wake: (() => void) | null = null

  constructor(
    private readonly client: Client,
    private readonly options: WaitManyOptions
  ) {
    this.clock = options.clock ?? systemClock
    this.interval = new PollInterval(options.pollIntervalMs, options.maxPollIntervalMs)
    this.fallback = new ListFallback(options.maxConsecutiveFailures ?? 5)
    this.ledger = new WatchLedger(options, this.clock)
  }

  add(taskId: string, status: string | null): void {
    if (this.ledger.add(taskId, status)) this.wake?.()
  }

  close(): void {
    this.closed = true
    this.wake?.()
  }

  async run(): Promise<Map<string, Envelope<WatchedTask>>> {
    const started = this.clock.now()
    const deadline = createDeadlineSignal(this.clock, this.options.deadline, this.options.signal)
    try {
      for (;;) {
        if (this.ledger.pendingCount === 0) {
          if (this.closed) break
          await this.nextAddition(deadline.signal)
          this.interval.reset()
          continue
        }
        await this.clock.sleep(this.interval.sleepMs, deadline.signal)
        const began = this.clock.now()
        const cycle = await this.poll(deadline.signal)
        this.interval.advance(cycle, () => this.clock.now() - began)
        this.report(cycle)
      }
    } catch (error) {
      if (!isAbortError(error) && !deadline.signal.aborted) throw error
      this.endPending(started)
    } finally {
      deadline.dispose()
    }
    return this.ledger.outcomes()
  }

  private report(cycle: PollCycle): void {
    const pending = this.ledger.pendingCount
    this.options.onPoll?.({
      via: cycle.via,
      requests: cycle.requests,
      pending,
      changed: cycle.changed,
      nextPollMs: pending === 0 && this.closed ? null : this.interval.delayMs
    })
  }

  /** Ends every pending task with ABORTED or TIMEOUT, whichever cut the wait short. */
  private endPending(started: number): void {
    const aborted = this.options.signal?.aborted === true
    const elapsed = formatMs(this.clock.now() - started)
    this.ledger.failPending((taskId, state) =>
      aborted
        ? ownFailure('ABORTED', `Waiting for task ${taskId} was interrupted while it was ${state}`)
        : ownFailure(
            'TIMEOUT',
            `Task ${taskId} is still ${state} after ${elapsed} (wait-timeout reached)`
          )
    )
  }

  /** Resolves on the next add or close; rejects when the signal aborts. */
  private nextAddition(signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        this.wake = null
        reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'))
      }
      if (signal.aborted) return onAbort()
      this.wake = () => {
        this.wake = null
        signal.removeEventListener('abort', onAbort)
        resolve()
      }
      signal.addEventListener('abort', onAbort, { once: true })
    })
  }

  private async poll(signal: AbortSignal): Promise<PollCycle> {
    const cycle = newPollCycle()
    let unanswered = this.ledger.pendingIds()
    if (this.fallback.isListDue()) {
      const answer = await this.client.listTasks({ signal })
      cycle.requests++
      if (answer.ok && answer.data !== null) {
        cycle.via = 'list'
        this.fallback.onAnswered()
        const byId = new Map(answer.data.tasks.map(task => [task.id, task]))
        unanswered = unanswered.filter(taskId => {
          const task = byId.get(taskId)
          if (task !== undefined) this.ledger.observe(taskId, task.status, task, cycle)
          return task === undefined
        })
      } else {
        const verdict = this.fallback.onFailure(answer, cycle)
        if (verdict.next === 'wait') {
          if (verdict.failAll !== null) this.ledger.failAll(verdict.failAll)
          return cycle
        }
      }
    }
    await this.pollEach(unanswered, cycle, signal)
    return cycle
  }

  /** Status polls for the tasks the list did not answer for. */
  private async pollEach(taskIds: string[], cycle: PollCycle, signal: AbortSignal): Promise<void> {
    for (const taskId of taskIds) {
      const answer = await this.client.getStatus(taskId, { signal })
      cycle.requests++
      if (answer.ok && answer.status !== null)
        this.ledger.observe(taskId, answer.status, null, cycle)
      else this.ledger.onStatusFailure(taskId, answer, cycle)
    }
  }
}
