import type { ModelName, Payload } from './models.js';
import type { DurationOverride } from './options.js';
export declare const MINUTE_MS = 60000;
export declare const DAY_MS: number;
/** How generation times are drawn, as `/__sim/stats` reports it. */
export type DurationDistribution = {
    kind: 'log-normal';
    /** Sigma of the underlying normal: about the relative spread (0.3 = ~30 %). */
    spread: number;
    /** Null when the draws come from Math.random. */
    seed: number | null;
    /** Each model's median generation time, simulated seconds. */
    medianSeconds: Record<string, number>;
} | {
    kind: 'fixed';
    submittedMs: number;
    totalMs: number;
};
/** Converts simulated time to real time: `speed` simulated seconds pass per real second. */
export declare class TimeScale {
    private readonly speed;
    private readonly override;
    private readonly spread;
    private readonly seed;
    private readonly random;
    constructor(speed: number, override: DurationOverride | undefined, spread: number, seed: number | undefined, random: () => number);
    realMs(simulatedMs: number): number;
    /**
     * Real milliseconds a new task spends SUBMITTED, and until it is COMPLETED or FAILED:
     * log-normal around the model's typical time, so completions spread out as upstream's do.
     */
    taskDurations(model: ModelName, payload: Payload): DurationOverride;
    distribution(): DurationDistribution;
    /** exp(spread x a standard normal draw), by Box-Muller; 1 when there is no spread. */
    private drawFactor;
}
