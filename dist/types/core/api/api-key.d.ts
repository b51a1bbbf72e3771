import { type SettingLabels, type SettingRefusal } from './setting-labels.js';
/**
 * Refuses a key that no HTTP header can carry, before anything is sent. The message never
 * shows the key, nor the offending character (it is part of the secret).
 */
export declare function checkApiKey(apiKey: string, labels?: SettingLabels): SettingRefusal | null;
