import type { Clock } from '../time/clock.js'
import { failureEnvelope, successEnvelope, type Envelope, type Failure } from '../api/envelope.js'
import type { ErrorCode } from '../api/error-codes.js'
import type { PollCycle } from './poll-cycle.js'
import type { TaskDetail } from '../api/task-record.js'
import { isKnownTaskStatus, isTerminalStatus } from '../tasks/task-status.js'
import type { WaitManyOptions, WatchedTask } from './types.js'
import {
  clientFailure,
  isRateLimitPastDeadline,
  ownFailure,
  rateLimitPastDeadline
} from './watch-failure.js'

/** Failures a later poll may not see again. */
const TRANSIENT_CODES: readonly ErrorCode[] = ['RATE_LIMITED', 'NETWORK_ERROR']

interface Tracked {
  status: string | null
  task: TaskDetail | null
  polls: number
  failures: number
  unknownPolls: number
}

/**
 * The watched tasks: what each pending one last reported, and each settled one's
 * outcome, told to `onStatus`/`onSettled` as it is learned.
 */
export class WatchLedger {
  private readonly order: string[] = []
  private readonly pending = new Map<string, Tracked>()
  private readonly results = new Map<string, Envelope<WatchedTask>>()

  constructor(
    private readonly options: WaitManyOptions,
    private readonly clock: Clock
  ) {}

  get pendingCount(): number {
    return this.pending.size
  }

  pendingIds(): string[] {
    return [...this.pending.keys()]
  }

  /** Starts tracking a task; false when it is already watched. */
  add(taskId: string, status: string | null): boolean {
    if (this.pending.has(taskId) || this.results.has(taskId)) return false
    this.order.push(taskId)
    this.pending.set(taskId, { status, task: null, polls: 0, failures: 0, unknownPolls: 0 })
    return true
  }

  observe(taskId: string, status: string, task: TaskDetail | null, cycle: PollCycle): void {
    const tracked = this.pending.get(taskId)
    if (tracked === undefined) return
    tracked.polls++
    tracked.failures = 0
    if (task !== null) tracked.task = task
    if (status !== tracked.status) {
      const previous = tracked.status
      tracked.status = status
      // Learning the first status of a task added without one is not progress.
      if (previous !== null) cycle.changed++
      this.options.onStatus?.(taskId, status, previous)
    }
    if (isTerminalStatus(status)) {
      this.settle(
        taskId,
        successEnvelope<WatchedTask>(
          { status, task, detectedAt: this.clock.now(), polls: tracked.polls },
          { taskId, status }
        )
      )
      return
    }
    this.countUnknownStatus(taskId, status, tracked)
  }

  onStatusFailure(taskId: string, answer: Envelope<unknown>, cycle: PollCycle): void {
    const tracked = this.pending.get(taskId) as Tracked
    const code = answer.errorCode ?? 'UNKNOWN_ERROR'
    if (!TRANSIENT_CODES.includes(code) && code !== 'UNKNOWN_ERROR') {
      this.settleFailure(taskId, clientFailure(answer))
      return
    }
    if (isRateLimitPastDeadline(answer, this.clock.now(), this.options.deadline)) {
      this.settleFailure(taskId, rateLimitPastDeadline(answer, `Polling task ${taskId}`))
      return
    }
    tracked.failures++
    if (answer.retryAfter !== null) {
      cycle.retryAfterMs = Math.max(cycle.retryAfterMs ?? 0, answer.retryAfter * 1000)
    }
    if (tracked.failures >= (this.options.maxConsecutiveFailures ?? 5)) {
      this.settleFailure(taskId, clientFailure(answer, `Polling task ${taskId} kept failing: `))
    }
  }

  failAll(failure: Failure): void {
    for (const taskId of this.pendingIds()) this.settleFailure(taskId, failure)
  }

  /** Ends every pending task with the failure `describe` gives for its last status. */
  failPending(describe: (taskId: string, state: string) => Failure): void {
    for (const [taskId, tracked] of [...this.pending]) {
      this.settleFailure(taskId, describe(taskId, tracked.status ?? 'pending'))
    }
  }

  /** One outcome per task, in the order they were added. */
  outcomes(): Map<string, Envelope<WatchedTask>> {
    return new Map(
      this.order.map(taskId => [taskId, this.results.get(taskId) as Envelope<WatchedTask>])
    )
  }

  private countUnknownStatus(taskId: string, status: string, tracked: Tracked): void {
    tracked.unknownPolls = isKnownTaskStatus(status) ? 0 : tracked.unknownPolls + 1
    if (tracked.unknownPolls >= (this.options.maxUnknownStatusPolls ?? 3)) {
      this.settleFailure(
        taskId,
        ownFailure(
          'UNKNOWN_ERROR',
          `Task ${taskId} reports the unknown status "${status}" (${tracked.unknownPolls} polls in a row); it is neither finished nor known to be running`
        )
      )
    }
  }

  private settleFailure(taskId: string, failure: Failure): void {
    const status = this.pending.get(taskId)?.status ?? null
    this.settle(taskId, failureEnvelope<WatchedTask>(failure, { taskId, status }))
  }

  private settle(taskId: string, outcome: Envelope<WatchedTask>): void {
    this.pending.delete(taskId)
    this.results.set(taskId, outcome)
    this.options.onSettled?.(taskId, outcome)
  }
}
