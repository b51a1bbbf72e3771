import { type BatchItem } from './batch-validation.js';
/** Largest batch accepted from one file; split bigger ones across runners (a matrix). */
export declare const MAX_BATCH_ITEMS = 1000;
export type BatchFileResult = {
    ok: true;
    items: BatchItem[];
} | {
    ok: false;
    errorCode: 'INVALID_INPUT';
    errorMessage: string;
    issues: string[];
};
/**
 * Reads a batch file: a JSON or YAML list of `{ name, model, payload,
 * idempotency-key?, max-credits?, refresh? }` (camelCase spellings also accepted), or an object
 * holding that list under `items`. `.json` is read as JSON, `.yml`/`.yaml` as YAML, any
 * other name as JSON and then as YAML. A missing name becomes `item-<n>` (n counted
 * from 1); names must be unique. A payload may also be given as JSON text.
 *
 * Checks the file's structure (every problem at once, each naming its item); models and
 * payloads are checked by `validateBatch`, and named here too when the structure already
 * refuses the file. Failures are INVALID_INPUT.
 */
export declare function parseBatchFile(text: string, fileName: string): BatchFileResult;
