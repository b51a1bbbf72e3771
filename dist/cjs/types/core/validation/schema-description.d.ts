/** The parts of a JSON schema node that the messages read. */
export interface SchemaNode {
    type?: string | string[];
    enum?: unknown[];
    minLength?: number;
    maxLength?: number;
    pattern?: string;
    minimum?: number;
    maximum?: number;
    minItems?: number;
    maxItems?: number;
    items?: SchemaNode;
    properties?: Record<string, SchemaNode>;
}
/** Matches the schemas' "pattern": "\\S": the text has something besides whitespace. */
export declare const NON_BLANK_PATTERN = "\\S";
/** The node's `type` as a list (empty when it has none). */
export declare function typesOf(schema: SchemaNode): string[];
/** JSON type names in words: `a string or a number`. */
export declare function describeTypes(types: readonly string[]): string;
/** What a field accepts, in words: `one of "5", "8"`, `an integer from 4 to 15`. */
export declare function describeAllowed(schema: SchemaNode): string;
