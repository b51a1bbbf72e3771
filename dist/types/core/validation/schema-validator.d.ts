import type { ModelSpec } from './models.js';
/**
 * Checks a payload against the model's JSON schema and returns one issue line per
 * failing field (empty when valid). `originals` holds the caller's values of fields
 * converted before the check, so messages quote what the caller sent.
 */
export declare function schemaIssues(spec: ModelSpec, payload: Record<string, unknown>, originals: Map<string, unknown>): string[];
