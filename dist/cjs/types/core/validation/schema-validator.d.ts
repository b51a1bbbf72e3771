import type { ModelSpec } from './models.js';
/**
 * Checks a payload against the model's JSON schema, which holds every rule (field
 * patterns and the cross-field rules under its top-level `allOf`), and returns one
 * issue line per failing field or rule (empty exactly when the schema accepts it).
 * `originals` holds the caller's values of fields converted before the check, so
 * messages quote what the caller sent.
 */
export declare function schemaIssues(spec: ModelSpec, payload: Record<string, unknown>, originals: Map<string, unknown>): string[];
