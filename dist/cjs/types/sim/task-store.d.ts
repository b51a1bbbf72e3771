import type { Account } from './accounts.js';
import type { ModelName, Payload } from './models.js';
import type { StatsRecorder, TaskStats } from './stats.js';
import type { SimTimer, TimerSet } from './timers.js';
export type TaskStatus = 'SUBMITTED' | 'PROGRESS' | 'COMPLETED' | 'FAILED' | 'CANCEL';
export type TaskOutcome = {
    status: 'COMPLETED';
} | {
    status: 'FAILED';
    reason: string;
};
export interface Task {
    readonly id: string;
    readonly account: Account;
    readonly model: ModelName;
    /** The payload as stored upstream (data-URI images replaced by URLs). */
    readonly input: Payload;
    readonly idempotencyKey: string | null;
    readonly webhookUrl: string | undefined;
    readonly createdAtMs: number;
    /** Real times the task is due to enter PROGRESS and its outcome. */
    readonly progressAtMs: number;
    readonly outcomeAtMs: number;
    readonly outcome: TaskOutcome;
    /** A `stuck` fault was active at creation: the task never leaves SUBMITTED. */
    readonly isStuck: boolean;
    status: TaskStatus;
    readonly creditsCharged: number;
    creditsRefunded: number;
    terminalAtMs: number | null;
    timer?: SimTimer;
}
export type NewTask = Omit<Task, 'id' | 'status' | 'creditsRefunded' | 'terminalAtMs' | 'timer'>;
export interface TaskStoreDeps {
    timers: TimerSet;
    stats: StatsRecorder;
    now: () => number;
    /** Called after every status change (webhooks). */
    onStatusChange: (task: Task) => void;
}
/**
 * All tasks and their lifecycle. Status follows the clock: each task's next transition
 * is applied by a timer (so webhooks fire and refunds land on time) and also on every
 * read (so an answer never lags a timer that is a few milliseconds late).
 */
export declare class TaskStore {
    private readonly deps;
    private readonly tasks;
    private readonly byId;
    private readonly unfinished;
    constructor(deps: TaskStoreDeps);
    create(fields: NewTask): Task;
    /** The task if it belongs to the account: another key's task is as unknown as a missing one. */
    find(id: string, account: Account): Task | undefined;
    /** Any task by id, whoever owns it (result files are public CDN links). */
    findAny(id: string): Task | undefined;
    /** The account's tasks, newest first. */
    listFor(account: Account): Task[];
    /** How many tasks the account has created. */
    countFor(account: Account): number;
    /** Credits charged and not refunded for tasks created at or after `sinceMs`. */
    netCreditsSince(account: Account, sinceMs: number): number;
    /**
     * Cancels a SUBMITTED task with a full refund and returns the credits refunded;
     * undefined when the task has moved on. A task already cancelled refunds 0.
     */
    cancel(task: Task): number | undefined;
    settleAll(): void;
    statsView(): TaskStats[];
    private advance;
    private transition;
    private schedule;
    private nextTransitionAt;
    private refund;
}
