import type { ModelName, Payload } from './models.js';
import type { DurationOverride } from './options.js';
export declare const MINUTE_MS = 60000;
export declare const DAY_MS: number;
/** Converts simulated time to real time: `speed` simulated seconds pass per real second. */
export declare class TimeScale {
    private readonly speed;
    private readonly override;
    constructor(speed: number, override: DurationOverride | undefined);
    realMs(simulatedMs: number): number;
    /** Real milliseconds a new task spends SUBMITTED, and until it is COMPLETED or FAILED. */
    taskDurations(model: ModelName, payload: Payload): DurationOverride;
}
