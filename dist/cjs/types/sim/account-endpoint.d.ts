import type { Endpoint } from './sim-context.js';
/** `GET /api/v1/account`: the key check ("doctor") with its limits; -1 means unlimited. */
export declare const getAccount: Endpoint;
