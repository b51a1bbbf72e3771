import { type Client } from './client.js';
import type { Failure } from './envelope.js';
import type { Clock } from '../time/clock.js';
/**
 * Where `run` and `runBatch` get their client: a ready `client`, or else one made from
 * `apiKey` (and `baseUrl`, default `https://aivideomaker.ai`). The library reads no
 * environment variable, so the key must be given here.
 */
export interface ClientSource {
    client?: Client;
    /** Used only when no `client` is given. */
    apiKey?: string;
    /** Used only when no `client` is given. */
    baseUrl?: string;
}
/**
 * The client to use, or the AUTH_FAILED failure when neither a client nor a key is given:
 * the code every face gives for a missing key (nothing is sent).
 */
export declare function resolveClient(source: ClientSource, clock?: Clock): Client | Failure;
export declare function isFailure(value: Client | Failure): value is Failure;
