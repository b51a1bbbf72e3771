/** Task statuses the upstream documents. Anything else is unknown: neither success nor in progress forever. */
export declare const KNOWN_TASK_STATUSES: readonly ["SUBMITTED", "PROGRESS", "COMPLETED", "FAILED", "CANCEL"];
export type KnownTaskStatus = (typeof KNOWN_TASK_STATUSES)[number];
export declare function isKnownTaskStatus(value: unknown): value is KnownTaskStatus;
export type TerminalTaskStatus = 'COMPLETED' | 'FAILED' | 'CANCEL';
export declare function isTerminalStatus(status: string | null): status is TerminalTaskStatus;
