/** Time source and sleeper, injectable so tests never wait for real time. */
export interface Clock {
    now(): number;
    /** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
    sleep(ms: number, signal?: AbortSignal): Promise<void>;
}
export declare const systemClock: Clock;
/** A sleep that clears its timer when aborted, so no timer outlives its purpose. */
export declare function abortableSleep(ms: number, signal?: AbortSignal): Promise<void>;
/** A signal that aborts after `ms` on a clock, and the means to stop its timer early. */
export interface ClockTimeout {
    readonly signal: AbortSignal;
    /** Stops the timer; call it once the guarded work has ended, however it ended. */
    dispose(): void;
}
/**
 * `AbortSignal.timeout` on any clock: aborts with a `TimeoutError` after `ms` of that
 * clock's time. Request and download timeouts use it, so on a test's clock a slow answer
 * times out in the clock's time, in order with every other timer on it.
 */
export declare function clockTimeout(clock: Clock, ms: number): ClockTimeout;
export declare function abortReason(signal: AbortSignal): Error;
export declare class AbortError extends Error {
    constructor(message?: string);
}
export declare function isAbortError(error: unknown): boolean;
