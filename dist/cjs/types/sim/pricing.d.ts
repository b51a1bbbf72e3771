import type { ModelName, Payload } from './models.js';
/** Upstream bills in credits; one credit is one US cent. */
export declare const USD_PER_CREDIT = 0.01;
/** Price of an already validated payload. */
export declare function priceCredits(model: ModelName, payload: Payload): number;
export declare function creditsToUsd(credits: number): number;
