import type { Clock } from '../time/clock.js';
import { type Envelope, type Failure } from '../api/envelope.js';
import type { PollCycle } from './poll-cycle.js';
import type { TaskDetail } from '../api/task-record.js';
import type { WaitManyOptions, WatchedTask } from './types.js';
/**
 * The watched tasks: what each pending one last reported, and each settled one's
 * outcome, told to `onStatus`/`onSettled` as it is learned.
 */
export declare class WatchLedger {
    private readonly options;
    private readonly clock;
    private readonly order;
    private readonly pending;
    private readonly results;
    constructor(options: WaitManyOptions, clock: Clock);
    get pendingCount(): number;
    pendingIds(): string[];
    /** Starts tracking a task; false when it is already watched. */
    add(taskId: string, status: string | null): boolean;
    observe(taskId: string, status: string, task: TaskDetail | null, cycle: PollCycle): void;
    onStatusFailure(taskId: string, answer: Envelope<unknown>, cycle: PollCycle): void;
    failAll(failure: Failure): void;
    /** Ends every pending task with the failure `describe` gives for its last status. */
    failPending(describe: (taskId: string, state: string) => Failure): void;
    /** One outcome per task, in the order they were added. */
    outcomes(): Map<string, Envelope<WatchedTask>>;
    private countUnknownStatus;
    private settleFailure;
    private settle;
}
