import type { Client } from '../api/client.js';
import type { Envelope } from '../api/envelope.js';
import { type TaskExpectation } from './poll-schedule.js';
import type { WaitManyOptions, WatchedTask } from './types.js';
/** The polling loop behind `watchTasks`: sleeps, polls, and ends what the deadline cuts off. */
export declare class TaskWatcher {
    private readonly client;
    private readonly options;
    private readonly clock;
    private readonly schedule;
    private readonly fallback;
    private readonly ledger;
    private closed;
    private ended;
    private startedAt;
    private wake;
    constructor(client: Client, options: WaitManyOptions);
    add(taskId: string, status: string | null, expectation?: TaskExpectation): void;
    close(): void;
    /**
     * Polls until every task settled, the deadline passed or the signal fired. With
     * `bySignal`, one deadline signal also cuts waits the loop cannot bound itself (a
     * request-budget pause, waiting for the next task to be added); without it, only the
     * loop's own checks keep the deadline, so a clock whose sleeps return at once works.
     */
    run(bySignal?: boolean): Promise<Map<string, Envelope<WatchedTask>>>;
    private report;
    /** Ends every pending task with ABORTED or TIMEOUT, whichever cut the wait short. */
    private endPending;
    /** Resolves on the next add or close; rejects when the signal aborts. */
    private nextAddition;
    /** One list request while more than one task is pending; status polls for the rest. */
    private poll;
    /**
     * Status polls for the tasks the list did not answer for. A cycle over a set-aside list
     * stops as soon as the list is due again: at one budget slot per task, finishing a
     * large batch first would keep the list away for minutes.
     */
    private pollEach;
}
