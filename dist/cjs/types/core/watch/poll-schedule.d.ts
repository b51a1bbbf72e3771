export interface PollScheduleOptions {
    /** First delay and shortest interval between polls, in ms (default 5000). */
    pollIntervalMs?: number;
    /** Longest interval, in ms (default 30000), reached while nothing can be done yet. */
    maxPollIntervalMs?: number;
    /**
     * Multiplies the table of typical generation times (default 1); a simulator running
     * 60 times faster than upstream wants 1/60.
     */
    durationScale?: number;
}
/** What is known about a task when it is added to a watch. */
export interface TaskExpectation {
    /** The model it was created with; decides its typical generation time. */
    model?: string | null;
    /** The payload it was created with (t2v takes longer for an 8 s video). */
    payload?: unknown;
}
/** What one polling cycle told the schedule. */
export interface CycleOutcome {
    /** Some task's status changed. */
    changed: boolean;
    /** The longest Retry-After seen, in ms; null when none was given. */
    retryAfterMs: number | null;
    /** A list cycle is one request, timed start to start; per-task cycles rest the whole interval. */
    via: 'list' | 'status';
    /** How long the cycle took, in ms. */
    elapsedMs: number;
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
export declare class PollSchedule {
    private readonly startMs;
    private readonly capMs;
    private readonly scale;
    private readonly tasks;
    /** Observed / typical time of each finished task, per model. */
    private readonly ratios;
    /** Median ratio per model, recomputed only after a settle. */
    private readonly paces;
    private sparseMs;
    private hasResume;
    constructor(options?: PollScheduleOptions);
    /** Starts timing a task; `status` null means nothing is known about it yet (a resume). */
    add(taskId: string, now: number, status: string | null, expectation?: TaskExpectation): void;
    /** A task settled; a terminal status seen at `now` teaches the schedule its model's pace. */
    settle(taskId: string, now: number, isFinished: boolean): void;
    /** The sleep before the first poll of a (re)started watch. */
    firstDelay(now: number): number;
    /** The sleep before the next cycle, after `cycle` ended at `now`. */
    nextDelay(now: number, cycle: CycleOutcome): number;
    /** Expected completion time of a task (clock ms), or null when its model is unknown. */
    expectedAt(taskId: string): number | null;
    /** The interval: dense once any task can plausibly be done, else `sparseMs` cut at that moment. */
    private bounded;
    /** Median observed / typical ratio of the model this run; 1 before any was seen. */
    private paceOf;
}
