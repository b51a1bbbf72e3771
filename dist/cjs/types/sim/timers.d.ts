import type { SimClock } from './sim-clock.js';
/** A timer `TimerSet.after` started; cancel it with `TimerSet.cancel`. */
export type SimTimer = AbortController;
/**
 * Every timer the simulator starts, on its clock, so stop() can clear them all. A timer
 * cancelled or cleared never runs, even when its wait had already ended.
 */
export declare class TimerSet {
    private readonly clock;
    private readonly timers;
    constructor(clock: SimClock);
    after(ms: number, run: () => void): SimTimer;
    cancel(timer: SimTimer | undefined): void;
    /** Resolves after `ms`; after clearAll() it never resolves, so a stopped server writes nothing more. */
    sleep(ms: number): Promise<void>;
    clearAll(): void;
}
