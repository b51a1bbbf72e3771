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
    /** Each task's creation time from the list, so a list poll can stop past the oldest. */
    private readonly createdAt;
    private closed;
    private ended;
    private startedAt;
    private wake;
    constructor(client: Client, options: WaitManyOptions);
    add(taskId: string, status: string | null, expectation?: TaskExpectation): void;
    close(): void;
    /**
     * Polls until every task settled, the deadline passed or the signal fired. One deadline
     * signal also cuts the waits the loop cannot bound itself (a request in flight, a
     * request-budget pause, waiting for the next task to be added).
     */
    run(): Promise<Map<string, Envelope<WatchedTask>>>;
    /**
     * The last poll, at the deadline: bounded by its own short limit, since a poll started
     * there would otherwise wait out any budget pause far past it. The limit runs on the
     * watcher's clock, like the transport's request timeout (the transport starts no retry
     * past the deadline).
     */
    private checkAtDeadline;
    private report;
    /** Ends every pending task with ABORTED or TIMEOUT, whichever cut the wait short. */
    private endPending;
    /** Resolves on the next add or close; rejects when the signal aborts. */
    private nextAddition;
    /**
     * One list request while more than one task is pending, read only as far as the
     * pending tasks reach; status polls for the rest. Tasks a list read saw are observed
     * even when the read then failed: each was read whole. A list longer than a poll may
     * read is not a failure of the list: the tasks it did not reach are asked one by one.
     */
    private poll;
    /**
     * Status polls for the tasks the list did not answer for. A cycle over a set-aside list
     * stops as soon as the list is due again: at one budget slot per task, finishing a
     * large batch first would keep the list away for minutes.
     */
    private pollEach;
}
