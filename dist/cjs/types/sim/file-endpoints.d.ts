import type { Endpoint } from './sim-context.js';
/**
 * `GET /files/{taskId}.mp4`: the result, like a CDN link — no key, no rate limit, and
 * gone (410) 24 simulated hours after the task completed.
 */
export declare const getVideo: Endpoint;
/** `GET /files/inputs/{name}`: an image that was sent inline as a data URI. */
export declare const getInputFile: Endpoint;
