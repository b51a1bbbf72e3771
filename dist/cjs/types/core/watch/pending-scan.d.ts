import type { Client } from '../api/client.js';
import type { Envelope } from '../api/envelope.js';
import type { TaskScan } from '../api/task-list-scan.js';
import type { TaskDetail } from '../api/task-record.js';
/**
 * Bytes one list poll reads at most. The run's own tasks are the newest of the key, so
 * they sit at the head of the list (about 600 bytes each): 1 MB covers more than a
 * thousand pending tasks, and a key's history behind them is never read.
 */
export declare const LIST_POLL_MAX_BYTES: number;
/** What one list poll saw of the pending tasks, and how the read ended. */
export interface PendingScan {
    /** Pending tasks the list showed, by id. */
    seen: Map<string, TaskDetail>;
    answer: Envelope<TaskScan>;
}
/**
 * One list poll for the pending tasks: reads the list (newest first) only until every
 * pending task was seen, or until it passed the creation time of the oldest one (nothing
 * older can be one of them), or `LIST_POLL_MAX_BYTES`. `createdAt` remembers each task's
 * creation time (ms) from the list, across polls: a task not seen yet has none, and then
 * only the other two rules stop the read.
 */
export declare function scanForPending(client: Pick<Client, 'scanTasks'>, pendingIds: readonly string[], createdAt: Map<string, number>, call: {
    signal?: AbortSignal;
    deadline?: number;
}): Promise<PendingScan>;
