/**
 * Limits on a copy of JSON that upstream sent. An answer is untrusted: 100,000 nested
 * arrays parse fine (V8's JSON.parse is iterative) but overflow the stack of any
 * recursive walk, JSON.stringify included. Real answers are a few levels deep and a few
 * hundred values long, so these limits cut only what no answer needs.
 */
export declare const JSON_LIMITS: {
    /** Containers nested deeper than this are replaced by `JSON_CUT_MARK`. */
    maxDepth: number;
    /** Values (containers and leaves) copied in all; the rest are left out. */
    maxValues: number;
};
/** What stands in for a container beyond `maxDepth`. */
export declare const JSON_CUT_MARK = "[cut: nested too deep]";
export interface JsonCopyOptions {
    /** Applied to every string and every object key (e.g. redaction). */
    text?: (value: string) => string;
    maxDepth?: number;
    maxValues?: number;
    /** Told once when the value budget ran out and the copy left values out. */
    onCut?: () => void;
}
/**
 * A copy of a JSON-like value (strings, arrays, plain objects; other values kept as they
 * are) that is at most `maxDepth` containers deep and `maxValues` values large, with
 * `text` applied to every string and key. Iterative and breadth-first: no input can
 * overflow the stack, and the shallow fields (a task's id and status) are copied before
 * anything nested can use up the budget.
 */
export declare function copyJson(value: unknown, options?: JsonCopyOptions): unknown;
