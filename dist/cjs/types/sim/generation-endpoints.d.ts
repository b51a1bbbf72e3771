import type { Endpoint } from './sim-context.js';
/** Asks for a FAILED outcome when found anywhere in a payload (tests of failure handling). */
export declare const FAIL_MARKER = "[sim:fail]";
/** `POST /api/v1/generate/{model}` */
export declare const createGeneration: Endpoint;
/** `POST /api/v1/quote/{model}`: the same checks and price as create; creates nothing. */
export declare const quoteGeneration: Endpoint;
