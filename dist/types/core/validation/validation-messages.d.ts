import type { ErrorObject } from 'ajv';
import type { ModelSpec } from './models.js';
/**
 * The payload path an ajv error is about, as segments; for `required` and
 * `additionalProperties` that includes the missing or extra field itself.
 */
export declare function pathSegments(error: ErrorObject): string[];
/**
 * One issue line for an ajv error (needs ajv's `verbose` option): the field path, what
 * it accepts and what it got. `got` is the caller's own value, which can differ from
 * `error.data` when the value was converted before the check.
 */
export declare function describeError(spec: ModelSpec, payload: Record<string, unknown>, segments: string[], error: ErrorObject, got: unknown): string;
