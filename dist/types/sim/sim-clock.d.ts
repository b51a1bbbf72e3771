/**
 * Where the simulator's time comes from: task life, rate windows, timestamps and every
 * wait it makes. The same shape as the core's `Clock`, declared here because the
 * simulator stands alone; a test hands both the same clock so they share one timeline.
 */
export interface SimClock {
    now(): number;
    /** Resolves after `ms`, or rejects as soon as `signal` aborts. */
    sleep(ms: number, signal?: AbortSignal): Promise<void>;
}
/** Real time. Its timers are unref'd: a simulator left running never keeps a process alive. */
export declare const realSimClock: SimClock;
