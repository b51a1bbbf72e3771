import type { Client } from '../api/client.js';
import { type Envelope } from '../api/envelope.js';
import type { Clock } from '../time/clock.js';
import type { TaskDetail } from '../api/task-record.js';
/**
 * getTask calls made after the first one fails transiently. Each call already carries
 * the transport's own retries, so a few more ride out a burst (a soak run saw four
 * connection resets in a row) without stalling a run on a service that is down.
 */
export declare const SETTLED_DETAIL_EXTRA_CALLS = 3;
export interface SettledDetailOptions {
    clock: Clock;
    /** Absolute clock time: no call starts at or past it. */
    deadline: number;
    /** The status the wait ended with; a COMPLETED task's failure says how to fetch it later. */
    status: string | null;
    signal?: AbortSignal;
    /** Default SETTLED_DETAIL_EXTRA_CALLS. */
    extraCalls?: number;
}
/**
 * The detail of a task whose wait has ended: getTask, asked again on transient failures
 * with the client's retry policy (Retry-After first) until it answers, the extra calls run out, or the next
 * call could not start before the deadline. A task that is COMPLETED has been paid for,
 * so its failure says so and how to fetch it; the caller keeps its id and status.
 * Throws only when `signal` aborts.
 */
export declare function fetchSettledDetail(client: Client, taskId: string, options: SettledDetailOptions): Promise<Envelope<TaskDetail>>;
