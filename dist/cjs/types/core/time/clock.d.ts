/** Time source and sleeper, injectable so tests never wait for real time. */
export interface Clock {
    now(): number;
    /** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
    sleep(ms: number, signal?: AbortSignal): Promise<void>;
}
export declare const systemClock: Clock;
/** A sleep that clears its timer when aborted, so no timer outlives its purpose. */
export declare function abortableSleep(ms: number, signal?: AbortSignal): Promise<void>;
export declare function abortReason(signal: AbortSignal): Error;
export declare class AbortError extends Error {
    constructor(message?: string);
}
export declare function isAbortError(error: unknown): boolean;
