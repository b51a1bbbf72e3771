import type { IncomingMessage } from 'node:http';
/**
 * How a list answer is read: item by item, as the bytes arrive, so a key's history of
 * 100,000 tasks costs what its first few items cost. The answer is a bare array, or an
 * object whose list sits under one of `listFields`; the object's other top-level fields
 * named in `topFields` (paging, an error) are kept.
 */
export interface ListStreamOptions {
    /** Fields of an object answer that may hold the list; the first that is an array wins. */
    listFields: readonly string[];
    /** Top-level fields of an object answer worth keeping (paging, error fields). */
    topFields: readonly string[];
    /** Bytes this read may take; past them the read ends as `over-cap`. */
    maxBytes: number;
    /** Told every item in order; `true` means "enough": reading stops and the connection closes. */
    onItem: (item: unknown) => boolean;
}
export type ListStreamResult = 
/** The whole answer was read (`hasList`: it held a list), or `onItem` stopped it. */
{
    end: 'complete' | 'stopped';
    bytes: number;
    hasList: boolean;
    top: Record<string, unknown>;
}
/** More bytes than `maxBytes`: the read was cut, and nothing may be concluded from it. */
 | {
    end: 'over-cap';
    bytes: number;
}
/** The answer is no JSON list or object at all (an HTML page, plain text, nothing). */
 | {
    end: 'not-json';
    bytes: number;
}
/** The connection broke, or the JSON broke off, before the answer ended. */
 | {
    end: 'broken';
    bytes: number;
    reason: string;
};
/**
 * Reads a list answer from `message` without holding it: each item is handed to `onItem`
 * and dropped (the parser keeps no emitted value). Never rejects; closes the connection
 * whenever it stops before the end.
 */
export declare function readListStream(message: IncomingMessage, options: ListStreamOptions): Promise<ListStreamResult>;
