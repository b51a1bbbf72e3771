import { type Envelope, type Failure } from '../api/envelope.js';
import type { BatchItemResult, BatchResult, BatchTotals } from './types.js';
/**
 * `data` of a batch's envelope, the same through the action, the CLI and the library
 * (documented in docs/batch.md, `#/definitions/batchData` of schemas/envelope.schema.json).
 */
export interface BatchData {
    /** The batch's sums, plus what the quotes said before anything was created. */
    totals: BatchTotals & {
        creditsQuoted: number | null;
    };
    /** One full envelope per item, in the file's order, each with the item's `name`. */
    results: BatchItemResult[];
}
/**
 * The one envelope of a batch: ok only when every item is. Otherwise `failure` (a
 * batch-level stop: invalid items, a refused budget, an interrupt) or the first failed
 * item's code, with the message that names how many failed and why (`result.errorMessage`)
 * followed by the first failure's own words; `retryAfter` is the largest any item asks for.
 */
export declare function batchEnvelope(result: Pick<BatchResult, 'results' | 'totals' | 'errorMessage'> & Partial<Pick<BatchResult, 'stopped'>>, creditsQuoted: number | null, failure?: Failure | null): Envelope<BatchData>;
