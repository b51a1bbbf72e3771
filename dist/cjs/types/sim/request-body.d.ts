import type { IncomingMessage } from 'node:http';
import type { Payload } from './models.js';
/** Upstream refuses bodies over 10 MB (base64 images make large bodies common). */
export declare const MAX_BODY_BYTES: number;
export type BodyRead = {
    kind: 'read';
    bytes: Buffer;
} | {
    kind: 'too-large';
};
/**
 * Reads the request body. An oversized body is still drained to its end, so the client
 * finishes sending and reads the 413 instead of seeing its upload cut off.
 */
export declare function readBody(request: IncomingMessage): Promise<BodyRead>;
/** The body as a JSON object, or undefined when it is malformed or not an object. */
export declare function parseJsonObject(bytes: Buffer): Payload | undefined;
