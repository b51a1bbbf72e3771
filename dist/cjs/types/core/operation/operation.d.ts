import type { OperationDeps, OperationRequest, OperationResult } from './types.js';
/**
 * Performs any of the eight operations — `run` (one generation, a resumed task, or a
 * batch), `createGeneration`, `getStatus`, `getTask` (with a download when asked),
 * `cancelTask`, `listTasks`, `account` (with the caller's models checked against the
 * key's list), `quote` — and returns its one envelope. Every face calls this: the action,
 * the CLI, the library (and any face to come), so each rule is decided here once.
 *
 * Never throws for API, network, timeout or interrupt outcomes: they come back in the
 * envelope (an interrupted `run` says ABORTED with what it knew; its settlement is the
 * face's next call). A call aborted before an answer may reject with the AbortError.
 */
export declare function performOperation(request: OperationRequest, deps: OperationDeps): Promise<OperationResult>;
