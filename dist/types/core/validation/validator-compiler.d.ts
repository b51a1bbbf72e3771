import { type ValidateFunction } from 'ajv/dist/2020.js';
import type { ModelSpec } from './models.js';
/**
 * The model's schema compiled by ajv at run time, once per process and model. The bundles
 * in dist/ never run this: scripts/precompiled-validators.mjs swaps this module for the
 * same validators generated ahead of time with ajv's standalone code (same options), so a
 * plain run neither loads ajv nor compiles a schema (about 120 ms of its start-up).
 */
export declare function compileModelValidator(spec: ModelSpec): ValidateFunction;
