/**
 * Every model this project can validate and send, in the order error messages list
 * them: the skill's whitelist first, then the newer models the live service reports
 * in `supportedModels` (see upstream-api.md, "Models").
 */
export declare const MODEL_NAMES: readonly ["t2v", "i2v", "lv", "t2v_v3", "i2v_v3", "minimax", "seedance20", "wan27", "happyhorse"];
export type ModelName = (typeof MODEL_NAMES)[number];
/** A JSON Schema document, as loaded from `schemas/<model>.schema.json`. */
export type JsonSchema = Readonly<Record<string, unknown>>;
export interface ModelSpec {
    readonly name: ModelName;
    /** Human title, from the schema's `title`. */
    readonly title: string;
    /** True for the seed skill's whitelist (t2v, i2v, lv, t2v_v3, i2v_v3). */
    readonly seed: boolean;
    /** The model's request-body schema (draft 2020-12, self-contained: no custom formats). */
    readonly schema: JsonSchema;
    /** How upstream expects `duration`: a string (`"5"`) or a number (`5`). */
    readonly durationType: 'string' | 'number';
    /** Top-level fields holding images (a URL or data URI, or an array of them). */
    readonly imageFields: readonly string[];
}
export declare function isModelName(value: unknown): value is ModelName;
/** The registry entry for a model; check unknown input with `isModelName` first. */
export declare function getModelSpec(name: ModelName): ModelSpec;
