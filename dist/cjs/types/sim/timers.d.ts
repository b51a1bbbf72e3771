/**
 * Every timer the simulator starts, so stop() can clear them all. Timers are unref'd:
 * a simulator left running must never keep a test process or CLI caller alive by itself.
 */
export declare class TimerSet {
    private readonly timers;
    after(ms: number, run: () => void): NodeJS.Timeout;
    cancel(timer: NodeJS.Timeout | undefined): void;
    /** Resolves after `ms`; after clearAll() it never resolves, so a stopped server writes nothing more. */
    sleep(ms: number): Promise<void>;
    clearAll(): void;
}
