/** A new upstream-style task id: `ck` and 24 random lowercase alphanumerics (cuid-like). */
export declare function createTaskId(): string;
