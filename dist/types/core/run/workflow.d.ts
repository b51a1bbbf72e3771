import { type Clock } from '../time/clock.js';
import { type ClientSource } from '../api/client-source.js';
import { type Envelope } from '../api/envelope.js';
import { type WaitProgress } from '../watch/wait.js';
import { type SpendReport } from '../spend/spend-decision.js';
import type { CreateRequest } from '../tasks/interrupt-settlement.js';
import type { RunData } from './types.js';
import type { CacheOptions } from '../cache/types.js';
/** One generation, as every face hands it to the core. */
export interface RunRequest extends CacheOptions {
    model: string;
    payload: unknown;
    /** Resume waiting for an existing task instead of creating one. */
    taskId?: string;
    /**
     * The base of the create's Idempotency-Key lineage: the key of every attempt of this
     * logical request. With `idempotencyKeyUsedBefore`, its earlier tasks are looked up with
     * one list request: the newest live one is resumed (never paid twice), and a new task
     * is made only when every earlier one ended FAILED or CANCEL (see key-lineage.ts).
     */
    idempotencyKey?: string;
    /**
     * True when an earlier run may have sent `idempotencyKey` (an explicit key, a re-run
     * attempt): its lineage is then looked up first. Default false: the create sends the
     * key as it is, and upstream replays whatever task it has (never paying twice).
     */
    idempotencyKeyUsedBefore?: boolean;
    /**
     * Cap in credits, sent as `X-Max-Credits`. The request is quoted first: an over-budget
     * or unaffordable task is refused before its create (a resumed task is not quoted).
     */
    maxCredits?: number;
    webhookUrl?: string;
    /** Overall deadline for the run in ms (default 30 minutes). */
    waitTimeoutMs?: number;
    /**
     * First poll delay in ms (default 5000); grows to `maxPollIntervalMs`. Longer than
     * `waitTimeoutMs`: INVALID_INPUT, nothing sent.
     */
    pollIntervalMs?: number;
    /** Largest poll delay in ms (default 30000). */
    maxPollIntervalMs?: number;
    /** Save the video here once COMPLETED. */
    download?: {
        path: string;
        maxBytes?: number;
    };
}
/** Everything `run` uses besides the request; each has a default but the key (see ClientSource). */
export interface RunDeps extends ClientSource {
    clock?: Clock;
    signal?: AbortSignal;
    onProgress?: (progress: WaitProgress) => void;
    /** Told as soon as a task id exists, so a face can save it before anything else can fail. */
    onTaskId?: (taskId: string, status: string | null) => void;
    /**
     * Told the Idempotency-Key and the request before the create is sent ("save before you
     * pay"): a face that saves them can claim the task (`settleInterrupt`: found by its key,
     * or the create replayed) when the process dies before the answer comes back.
     */
    onIdempotencyKey?: (key: string, request: CreateRequest) => void;
    /** Told the quote of a run with `maxCredits`, before its create. */
    onSpend?: (report: SpendReport) => void;
    /** Local notes (coercions) and other remarks for the log. */
    onNote?: (note: string) => void;
}
export type { RunData };
export declare const DEFAULT_WAIT_TIMEOUT_MS: number;
export declare const DEFAULT_POLL_INTERVAL_MS: 5000;
/** The data of a run before anything has happened: filled in as the run goes. */
export declare function emptyRunData(model: string, startedAt: number): RunData;
/**
 * run = validate -> create -> wait -> getTask -> (download). Never throws for API,
 * network or timeout failures; once a task exists its id is in every envelope, so the
 * caller can always resume or cancel.
 */
export declare function run(request: RunRequest, deps?: RunDeps): Promise<Envelope<RunData>>;
