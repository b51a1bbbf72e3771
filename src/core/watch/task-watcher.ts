import { clockTimeout, isAbortError, systemClock, type Clock } from '../time/clock.js'
import type { Client } from '../api/client.js'
import { createDeadlineSignal } from '../time/deadline.js'
import { isRateLimitPastDeadline, rateLimitPastDeadline } from './watch-failure.js'
import type { Envelope } from '../api/envelope.js'
import { ListFallback } from './list-fallback.js'
import { newPollCycle, type PollCycle } from './poll-cycle.js'
import { scanForPending } from './pending-scan.js'
import { PollSchedule, type TaskExpectation } from './poll-schedule.js'
import type { WaitManyOptions, WatchedTask } from './types.js'
import { formatMs } from '../time/duration.js'
import { ownFailure } from './watch-failure.js'
import { WatchLedger } from './watch-ledger.js'

/** How long a list that could not answer is set aside when no `maxPollIntervalMs` is given. */
const DEFAULT_LIST_RETRY_MS = 30_000

/** How long the one check at the deadline may take (a budget wait included). */
const DEADLINE_CHECK_MS = 5_000

/** The polling loop behind `watchTasks`: sleeps, polls, and ends what the deadline cuts off. */
export class TaskWatcher {
  private readonly clock: Clock
  private readonly schedule: PollSchedule
  private readonly fallback: ListFallback
  private readonly ledger: WatchLedger
  /** Each task's creation time from the list, so a list poll can stop past the oldest. */
  private readonly createdAt = new Map<string, number>()
  private closed = false
  private ended = false
  private startedAt = 0
  private wake: (() => void) | null = null

  constructor(
    private readonly client: Client,
    private readonly options: WaitManyOptions
  ) {
    this.clock = options.clock ?? systemClock
    this.schedule = new PollSchedule(options)
    this.fallback = new ListFallback(
      options.maxConsecutiveFailures ?? 5,
      options.maxPollIntervalMs ?? DEFAULT_LIST_RETRY_MS
    )
    this.ledger = new WatchLedger(
      {
        ...options,
        onSettled: (taskId, outcome) => {
          this.schedule.settle(taskId, this.clock.now(), outcome.ok)
          options.onSettled?.(taskId, outcome)
        }
      },
      this.clock
    )
  }

  add(taskId: string, status: string | null, expectation?: TaskExpectation): void {
    if (!this.ledger.add(taskId, status)) return
    // A create answered after the wait ended (its interrupt let it finish): the task is
    // settled at once, with its id, instead of never.
    if (this.ended) return this.endPending(this.startedAt)
    this.schedule.add(taskId, this.clock.now(), status, expectation)
    this.wake?.()
  }

  close(): void {
    this.closed = true
    this.wake?.()
  }

  /**
   * Polls until every task settled, the deadline passed or the signal fired. One deadline
   * signal also cuts the waits the loop cannot bound itself (a request in flight, a
   * request-budget pause, waiting for the next task to be added).
   */
  async run(): Promise<Map<string, Envelope<WatchedTask>>> {
    const started = this.clock.now()
    this.startedAt = started
    const end = this.options.deadline
    const deadline = createDeadlineSignal(this.clock, end, this.options.signal)
    const signal = deadline.signal
    try {
      let sleepMs = this.schedule.firstDelay(started)
      for (;;) {
        if (this.ledger.pendingCount === 0) {
          if (this.closed) break
          await this.nextAddition(signal)
          sleepMs = this.schedule.firstDelay(this.clock.now())
          continue
        }
        const now = this.clock.now()
        if (now >= end) {
          this.endPending(started)
          break
        }
        const isCutByDeadline = sleepMs > end - now
        // A sleep the deadline cuts ends at it by this loop's own bound (not the deadline
        // signal, which would fire first and end the wait without the check below).
        await this.clock.sleep(
          Math.min(sleepMs, end - now),
          isCutByDeadline ? this.options.signal : signal
        )
        if (this.clock.now() >= end) {
          // The next poll fell past the deadline: one check at it, so a task that finished
          // meanwhile is not reported pending (`--wait-timeout 2s --poll-interval 10m`).
          if (isCutByDeadline) await this.checkAtDeadline()
          continue
        }
        const began = this.clock.now()
        const cycle = await this.poll(signal)
        sleepMs = this.schedule.nextDelay(this.clock.now(), {
          changed: cycle.changed > 0,
          retryAfterMs: cycle.retryAfterMs,
          via: cycle.via,
          elapsedMs: this.clock.now() - began
        })
        this.report(cycle, sleepMs)
      }
    } catch (error) {
      if (!isAbortError(error) && !signal.aborted) throw error
      this.endPending(started)
    } finally {
      this.ended = true
      deadline.dispose()
    }
    return this.ledger.outcomes()
  }

  /**
   * The last poll, at the deadline: bounded by its own short limit, since a poll started
   * there would otherwise wait out any budget pause far past it. The limit runs on the
   * watcher's clock, like the transport's request timeout (the transport starts no retry
   * past the deadline).
   */
  private async checkAtDeadline(): Promise<void> {
    const limit = clockTimeout(this.clock, DEADLINE_CHECK_MS)
    const caller = this.options.signal
    try {
      const signal = caller ? AbortSignal.any([caller, limit.signal]) : limit.signal
      this.report(await this.poll(signal), 0)
    } finally {
      limit.dispose()
    }
  }

  private report(cycle: PollCycle, sleepMs: number): void {
    const pending = this.ledger.pendingCount
    this.options.onPoll?.({
      via: cycle.via,
      requests: cycle.requests,
      pending,
      changed: cycle.changed,
      nextPollMs: pending === 0 && this.closed ? null : sleepMs
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
  private nextAddition(signal: AbortSignal | undefined): Promise<void> {
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        this.wake = null
        reject(signal?.reason instanceof Error ? signal.reason : new Error('aborted'))
      }
      if (signal?.aborted) return onAbort()
      this.wake = () => {
        this.wake = null
        signal?.removeEventListener('abort', onAbort)
        resolve()
      }
      signal?.addEventListener('abort', onAbort, { once: true })
    })
  }

  /**
   * One list request while more than one task is pending, read only as far as the
   * pending tasks reach; status polls for the rest. Tasks a list read saw are observed
   * even when the read then failed: each was read whole. A list longer than a poll may
   * read is not a failure of the list: the tasks it did not reach are asked one by one.
   */
  private async poll(signal: AbortSignal | undefined): Promise<PollCycle> {
    const cycle = newPollCycle()
    let unanswered = this.ledger.pendingIds()
    const isListSetAside = !this.fallback.isListDue(this.clock.now())
    if (unanswered.length > 1 && !isListSetAside) {
      const { seen, answer } = await scanForPending(this.client, unanswered, this.createdAt, {
        signal,
        deadline: this.options.deadline
      })
      cycle.requests += answer.data?.pages ?? 1
      unanswered = unanswered.filter(taskId => {
        const task = seen.get(taskId)
        if (task !== undefined) this.ledger.observe(taskId, task.status, task, cycle)
        return task === undefined
      })
      if (answer.ok || answer.data?.end === 'over-cap') {
        cycle.via = 'list'
        this.fallback.onAnswered()
      } else if (isRateLimitPastDeadline(answer, this.clock.now(), this.options.deadline)) {
        // Sleeping out a Retry-After that ends past the deadline would only turn into TIMEOUT.
        this.ledger.failAll(rateLimitPastDeadline(answer, 'Listing tasks'))
        return cycle
      } else {
        const verdict = this.fallback.onFailure(answer, cycle, this.clock.now())
        if (verdict.next === 'wait') {
          if (verdict.failAll !== null) this.ledger.failAll(verdict.failAll)
          return cycle
        }
      }
    }
    await this.pollEach(unanswered, cycle, signal, isListSetAside)
    return cycle
  }

  /**
   * Status polls for the tasks the list did not answer for. A cycle over a set-aside list
   * stops as soon as the list is due again: at one budget slot per task, finishing a
   * large batch first would keep the list away for minutes.
   */
  private async pollEach(
    taskIds: string[],
    cycle: PollCycle,
    signal: AbortSignal | undefined,
    isListSetAside: boolean
  ): Promise<void> {
    for (const taskId of taskIds) {
      const isListBack =
        isListSetAside && this.ledger.pendingCount > 1 && this.fallback.isListDue(this.clock.now())
      if (isListBack) return
      const answer = await this.client.getStatus(taskId, {
        signal,
        deadline: this.options.deadline
      })
      cycle.requests++
      if (answer.ok && answer.status !== null)
        this.ledger.observe(taskId, answer.status, null, cycle)
      else this.ledger.onStatusFailure(taskId, answer, cycle)
    }
  }
}
