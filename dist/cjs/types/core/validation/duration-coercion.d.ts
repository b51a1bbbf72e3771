import type { ModelSpec } from './models.js';
/** A payload ready for the checks, and what was changed on the way. */
export interface PreparedPayload {
    payload: Record<string, unknown>;
    notes: string[];
    /** The caller's values of fields that were converted, for error messages. */
    originals: Map<string, unknown>;
}
/**
 * Copies the caller's payload without `undefined` fields and without a `$schema` text
 * (the editor's link to the model schema, never sent), and converts `duration` to
 * the type the model expects when the caller gave the other one (`5` -> `"5"`,
 * `"10"` -> `10`), with one note per conversion. The input is never changed.
 */
export declare function preparePayload(spec: ModelSpec, input: Record<string, unknown>): PreparedPayload;
