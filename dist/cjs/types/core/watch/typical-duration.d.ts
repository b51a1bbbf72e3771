/** The typical generation time of `model` for this payload; null for a model not in the table. */
export declare function typicalDurationMs(model: string, payload?: unknown): number | null;
