import type { Transport } from '../http/transport.js';
import { type TaskDetail } from './task-record.js';
import { type Envelope } from './envelope.js';
/** The first page of the key's task list. */
export declare const TASK_LIST_PATH = "/api/v1/tasks";
/**
 * Bytes one whole-list read may take: what any API answer may be. A poll or a lookup that
 * stops early asks for less (`maxBytes`).
 */
export declare const MAX_LIST_BYTES: number;
/** How one read of the task list ended. */
export interface TaskScan {
    /**
     * `complete`: every page was read to its end, so a task it did not show is not in the
     * list; `stopped`: the visitor had what it needed and the read stopped early;
     * `over-cap` (only on a failure envelope): the list is longer than `maxBytes` allow, and
     * what was read proves nothing about what was not.
     */
    end: 'complete' | 'stopped' | 'over-cap';
    /** Tasks handed to the visitor. */
    items: number;
    /** Body bytes read, over every page. */
    bytes: number;
    /** List requests sent (one per page). */
    pages: number;
}
export interface ScanOptions {
    signal?: AbortSignal;
    deadline?: number;
    /** Bytes the read may take over every page (default 5 MB); past them it fails as `over-cap`. */
    maxBytes?: number;
}
/**
 * Told every task of the list, newest first, as it arrives; returns true once it has what
 * it needs (the rest is not read and the connection is closed).
 */
export type TaskVisitor = (task: TaskDetail) => boolean;
/**
 * Reads the key's task list as a stream, page after page when upstream pages, handing
 * each task to `visit`. A read that runs past `maxBytes`, or meets a task too large to
 * copy whole, fails: a cut list never passes for a short one. Never throws for API or
 * network errors; throws only when `signal` aborts.
 */
export declare function scanTaskList(transport: Transport, redact: (text: string) => string, visit: TaskVisitor, options: ScanOptions): Promise<Envelope<TaskScan>>;
