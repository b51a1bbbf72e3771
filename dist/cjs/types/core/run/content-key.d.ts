/**
 * The `content` Idempotency-Key of a request within a scope (the repository, or
 * `--key-scope`): derived from the request digest, so every run of the same request in
 * the same scope sends the same key. A later run (a new push, the successor of a
 * cancelled run) then replays the task an earlier one created, free, for as long as
 * upstream keeps keys; the lineage rules (key-lineage.ts) still decide what is resumed.
 * The payload is coerced as it will be sent, so `"5"` and `5` give one key.
 */
export declare function deriveContentKey(scope: string, model: string, payload: unknown): string;
/** The `content` key of a request digest in `scope`. */
export declare function contentKeyOf(scope: string, digest: string): string;
