/** The environment variables the CLI reads (the seed skill's names). */
export declare const ENV: {
    readonly apiKey: "AIVIDEO_API_KEY";
    readonly timeoutMs: "AIVIDEO_TIMEOUT_MS";
    readonly maxRetries: "AIVIDEO_MAX_RETRIES";
    readonly baseUrl: "AIVIDEO_BASE_URL";
};
export interface CliEnv {
    /** Empty when unset: the client then answers AUTH_FAILED without sending anything. */
    apiKey: string;
    timeoutMs: number;
    maxRetries: number;
    baseUrl: string;
}
export declare const DEFAULT_TIMEOUT_MS: 30000;
export declare const DEFAULT_MAX_RETRIES: 3;
/**
 * The key from AIVIDEO_API_KEY, trimmed as the action trims its env fallback: a secret
 * stored with a trailing newline must work in both faces, and the trimmed key is the one
 * sent (so it is also the one to redact).
 */
export declare function readApiKey(env: Readonly<Record<string, string | undefined>>): string;
/**
 * Reads and checks the environment. An unset or empty variable takes its default; a set
 * one outside its range is a UsageError (a typo should not silently become the default).
 * The key itself is never checked here or echoed in any message.
 */
export declare function readEnv(env: Readonly<Record<string, string | undefined>>): CliEnv;
