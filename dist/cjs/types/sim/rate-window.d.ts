/**
 * A sliding-window request limit per client (an IP, or an API key): at most `limit`
 * accepted requests in any `windowMs`. Refused requests are not counted, so a client
 * that waits as told gets through.
 */
export declare class RateWindow {
    private readonly limit;
    private readonly windowMs;
    private readonly accepted;
    constructor(limit: number, windowMs: number);
    /** Milliseconds until `client` may make a request; 0 when it may now. */
    waitMs(client: string, now: number): number;
    record(client: string, now: number): void;
    private recent;
}
