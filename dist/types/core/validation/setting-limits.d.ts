/**
 * The accepted range of every numeric setting, shared by the Action's inputs and the CLI's
 * flags and environment so the two faces never disagree. Durations in ms.
 *
 * wait-timeout reaches 24h because self-hosted runners allow jobs far longer than the 6h of
 * hosted ones, and starts at 100ms (the smallest poll interval) so short deadlines such as
 * `250ms` are accepted.
 */
export interface SettingRange {
    min: number;
    max: number;
    /** The range in words, as error messages show it. */
    words: string;
}
export declare const SETTING_LIMITS: {
    readonly requestTimeoutMs: {
        readonly min: 100;
        readonly max: 600000;
        readonly words: "from 100 to 600000";
    };
    readonly maxRetries: {
        readonly min: 0;
        readonly max: 10;
        readonly words: "from 0 to 10";
    };
    readonly waitTimeoutMs: {
        readonly min: 100;
        readonly max: number;
        readonly words: "from 100ms to 24h";
    };
    readonly pollIntervalMs: {
        readonly min: 100;
        readonly max: number;
        readonly words: "from 100ms to 10m";
    };
    readonly concurrency: {
        readonly min: 1;
        readonly max: 20;
        readonly words: "from 1 to 20";
    };
};
/**
 * Every default and size limit of a setting, in one table for every face: the action's
 * inputs, the CLI's flags and environment, the library's options. action.yml, `--help`
 * and the docs say these values; `__tests__/core/defaults-table.test.ts` checks them.
 */
export declare const DEFAULTS: {
    /** Per HTTP request. */
    readonly requestTimeoutMs: 30000;
    /** Retries of a request that is safe to repeat. */
    readonly maxRetries: 3;
    /** The whole run's (or batch's) deadline, as the inputs spell it and in ms. */
    readonly waitTimeout: "30m";
    readonly waitTimeoutMs: number;
    /** First poll delay, as the inputs spell it and in ms. */
    readonly pollInterval: "5s";
    readonly pollIntervalMs: 5000;
    /** Creations (and downloads) of a batch in flight at once. */
    readonly concurrency: 4;
    /**
     * Largest batch file read, in bytes: far above any sensible batch (1000 items); images
     * belong in URLs, not data: URIs. The same for the action and the CLI.
     */
    readonly batchFileBytes: number;
    /** Largest video a download accepts, in bytes (2 GiB). */
    readonly downloadMaxBytes: number;
    /** How a run uses the result cache (see cache/types.ts). */
    readonly cacheMode: "read-write";
};
/**
 * A whole number written in decimal digits (blanks around it allowed) inside `range`, or
 * null: the one reading of a numeric setting for every face (inputs, flags, environment).
 */
export declare function parseWholeNumber(text: string, range?: {
    min: number;
    max: number;
}): number | null;
