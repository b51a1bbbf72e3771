import type { Endpoint } from './sim-context.js';
/** What the `unknown-status` fault makes task queries report. */
export declare const UNKNOWN_STATUS = "QUEUED_EXTERNAL";
/** `GET /api/v1/tasks/{taskId}` */
export declare const getTask: Endpoint;
/** `GET /api/v1/tasks/{taskId}/status`: only the status, for polling. */
export declare const getTaskStatus: Endpoint;
/** `PUT /api/v1/tasks/{taskId}/cancel`: only a SUBMITTED task can be cancelled (full refund). */
export declare const cancelTask: Endpoint;
/**
 * `GET /api/v1/tasks`: every task of the key, newest first (history included). With
 * `listPageSize`, one page of them and where the next one is: `next` (a path),
 * `nextCursor` (for `?cursor=`) or `page`/`totalPages` (for `?page=`).
 */
export declare const listTasks: Endpoint;
