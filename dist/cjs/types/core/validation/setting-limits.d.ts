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
