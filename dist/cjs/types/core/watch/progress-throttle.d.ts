import type { WaitProgress } from './wait.js';
/**
 * Wraps a progress printer so long waits log a line when the status changes or at most
 * every `minIntervalMs` — not one line per poll when polls are frequent.
 */
export declare function throttleProgress(print: (progress: WaitProgress) => void, minIntervalMs: number, now?: () => number): (progress: WaitProgress) => void;
