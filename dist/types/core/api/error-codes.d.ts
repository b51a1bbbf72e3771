/**
 * Stable error codes. The first eight are the seed skill's; the rest say what the
 * seed's set cannot (see design.md, "The envelope"). `TASK_NOT_CANCELLABLE` (cancel of a
 * task that left SUBMITTED) and `ABORTED` (the caller stopped the wait: Ctrl-C, job
 * cancelled) are ours: neither is a timeout, nor an unknown error. So are
 * `ROUTE_NOT_FOUND` (a 404 that is no task-not-found answer: the base URL is wrong),
 * `RESULT_EXPIRED` (the result link answered 410) and `DOWNLOAD_REFUSED` (the result link
 * or its body broke the download policy): each needs its own advice, none a network one.
 * `LOCAL_IO_ERROR` is a failure of this machine's disk (a folder that is a file, a full
 * disk, a refused rename or permission) after the task exists: the task and its money are
 * upstream and fine, so it is neither retried nor blamed on the network.
 */
export declare const ERROR_CODES: readonly ["INVALID_MODEL", "INVALID_PAYLOAD", "AUTH_FAILED", "RATE_LIMITED", "INSUFFICIENT_CREDITS", "TASK_NOT_FOUND", "NETWORK_ERROR", "UNKNOWN_ERROR", "INVALID_INPUT", "TIMEOUT", "TASK_FAILED", "TASK_CANCELLED", "BUDGET_EXCEEDED", "IDEMPOTENCY_CONFLICT", "TASK_NOT_CANCELLABLE", "ABORTED", "ROUTE_NOT_FOUND", "RESULT_EXPIRED", "DOWNLOAD_REFUSED", "LOCAL_IO_ERROR"];
export type ErrorCode = (typeof ERROR_CODES)[number];
export declare function isErrorCode(value: unknown): value is ErrorCode;
