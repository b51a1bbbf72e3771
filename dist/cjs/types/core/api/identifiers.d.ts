/** True for an upstream task id: 1..128 characters of `A-Z a-z 0-9 _ -`. */
export declare function isValidTaskId(id: unknown): id is string;
/** True for an `Idempotency-Key`: 8..128 printable ASCII characters, no spaces. */
export declare function isValidIdempotencyKey(key: unknown): key is string;
