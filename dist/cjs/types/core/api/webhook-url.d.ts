import { type SettingLabels, type SettingRefusal } from './setting-labels.js';
/**
 * Checks the URL upstream will call on every status change, and returns it in the form
 * sent: the WHATWG serialisation, so a non-ASCII host travels as punycode and a non-ASCII
 * path percent-encoded (a header cannot carry them raw). It must be https and carry no
 * credentials: upstream posts task data there, and a plain-http or credentialled URL
 * leaks both. Plain http is allowed only to a loopback host while the base URL is
 * loopback too, i.e. a local simulator calling a local receiver.
 */
export declare function parseWebhookUrl(text: string, baseUrl: string, labels?: SettingLabels): {
    ok: true;
    url: string;
} | SettingRefusal;
