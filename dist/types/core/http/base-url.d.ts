import { type SettingLabels, type SettingRefusal } from '../api/setting-labels.js';
export declare const DEFAULT_BASE_URL = "https://aivideomaker.ai";
/**
 * Checks a base URL: https, or plain http only on a loopback host (a local simulator or
 * proxy), never with credentials, query or fragment. The key travels in a header, so an
 * http URL to another host would send it in clear text. Other paths are kept (a proxy
 * may serve the API below one), except a trailing `/api/v1`: the client adds that itself.
 */
export declare function parseBaseUrl(text: string, labels?: SettingLabels): {
    ok: true;
    url: string;
} | SettingRefusal;
/** Loopback by name or address: `localhost`, 127.0.0.0/8, `::1`. */
export declare function isLoopbackHost(hostname: string): boolean;
