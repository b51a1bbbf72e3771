/** The JSON kind of a value, as error messages name it: `number`, `array`, `null`. */
export declare function kindOf(value: unknown): string;
/** A short JSON rendering of a value for messages (data URIs are long). */
export declare function preview(value: unknown): string;
/** Joins choices as prose: `a`, `a or b`, `a, b or c`. */
export declare function joinAlternatives(parts: readonly string[]): string;
/** Joins names in double quotes as prose: `"a" or "b"`. */
export declare function quoteAlternatives(names: readonly string[]): string;
/** A count with its noun: `1 item`, `3 items`. */
export declare function plural(count: number, noun: string): string;
