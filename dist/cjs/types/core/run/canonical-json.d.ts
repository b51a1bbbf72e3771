/** JSON with object keys sorted, so equal payloads hash equally whatever their key order. */
export declare function canonicalJson(value: unknown): string;
