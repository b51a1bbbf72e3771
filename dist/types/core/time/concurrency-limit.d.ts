/**
 * Runs `job` for every item with at most `limit` jobs in flight, taking items in order.
 * Resolves when every job has; the first job that throws rejects it (jobs already
 * started still run to their end, no new one starts).
 *
 * @throws RangeError when `limit` is not a whole number of at least 1.
 */
export declare function forEachLimited<T>(items: readonly T[], limit: number, job: (item: T, index: number) => Promise<void>): Promise<void>;
/** A gate for jobs that start one by one (e.g. downloads): at most `size` run at once, served in order. */
export declare class ConcurrencyLimit {
    private readonly size;
    private active;
    private readonly waiting;
    /** @throws RangeError when `size` is not a whole number of at least 1. */
    constructor(size: number);
    run<T>(job: () => Promise<T>): Promise<T>;
}
