/** Largest serialized payload accepted: 10 MB (10 * 1024 * 1024 bytes of JSON). */
export declare const MAX_PAYLOAD_BYTES: number;
/**
 * Why the payload is too big or cannot be sent as JSON, or null when it serializes to
 * at most `MAX_PAYLOAD_BYTES` of UTF-8. Serialized once: the size is what upstream
 * would receive, and stringify also finds what JSON cannot carry (cycles, BigInt).
 */
export declare function payloadSizeIssue(payload: Record<string, unknown>): string | null;
