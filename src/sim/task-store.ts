import type { Account } from './accounts.js'
import type { ModelName, Payload } from './models.js'
import type { StatsRecorder, TaskStats } from './stats.js'
import { createTaskId } from './task-id.js'
import type { SimTimer, TimerSet } from './timers.js'

export type TaskStatus = 'SUBMITTED' | 'PROGRESS' | 'COMPLETED' | 'FAILED' | 'CANCEL'

export type TaskOutcome = { status: 'COMPLETED' } | { status: 'FAILED'; reason: string }

export interface Task {
  readonly id: string
  readonly account: Account
  readonly model: ModelName
  /** The payload as stored upstream (data-URI images replaced by URLs). */
  readonly input: Payload
  readonly idempotencyKey: string | null
  readonly webhookUrl: string | undefined
  readonly createdAtMs: number
  /** Real times the task is due to enter PROGRESS and its outcome. */
  readonly progressAtMs: number
  readonly outcomeAtMs: number
  readonly outcome: TaskOutcome
  /** A `stuck` fault was active at creation: the task never leaves SUBMITTED. */
  readonly isStuck: boolean
  status: TaskStatus
  readonly creditsCharged: number
  creditsRefunded: number
  terminalAtMs: number | null
  timer?: SimTimer
}

export type NewTask = Omit<Task, 'id' | 'status' | 'creditsRefunded' | 'terminalAtMs' | 'timer'>

export interface TaskStoreDeps {
  timers: TimerSet
  stats: StatsRecorder
  now: () => number
  /** Called after every status change (webhooks). */
  onStatusChange: (task: Task) => void
}

/**
 * All tasks and their lifecycle. Status follows the clock: each task's next transition
 * is applied by a timer (so webhooks fire and refunds land on time) and also on every
 * read (so an answer never lags a timer that is a few milliseconds late).
 */
export class TaskStore {
  private readonly tasks: Task[] = []
  private readonly byId = new Map<string, Task>()
  private readonly unfinished = new Set<Task>()

  constructor(private readonly deps: TaskStoreDeps) {}

  create(fields: NewTask): Task {
    const task: Task = {
      ...fields,
      id: createTaskId(),
      status: 'SUBMITTED',
      creditsRefunded: 0,
      terminalAtMs: null
    }
    this.tasks.push(task)
    this.byId.set(task.id, task)
    this.unfinished.add(task)
    this.schedule(task)
    return task
  }

  /** The task if it belongs to the account: another key's task is as unknown as a missing one. */
  find(id: string, account: Account): Task | undefined {
    const task = this.byId.get(id)
    if (task === undefined || task.account !== account) return undefined
    this.advance(task, this.deps.now())
    return task
  }

  /** Any task by id, whoever owns it (result files are public CDN links). */
  findAny(id: string): Task | undefined {
    const task = this.byId.get(id)
    if (task !== undefined) this.advance(task, this.deps.now())
    return task
  }

  /** The account's tasks, newest first. */
  listFor(account: Account): Task[] {
    this.settleAll()
    return this.tasks.filter(task => task.account === account).reverse()
  }

  /** How many tasks the account has created. */
  countFor(account: Account): number {
    return this.tasks.reduce((sum, task) => sum + (task.account === account ? 1 : 0), 0)
  }

  /** Credits charged and not refunded for tasks created at or after `sinceMs`. */
  netCreditsSince(account: Account, sinceMs: number): number {
    return this.tasks
      .filter(task => task.account === account && task.createdAtMs >= sinceMs)
      .reduce((sum, task) => sum + task.creditsCharged - task.creditsRefunded, 0)
  }

  /**
   * Cancels a SUBMITTED task with a full refund and returns the credits refunded;
   * undefined when the task has moved on. A task already cancelled refunds 0.
   */
  cancel(task: Task): number | undefined {
    this.advance(task, this.deps.now())
    if (task.status === 'CANCEL') return 0
    if (task.status !== 'SUBMITTED') return undefined
    this.deps.timers.cancel(task.timer)
    this.refund(task)
    this.transition(task, 'CANCEL', this.deps.now())
    return task.creditsRefunded
  }

  settleAll(): void {
    const now = this.deps.now()
    for (const task of this.unfinished) this.advance(task, now)
  }

  statsView(): TaskStats[] {
    this.settleAll()
    return this.tasks.map(task => ({
      id: task.id,
      model: task.model,
      status: task.status,
      creditsCharged: task.creditsCharged,
      creditsRefunded: task.creditsRefunded,
      createdAtMs: task.createdAtMs,
      terminalAtMs: task.terminalAtMs
    }))
  }

  private advance(task: Task, now: number): void {
    if (task.status === 'SUBMITTED' && !task.isStuck && now >= task.progressAtMs) {
      this.transition(task, 'PROGRESS', task.progressAtMs)
    }
    if (task.status === 'PROGRESS' && now >= task.outcomeAtMs) {
      if (task.outcome.status === 'FAILED') this.refund(task)
      this.transition(task, task.outcome.status, task.outcomeAtMs)
    }
  }

  private transition(task: Task, status: TaskStatus, atMs: number): void {
    task.status = status
    if (status !== 'PROGRESS') {
      task.terminalAtMs = atMs
      this.unfinished.delete(task)
    }
    this.deps.onStatusChange(task)
    this.schedule(task)
  }

  private schedule(task: Task): void {
    this.deps.timers.cancel(task.timer)
    task.timer = undefined
    const dueAt = this.nextTransitionAt(task)
    if (dueAt === undefined) return
    task.timer = this.deps.timers.after(Math.max(0, dueAt - this.deps.now()), () => {
      task.timer = undefined
      // A real timer may fire a millisecond early; the transition is due by definition.
      this.advance(task, Math.max(this.deps.now(), dueAt))
    })
  }

  private nextTransitionAt(task: Task): number | undefined {
    if (task.status === 'SUBMITTED' && !task.isStuck) return task.progressAtMs
    if (task.status === 'PROGRESS') return task.outcomeAtMs
    return undefined
  }

  private refund(task: Task): void {
    const credits = task.creditsCharged - task.creditsRefunded
    task.account.balance += credits
    task.creditsRefunded += credits
    this.deps.stats.countRefund(credits)
  }
}
