/**
 * Reads human durations: `250ms`, `90s`, `30m`, `1h`, or a bare number of seconds.
 * Returns milliseconds, or null when the text is not a duration.
 */
export declare function parseDuration(text: string): number | null;
/** Writes a duration for people: `250ms`, `90s`, `2m05s`. */
export declare function formatMs(ms: number): string;
