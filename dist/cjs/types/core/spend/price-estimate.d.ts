import type { ModelName } from '../validation/models.js';
/**
 * A LOCAL ESTIMATE of the credits a request costs, from the seed skill's reference
 * table: t2v/i2v duration x 1, lv segments x 5 x 15, t2v_v3/i2v_v3 duration x 10.
 * Sources disagree (live notes show t2v x 3 and v3 x 4), so this is only a hint to
 * show beside a request; the `quote` endpoint and a create's `creditsCharged` are the
 * authoritative figures. Never use it to decide spending (use `X-Max-Credits`).
 *
 * Returns null for models without a reference figure (minimax, seedance20, wan27,
 * happyhorse) and for payloads whose duration or segments cannot be read.
 */
export declare function estimateCredits(model: ModelName, payload: Record<string, unknown>): number | null;
