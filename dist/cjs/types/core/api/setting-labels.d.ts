/**
 * The settings whose local checks live in the core. Each face names them its own way
 * (the action's inputs, the CLI's flags and variables, the library's options), so a
 * check is given the face's labels and its message speaks that face's language.
 */
export type Setting = 'apiKey' | 'baseUrl' | 'webhookUrl' | 'waitTimeout' | 'pollInterval';
export type SettingLabels = Readonly<Record<Setting, string>>;
/** The library's names: the options of `createClient` and `createGeneration`. */
export declare const LIBRARY_LABELS: SettingLabels;
/** A local check's refusal: which setting, and the face-worded, actionable message. */
export interface SettingRefusal {
    ok: false;
    setting: Setting;
    errorCode: 'INVALID_INPUT';
    errorMessage: string;
}
