import type { IdempotencySetting, ResolvedBatchKeys, ResolvedKey, RunContext, StepIdentity } from './types.js';
import { canonicalJson } from './canonical-json.js';
export { canonicalJson };
/**
 * The Idempotency-Key of a single run: `auto` derives one from the step (repository,
 * workflow, job, run id, step) and the request (model, payload), the same for every
 * attempt of the run, so "Re-run jobs" finds the tasks earlier attempts paid for. Outside
 * a workflow run `auto` sends none: every local run would otherwise replay the first.
 * An auto key of a first attempt is new; every other key may have tasks already.
 */
export declare function resolveRunKey(setting: IdempotencySetting, context: RunContext, model: string, payload: unknown): ResolvedKey;
/**
 * The base of a batch's per-item keys: `auto` derives it from the step and a hash of the
 * whole batch file, so a re-run finds every item's tasks while an edited file starts
 * afresh; `none` -> null (no keys); an explicit key is the base itself; `content` gives
 * no base but a scope, and each item's key derives from its own request. Outside a
 * workflow run `auto` gives undefined: the batch then picks a random base, so retries
 * within it are safe and a new run pays anew.
 */
export declare function resolveBatchKeyBase(setting: IdempotencySetting, context: RunContext, contentHash: string): ResolvedBatchKeys;
/**
 * Derives an Idempotency-Key that is the same for every attempt of one step of one run
 * (the run attempt is deliberately left out), so "Re-run jobs" resumes the task the first
 * attempt paid for instead of paying again. A different model or payload gives a new key.
 */
export declare function deriveIdempotencyKey(identity: StepIdentity, model: string, payload: unknown): string;
/**
 * The `auto` key of a command line (no workflow run to derive it from): the same model
 * and payload give the same key, so running the same command again (after a lost
 * connection, a crash, a TIMEOUT) finds the first task instead of paying twice.
 */
export declare function deriveCommandKey(model: string, payload: unknown): string;
