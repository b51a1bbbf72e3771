import { type Fault } from './faults.js';
import { type ModelName } from './models.js';
import { type SimClock } from './sim-clock.js';
export type RetryAfterFormat = 'seconds' | 'http-date';
export type ResultUrlField = 'url' | 'videoUrl';
export type ListShape = 'array' | 'tasks' | 'data' | 'items';
export type ListIdField = 'id' | 'taskId';
/** How a paged list says where its next page is (`next`: a path; `cursor`: a token; `page`: numbers). */
export type ListPaging = 'next' | 'cursor' | 'page';
/** One API key the simulator accepts, with its own account. */
export interface KeyOptions {
    key: string;
    /** Credits; default 1000. */
    balance?: number;
    /** Models this key may use; default all nine. */
    supportedModels?: string[];
    /** Creations per simulated minute; default 30, -1 = unlimited. */
    generationRequestsPerMinute?: number;
    /** Net credits per simulated day; default -1 = unlimited. */
    dailyCreditLimit?: number;
    /** Reported by the account endpoint only; default -1. */
    creditWarningAt?: number;
}
/** Real milliseconds for every task, replacing the model-based durations (for tests). */
export interface DurationOverride {
    /** How long a task stays SUBMITTED. */
    submittedMs: number;
    /** How long until it is COMPLETED or FAILED. */
    totalMs: number;
}
export interface SimulatorOptions {
    /** 0 (default) picks a free port. */
    port?: number;
    /** Default 127.0.0.1. */
    host?: string;
    /** Default: one key `sim-test-key` with 1000 credits. */
    keys?: KeyOptions[];
    /** Simulated seconds per real second; default 1. `60` runs a 390 s task in 6.5 s. */
    speed?: number;
    durationsMs?: DurationOverride;
    /**
     * Spread of the log-normal generation times around each model's typical time (sigma of
     * the underlying normal; default 0.3, about 30 %; 0 = every task takes exactly the
     * typical time). Ignored when `durationsMs` is given.
     */
    durationSpread?: number;
    /** Share of tasks that end FAILED (0..1, default 0). */
    failureRate?: number;
    /** Makes `failureRate` draws and generation times repeatable. */
    seed?: number;
    /** Task queries per client IP per window; default 60. */
    queryLimit?: number;
    /** Default 60000 / speed, so the limit keeps its ratio to generation time. */
    queryWindowMs?: number;
    /** How 429s from the query and creation limits express `Retry-After`; default 'seconds'. */
    retryAfterFormat?: RetryAfterFormat;
    /** Field of task output holding the result URL; default 'url'. */
    resultUrlField?: ResultUrlField;
    /** Shape of the list answer; default 'tasks' (`{ tasks: [...] }`). */
    listShape?: ListShape;
    /** Id field of list items; default 'id'. */
    listIdField?: ListIdField;
    /**
     * Finished tasks every key's list starts with (default 0): realistic items, drawn from
     * `seed`, made without creations and listed after every real task. Upstream's list
     * only grows; this is how a key with a long history is simulated.
     */
    history?: number;
    /**
     * Items per list page; default 0 = one page holding every task, as upstream answers
     * today. Needs an object `listShape`.
     */
    listPageSize?: number;
    /** How a paged list points at its next page; default 'next'. */
    listPaging?: ListPaging;
    /** Pads the result MP4 to this many bytes with a trailing `free` box. */
    videoBytes?: number;
    faults?: Fault[];
    /**
     * Where the simulator's time comes from (task life, rate windows, timestamps, every
     * wait); default real time. A test hands it the clock its client runs on.
     */
    clock?: SimClock;
}
export interface ResolvedKey {
    key: string;
    balance: number;
    supportedModels: ModelName[];
    generationRequestsPerMinute: number;
    dailyCreditLimit: number;
    creditWarningAt: number;
}
export interface ResolvedOptions {
    port: number;
    host: string;
    keys: ResolvedKey[];
    speed: number;
    durationsMs: DurationOverride | undefined;
    durationSpread: number;
    failureRate: number;
    seed: number | undefined;
    queryLimit: number;
    queryWindowMs: number;
    retryAfterFormat: RetryAfterFormat;
    resultUrlField: ResultUrlField;
    listShape: ListShape;
    listIdField: ListIdField;
    history: number;
    listPageSize: number;
    listPaging: ListPaging;
    videoBytes: number | undefined;
    faults: Fault[];
    clock: SimClock;
}
export declare const DEFAULT_SIM_KEY = "sim-test-key";
export declare const DEFAULT_BALANCE = 1000;
export declare function resolveKey(options: KeyOptions): ResolvedKey;
/** Applies defaults and refuses invalid values with an Error naming the option. */
export declare function resolveOptions(options?: SimulatorOptions): ResolvedOptions;
