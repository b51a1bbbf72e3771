import type { Envelope } from '../core/api/envelope.js';
import type { ErrorCode } from '../core/api/error-codes.js';
/** The next steps a message with `code` ends with when an agent reads it. */
export declare function agentAdvice(code: ErrorCode, taskId: string): string;
/**
 * The envelope with the core's next steps (errors.ts) swapped for the agent's, its task
 * id filled in, as the CLI and the action swap them for theirs; a batch's item envelopes too.
 */
export declare function inAgentWords(envelope: Envelope<unknown>): Envelope<unknown>;
