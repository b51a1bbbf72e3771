import type { CacheRecord } from './types.js';
/** The record format this code writes and reads; a record of another format is a miss. */
export declare const RECORD_FORMAT = 1;
/**
 * Reads a record file's text as a record of `digest`, or null when it is anything else:
 * not JSON, another format, another digest (a renamed file), a malformed video field.
 * The cache folder comes back from `actions/cache` and could hold anything, so every
 * field is checked before it is trusted.
 */
export declare function parseCacheRecord(text: string, digest: string): CacheRecord | null;
