import type { IdempotencySetting, ResolvedBatchKeys, ResolvedKey } from '../run/types.js';
import type { KeyScope } from './types.js';
/**
 * A batch's `auto` base on a command line: one fixed base, so each item's key depends on
 * the item alone (name, model, payload). Re-running the same batch replays its tasks, and
 * so does re-running it after one item was edited, for every item but that one.
 */
export declare const COMMAND_BATCH_KEY_BASE = "aivideomaker-cli-batch";
/**
 * The Idempotency-Key of one create, the one rule for every face: in a workflow step
 * `auto` derives from the step and the request; on a command line from the checked
 * request alone; an explicit key may have been sent before; no setting sends none.
 */
export declare function resolveOperationKey(setting: IdempotencySetting | undefined, scope: KeyScope, model: string, payload: unknown): ResolvedKey;
/**
 * The base of a batch's per-item keys: undefined (no setting) gives a random base for
 * this call only, `none` gives no keys, `auto` is the step's or the command's base, and
 * `content` gives no base but a scope each item's key derives from.
 */
export declare function resolveOperationKeyBase(setting: IdempotencySetting | undefined, scope: KeyScope, contentHash: string): ResolvedBatchKeys;
