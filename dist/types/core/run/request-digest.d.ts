/**
 * The version of the request digest's scheme: bumped when what goes into it changes,
 * so an old entry or content key is never taken for a new request.
 */
export declare const REQUEST_DIGEST_SCHEME = 1;
/**
 * The digest of one request: its model and its payload as sent (after local coercion,
 * keys sorted), and the scheme's version. Nothing else: not the API key, not the item's
 * name, not an id. Equal requests get equal digests in every run, batch and repository:
 * the key of the result cache and the root of `content` Idempotency-Keys.
 */
export declare function requestDigest(model: string, payload: unknown): string;
