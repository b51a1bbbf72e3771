import type { ReplyBody } from './reply.js';
import { HistoryBlock } from './task-history.js';
import type { Task } from './task-store.js';
import { type ViewSettings } from './task-views.js';
/** One entry of a key's list, newest first: a real task, or a block of history tasks. */
export type ListEntry = Task | HistoryBlock;
/**
 * A key's list, newest first: its real tasks (newest first) with its history blocks
 * (newest first) placed where they were added, each after the tasks created later.
 */
export declare function listEntries(tasks: readonly Task[], blocks: readonly HistoryBlock[]): ListEntry[];
/** How many items the entries list. */
export declare function countItems(entries: readonly ListEntry[]): number;
/**
 * The list answer for items `from` to `to` (exclusive) of `entries`, in the configured
 * shape, with `extra` top-level fields (paging) after the list. Its length is known up
 * front, and its bytes are made as the socket takes them: a history of 100,000 tasks
 * costs only what a client reads of it. `reportedStatus` (the `unknown-status` fault)
 * replaces the status of real tasks; history tasks always show theirs.
 */
export declare function listBody(entries: readonly ListEntry[], settings: ViewSettings, range: {
    from: number;
    to: number;
}, extra: Record<string, unknown>, reportedStatus?: string): ReplyBody;
