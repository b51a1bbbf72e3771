import { type SettingLabels, type SettingRefusal } from './setting-labels.js';
export declare const DEFAULT_BASE_URL = "https://aivideomaker.ai";
/**
 * Checks a base URL: https, or plain http only on a loopback host (a local simulator or
 * proxy), never with credentials, query or fragment. The key travels in a header, so an
 * http URL to another host would send it in clear text. Other paths are kept (a proxy
 * may serve the API below one), except a trailing `/api/v1`: the client adds that itself.
 * A base URL that holds `apiKey` (as is or encoded, anywhere) is refused, never redacted:
 * a face saves the base URL (the action's GITHUB_STATE) and every request line carries it,
 * so the key would reach files and proxy logs; the message names neither.
 */
export declare function parseBaseUrl(text: string, labels?: SettingLabels, apiKey?: unknown): {
    ok: true;
    url: string;
} | SettingRefusal;
/** Loopback by name or address: `localhost`, 127.0.0.0/8, `::1`. */
export declare function isLoopbackHost(hostname: string): boolean;
