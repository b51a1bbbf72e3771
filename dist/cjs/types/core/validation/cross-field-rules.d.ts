import type { ModelName } from './models.js';
/** One issue line per broken cross-field rule of the model, in words (empty when none). */
export declare function crossFieldIssues(model: ModelName, payload: Record<string, unknown>): string[];
