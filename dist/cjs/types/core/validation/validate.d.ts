import { type ModelName } from './models.js';
export { MAX_PAYLOAD_BYTES } from './payload-size.js';
export type ValidationResult = {
    ok: true;
    model: ModelName;
    payload: Record<string, unknown>;
    notes: string[];
} | {
    ok: false;
    errorCode: 'INVALID_MODEL' | 'INVALID_PAYLOAD';
    errorMessage: string;
    issues: string[];
};
/**
 * Checks a request locally, so nothing is sent (or paid for) when it cannot succeed.
 *
 * - `model` must be one of `MODEL_NAMES`, else `INVALID_MODEL` listing them.
 * - `payload` must be a plain JSON object of at most `MAX_PAYLOAD_BYTES` serialized,
 *   valid against the model's schema (which holds its cross-field rules too), else
 *   `INVALID_PAYLOAD`; `issues` holds one line per problem, each naming the field
 *   path and what it accepts, and `errorMessage` joins them and ends with a hint.
 *
 * On success `payload` is a shallow copy of the caller's object (never the object
 * itself), without `undefined` fields, and with `duration` converted to the type the
 * model expects when the caller gave the other one (`5` -> `"5"` for t2v, `"10"` ->
 * `10` for seedance20); each conversion is described in `notes`.
 */
export declare function validateRequest(model: unknown, payload: unknown): ValidationResult;
