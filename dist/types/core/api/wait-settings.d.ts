import { type SettingLabels, type SettingRefusal } from './setting-labels.js';
/**
 * Refuses a poll interval longer than the wait's deadline, before anything is sent: the
 * first status check would come only when the deadline is already over, so the run would
 * pay for a task and end in TIMEOUT without ever watching it (`--wait-timeout 5
 * --poll-interval 1m`). Only an interval that was given is checked: the default one (5s)
 * is shortened to the deadline by the watcher, so a short deadline alone stays valid.
 * Null when the two fit.
 */
export declare function checkPollInterval(waitTimeoutMs: number, pollIntervalMs: number | undefined, labels?: SettingLabels): SettingRefusal | null;
