/**
 * The forms a secret can reach text in when a service echoes it: as is, JSON-escaped,
 * URL-encoded, hex (lower and upper case: a debug dump of the header bytes), and base64 / base64url at each of the three byte alignments (only the
 * characters that do not depend on the neighbouring bytes, so `base64("user:" + key)`
 * is covered too). Longest first, so a longer form is replaced before a shorter one
 * inside it.
 */
export declare function secretForms(secret: string): string[];
/** `text` with every form of every secret replaced by `***`. */
export declare function redactText(text: string, secrets: readonly string[]): string;
/**
 * A copy of a JSON-like value (strings, arrays, plain objects) with every string, and
 * every object key, redacted as by `redactText`; other values are kept as they are.
 * The copy is bounded as `copyJson` bounds it, so no value can overflow the stack.
 * Returns the value itself when there is nothing to redact.
 */
export declare function redactValue<T>(value: T, secrets: readonly string[]): T;
/** `redactText` for many strings: the secrets' forms are worked out once. */
export declare function textRedaction(secrets: readonly string[]): (text: string) => string;
