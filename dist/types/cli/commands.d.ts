import { type Envelope } from '../core/api/envelope.js';
import type { Invocation } from './invocation.js';
import type { CommandContext } from './types.js';
export type { CommandContext };
/**
 * Runs the invocation's action against the core and returns its envelope. Never throws
 * for API, network or interrupt outcomes: an interrupt becomes ABORTED (or, for a run
 * whose task was still SUBMITTED, TASK_CANCELLED after cancelling it).
 */
export declare function executeAction(invocation: Invocation, context: CommandContext): Promise<Envelope<unknown>>;
