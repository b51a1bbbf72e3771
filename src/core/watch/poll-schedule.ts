import { DEFAULT_BACKOFF } from '../http/retry-timing.js'
import { typicalDurationMs } from './typical-duration.js'

/** Each sparse interval without a change is this much longer than the last, up to the cap. */
const POLL_GROWTH = 1.5

/**
 * Earliest plausible completion, as a share of the expected time: upstream's times spread
 * about 30 % (log-normal), and exp(-2 x 0.3) ≈ 0.55 leaves out about 2 % of tasks.
 */
const PLAUSIBLE_SHARE = 0.55

export interface PollScheduleOptions {
  /** First delay and shortest interval between polls, in ms (default 5000). */
  pollIntervalMs?: number
  /** Longest interval, in ms (default 30000), reached while nothing can be done yet. */
  maxPollIntervalMs?: number
  /**
   * Multiplies the table of typical generation times (default 1); a simulator running
   * 60 times faster than upstream wants 1/60.
   */
  durationScale?: number
}

/** What is known about a task when it is added to a watch. */
export interface TaskExpectation {
  /** The model it was created with; decides its typical generation time. */
  model?: string | null
  /** The payload it was created with (t2v takes longer for an 8 s video). */
  payload?: unknown
}

interface Watched {
  addedAt: number
  model: string | null
  /** Typical generation time, scaled; null when the model is unknown. */
  typicalMs: number | null
}

/** What one polling cycle told the schedule. */
export interface CycleOutcome {
  /** Some task's status changed. */
  changed: boolean
  /** The longest Retry-After seen, in ms; null when none was given. */
  retryAfterMs: number | null
  /** A list cycle is one request, timed start to start; per-task cycles rest the whole interval. */
  via: 'list' | 'status'
  /** How long the cycle took, in ms. */
  elapsedMs: number
}

/**
 * The one polling policy, for one task and for many: when to poll next.
 *
 * - A task added without a known status (a resume) is checked at once.
 * - Otherwise the first poll comes after `pollIntervalMs`, and while no task can
 *   plausibly be done the interval grows by 1.5x to `maxPollIntervalMs` (back to the
 *   start on any change), but never sleeps past the moment a task becomes plausible.
 * - From a task's earliest plausible completion on (55 % of its expected time), it
 *   polls every `pollIntervalMs`: the dense phase, where detection lag is what counts.
 * - The expected time is the model's typical time (`typicalDurationMs`), corrected by
 *   what this run observed: the median ratio of observed to typical time of the tasks
 *   of that model that finished.
 * - Never sooner than a `Retry-After` allows.
 */
export class PollSchedule {
  private readonly startMs: number
  private readonly capMs: number
  private readonly scale: number
  private readonly tasks = new Map<string, Watched>()
  /** Observed / typical time of each finished task, per model. */
  private readonly ratios = new Map<string, number[]>()
  /** Median ratio per model, recomputed only after a settle. */
  private readonly paces = new Map<string, number>()
  private sparseMs: number
  private hasResume = false

  constructor(options: PollScheduleOptions = {}) {
    this.startMs = Math.max(0, options.pollIntervalMs ?? 5_000)
    this.capMs = Math.max(this.startMs, options.maxPollIntervalMs ?? 30_000)
    this.scale = options.durationScale ?? 1
    this.sparseMs = this.startMs
  }

  /** Starts timing a task; `status` null means nothing is known about it yet (a resume). */
  add(taskId: string, now: number, status: string | null, expectation: TaskExpectation = {}): void {
    const model = expectation.model ?? null
    const typical = model === null ? null : typicalDurationMs(model, expectation.payload)
    this.tasks.set(taskId, {
      addedAt: now,
      model,
      typicalMs: typical === null ? null : typical * this.scale
    })
    if (status === null) this.hasResume = true
  }

  /** A task settled; a terminal status seen at `now` teaches the schedule its model's pace. */
  settle(taskId: string, now: number, isFinished: boolean): void {
    const task = this.tasks.get(taskId)
    this.tasks.delete(taskId)
    if (!isFinished || task === undefined || task.typicalMs === null || task.model === null) return
    const ratio = (now - task.addedAt) / task.typicalMs
    // A task that was already done when added (a resume) says nothing about the pace.
    if (ratio <= 0) return
    const seen = this.ratios.get(task.model) ?? []
    seen.push(ratio)
    this.ratios.set(task.model, seen)
    const sorted = [...seen].sort((a, b) => a - b)
    this.paces.set(task.model, sorted[Math.floor(sorted.length / 2)])
  }

  /** The sleep before the first poll of a (re)started watch. */
  firstDelay(now: number): number {
    this.sparseMs = this.startMs
    if (this.hasResume) {
      this.hasResume = false
      return 0
    }
    return this.bounded(now, this.startMs)
  }

  /** The sleep before the next cycle, after `cycle` ended at `now`. */
  nextDelay(now: number, cycle: CycleOutcome): number {
    if (this.hasResume) {
      this.hasResume = false
      return 0
    }
    this.sparseMs = cycle.changed
      ? this.startMs
      : Math.min(this.capMs, Math.max(this.startMs, this.sparseMs * POLL_GROWTH))
    const intervalMs = this.bounded(now, this.sparseMs)
    const sleepMs = cycle.via === 'list' ? Math.max(0, intervalMs - cycle.elapsedMs) : intervalMs
    // Never come back before the server said we may (up to the cap on every server delay).
    if (cycle.retryAfterMs === null) return sleepMs
    return Math.max(sleepMs, Math.min(cycle.retryAfterMs, DEFAULT_BACKOFF.maxRetryAfterMs))
  }

  /** Expected completion time of a task (clock ms), or null when its model is unknown. */
  expectedAt(taskId: string): number | null {
    const task = this.tasks.get(taskId)
    if (task === undefined || task.typicalMs === null) return null
    return task.addedAt + task.typicalMs * this.paceOf(task.model)
  }

  /** The interval: dense once any task can plausibly be done, else `sparseMs` cut at that moment. */
  private bounded(now: number, sparseMs: number): number {
    let delay = sparseMs
    for (const task of this.tasks.values()) {
      if (task.typicalMs === null) continue
      const plausibleAt = task.addedAt + task.typicalMs * this.paceOf(task.model) * PLAUSIBLE_SHARE
      delay = Math.min(delay, Math.max(this.startMs, plausibleAt - now))
      if (delay === this.startMs) break
    }
    return delay
  }

  /** Median observed / typical ratio of the model this run; 1 before any was seen. */
  private paceOf(model: string | null): number {
    return (model === null ? undefined : this.paces.get(model)) ?? 1
  }
}
