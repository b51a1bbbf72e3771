/**
 * Text shown back in a message, cut to `max` characters with an ellipsis: a value echoed
 * in an error (a bad flag, a URL, a file name) stays readable however long it was.
 */
export declare function clip(text: string, max?: number): string;
