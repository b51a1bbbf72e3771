/**
 * Names that mean the same thing across models: copying one model's body to
 * another is the most common cause of INVALID_PAYLOAD.
 */
export declare const FIELD_ALIASES: readonly (readonly string[])[];
/**
 * The candidates the caller most likely meant: the same name ignoring case, `_` and
 * `-`; a known alias; the one name it begins (with any name one edit away); or the nearest by a small edit distance
 * (several when tied, e.g. "t2v3" -> t2v, t2v_v3). Empty when nothing is close, or
 * when `input` is blank or longer than 64 characters. `aliases` defaults to none.
 */
export declare function suggestNames(input: string, candidates: readonly string[], aliases?: readonly (readonly string[])[]): string[];
