import type { Clock } from '../time/clock.js';
import type { Client } from '../api/client.js';
import type { Envelope } from '../api/envelope.js';
import type { OperationName } from '../api/operation-names.js';
import type { BatchItem } from '../batch/batch-validation.js';
import type { BatchProgress } from '../batch/types.js';
import type { SpendDecision, SpendReport } from '../spend/spend-decision.js';
import type { IdempotencySetting, RunContext } from '../run/types.js';
import type { WaitProgress } from '../watch/wait.js';
import type { CacheOptions } from '../cache/types.js';
import type { CreateRequest } from '../tasks/interrupt-settlement.js';
/**
 * Where the caller runs, which decides what `idempotency: auto` means: in a workflow step
 * the key derives from the step and the request (the same for every re-run attempt; none
 * outside a workflow run); on a command line from the request alone (the same command
 * finds its first task again).
 */
export type KeyScope = {
    kind: 'step';
    context: RunContext;
} | {
    kind: 'command';
};
/** Many generations in one operation (`run` with a batch). */
export interface OperationBatch {
    /** The batch's items, as the file gave them (the core validates them). */
    items: BatchItem[];
    /** sha256 of the batch file: part of a workflow step's `auto` key base. */
    contentHash?: string;
    /** Creations in flight at once (default 4, see DEFAULTS). */
    concurrency?: number;
    /** Send the valid items even when others are invalid (default false). */
    continueOnInvalid?: boolean;
    /** Cap on the whole batch's price. */
    maxTotalCredits?: number;
    /** Save each video as `<dir>/<name>.mp4`. */
    download?: {
        dir: string;
        maxBytes?: number;
    };
}
/**
 * One operation as any face asks for it: the action's inputs, the CLI's flags and the
 * library's options all become this, and `performOperation` does the rest.
 */
export interface OperationRequest extends CacheOptions {
    operation: OperationName;
    /** '' or undefined when the operation needs none. */
    model?: string;
    payload?: unknown;
    /** getStatus, getTask, cancelTask; with `run`, resume waiting for this task. */
    taskId?: string;
    /**
     * How a create's Idempotency-Key is chosen (`auto`, `none`, or a key); undefined: none
     * for a single create, and a random base for a batch (safe retries within this call).
     */
    idempotency?: IdempotencySetting;
    /** What `auto` derives from (default `command`). */
    keyScope?: KeyScope;
    /** Cap in credits of one create (a batch item's, unless it has its own). */
    maxCredits?: number;
    webhookUrl?: string;
    /** The whole run's deadline in ms (default DEFAULTS.waitTimeoutMs). */
    waitTimeoutMs?: number;
    /** First poll delay in ms (default DEFAULTS.pollIntervalMs). */
    pollIntervalMs?: number;
    /** `run` and `getTask`: save the video here (a file; see `batch.download` for a batch). */
    download?: {
        path: string;
        maxBytes?: number;
    };
    /** `run` only: many generations instead of one. */
    batch?: OperationBatch;
    /** `account`: models the caller means to use, checked against the key's list. */
    accountModels?: readonly string[];
}
/** What `performOperation` tells its caller while it works; every hook is optional. */
export interface OperationHooks {
    clock?: Clock;
    /** Aborting ends the operation: its envelope says ABORTED (see interrupt settlement). */
    signal?: AbortSignal;
    /**
     * Told a create's Idempotency-Key and its request before the create is sent ("save
     * before you pay"), so an interrupt can settle it (see interrupt-settlement.ts).
     */
    onIdempotencyKey?: (key: string, request: CreateRequest) => void;
    /** Told as soon as a task exists (created or resumed). */
    onTaskId?: (taskId: string, status: string | null) => void;
    /** Single run: each status seen while waiting. */
    onProgress?: (progress: WaitProgress) => void;
    /** Single run: the quote checked against `maxCredits`, before the create. */
    onSpend?: (report: SpendReport) => void;
    /** Local remarks (a coerced duration), each said once. */
    onNote?: (note: string) => void;
    /** Batch: an item's Idempotency-Key and request, before its create is sent. */
    onBatchIdempotencyKey?: (name: string, key: string, request: CreateRequest) => void;
    /** Batch: an item's task id, as soon as it exists. */
    onBatchTaskId?: (name: string, taskId: string, status: string | null) => void;
    /** Batch: every creation, status change, finished item and polling cycle. */
    onBatchProgress?: (progress: BatchProgress) => void;
    /** Batch: the quotes against the caps and the balance, before the first create. */
    onBatchSpend?: (decision: SpendDecision) => void;
}
export interface OperationDeps extends OperationHooks {
    client: Client;
}
/** An operation's outcome: the envelope, plus what a face may show beside it. */
export interface OperationResult {
    /** The one envelope of the operation (a batch's: see `BatchData`). */
    envelope: Envelope<unknown>;
    /** Prices known before anything was created (run and batch), with the local estimate. */
    spend: SpendReport | null;
    /** Problems that did not stop the operation (a model the key may not use, no video yet). */
    warnings: string[];
    /** Local remarks, as told to `onNote`. */
    notes: string[];
    /** The Idempotency-Key the create carried (single create or run), or null. */
    idempotencyKey: string | null;
    /** Absolute path of the saved video (run, getTask with a download), or null. */
    videoPath: string | null;
}
