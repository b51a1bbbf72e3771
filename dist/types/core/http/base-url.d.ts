import type { Failure } from '../api/envelope.js';
export declare const DEFAULT_BASE_URL = "https://aivideomaker.ai";
/**
 * Checks a base URL: https, or plain http only on a loopback host (a local simulator or
 * proxy), never with credentials, query or fragment. The key travels in a header, so an
 * http URL to another host would send it in clear text.
 */
export declare function parseBaseUrl(text: string): {
    ok: true;
    url: string;
} | ({
    ok: false;
} & Failure);
export declare function isLoopbackHost(hostname: string): boolean;
