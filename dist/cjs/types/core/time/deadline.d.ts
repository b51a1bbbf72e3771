import type { Clock } from './clock.js';
/**
 * An AbortSignal that fires at an absolute clock time, or as soon as the caller's own
 * signal fires. Waits that the code below cannot bound itself (a request-budget queue, a
 * retry sleep inside the transport) then end on time too. `isExpired` tells the deadline
 * apart from the caller's abort, which is reported as ABORTED rather than TIMEOUT.
 */
export interface DeadlineSignal {
    readonly signal: AbortSignal;
    /** True once the deadline has passed (and the caller had not aborted first). */
    isExpired(): boolean;
    /** Stops the deadline timer; call once the work is over. */
    dispose(): void;
}
export declare class DeadlineError extends Error {
    constructor();
}
export declare function createDeadlineSignal(clock: Clock, deadline: number, parent?: AbortSignal): DeadlineSignal;
