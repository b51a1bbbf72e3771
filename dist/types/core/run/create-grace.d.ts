/**
 * How long a create request already sent may still run after an interrupt: upstream may
 * have charged for the task, and its answer carries the id to cancel it by (SIGTERM follows
 * SIGINT 7.5 s later on a runner, so the step still ends in time). A create is never
 * started after the interrupt.
 */
export declare const CREATE_ANSWER_GRACE_MS = 5000;
