import type { Client } from '../api/client.js';
import type { Envelope } from '../api/envelope.js';
import type { WaitManyOptions, WatchedTask } from './wait-many.js';
/** The polling loop behind `watchTasks`: sleeps, polls, and ends what the deadline cuts off. */
export declare class TaskWatcher {
    private readonly client;
    private readonly options;
    private readonly clock;
    private readonly interval;
    private readonly fallback;
    private readonly ledger;
    private closed;
    private wake;
    constructor(client: Client, options: WaitManyOptions);
    add(taskId: string, status: string | null): void;
    close(): void;
    run(): Promise<Map<string, Envelope<WatchedTask>>>;
    private report;
    /** Ends every pending task with ABORTED or TIMEOUT, whichever cut the wait short. */
    private endPending;
    /** Resolves on the next add or close; rejects when the signal aborts. */
    private nextAddition;
    private poll;
    /** Status polls for the tasks the list did not answer for. */
    private pollEach;
}
