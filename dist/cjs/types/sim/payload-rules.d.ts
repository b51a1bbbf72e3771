import type { ModelName, Payload } from './models.js';
/**
 * Every problem with a payload for a model, each naming its field; empty when valid.
 * Unknown fields are problems too: upstream refuses them rather than ignoring them.
 */
export declare function findPayloadProblems(model: ModelName, payload: Payload): string[];
