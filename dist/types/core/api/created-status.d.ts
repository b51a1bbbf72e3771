import type { CreateData } from './client.js';
/**
 * The status a create's answer proves, or null when it proves none. Upstream answers a
 * replayed Idempotency-Key with the task it made earlier, but its create answer always
 * says SUBMITTED: the task may long be COMPLETED. A replay is therefore checked at once
 * (null), instead of being waited on a full poll interval as a new task is.
 */
export declare function knownStatus(created: CreateData): string | null;
