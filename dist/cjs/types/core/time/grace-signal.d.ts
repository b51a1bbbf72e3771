import type { Clock } from './clock.js';
/**
 * An AbortSignal that fires `graceMs` after `parent` does. A create request that is
 * already on its way may have reached upstream, which then charges for the task: letting
 * it finish for a moment after an interrupt brings back the task id, so the face can
 * cancel that task by id instead of guessing by key (the create may land after any look).
 */
export interface GraceSignal {
    readonly signal: AbortSignal;
    /** Stops listening and clears the grace timer; call once the request is over. */
    dispose(): void;
}
export declare function createGraceSignal(clock: Clock, parent: AbortSignal | undefined, graceMs: number): GraceSignal;
