import type { Client, CreateOptions } from '../api/client.js';
import type { Clock } from '../time/clock.js';
/**
 * How long a create request already sent may still run after an interrupt: upstream may
 * have charged for the task, and its answer carries the id to cancel it by (SIGTERM follows
 * SIGINT 7.5 s later on a runner, so the step still ends in time). A create is never
 * started after the interrupt.
 */
export declare const CREATE_ANSWER_GRACE_MS = 5000;
/**
 * Sends one create that `interrupt` cuts off only `CREATE_ANSWER_GRACE_MS` after it fires,
 * so the task of a create already on its way comes back with its id. Whether to start it at
 * all is the caller's check (the batch also stops at its deadline).
 */
export declare function createWithGrace(client: Pick<Client, 'createGeneration'>, model: string, payload: unknown, options: Omit<CreateOptions, 'signal'> & {
    clock: Clock;
    interrupt?: AbortSignal;
}): Promise<Awaited<ReturnType<Client['createGeneration']>>>;
