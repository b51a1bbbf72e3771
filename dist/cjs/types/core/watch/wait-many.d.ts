import type { Client } from '../api/client.js';
import type { Envelope } from '../api/envelope.js';
import type { TaskWatch, WaitManyOptions, WatchedTask } from './types.js';
export type { PollReport, TaskWatch, WaitManyOptions, WatchedTask } from './types.js';
/**
 * Waits for one task or many through the client's shared request budget. While more
 * than one task is pending, each cycle asks `GET /api/v1/tasks` (one answer covers every
 * task of the key); one pending task is asked with `getStatus`. Tasks the list cannot
 * answer for (missing from it, e.g. older than the list keeps) are polled one by one;
 * when the list itself cannot answer (an unknown shape or an error twice in a row, or
 * network failures that persist), every task is polled that way until
 * `maxPollIntervalMs` has passed, then the list is tried again. A rate-limited list is
 * waited out, never replaced by more requests.
 *
 * When to poll is `PollSchedule`'s decision: at once for a resumed task, sparsely while
 * no task can plausibly be done yet, every `pollIntervalMs` near each task's expected
 * completion, never sooner than a `Retry-After`. The deadline bounds everything,
 * including budget waits.
 */
export declare function watchTasks(client: Client, options: WaitManyOptions): TaskWatch;
/** Waits for a fixed set of tasks; see `watchTasks`. */
export declare function waitForTasks(client: Client, taskIds: readonly string[], options: WaitManyOptions): Promise<Map<string, Envelope<WatchedTask>>>;
