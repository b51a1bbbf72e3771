import type { Envelope } from '../core/api/envelope.js';
import { type AdviceCode, type AdviceWords } from '../core/api/advice.js';
/**
 * The next steps in the words of an agent calling tools: tool names and their arguments,
 * and the server's configuration for what only the user can change. Besides the codes
 * every face words, an agent is told which call to make after a rate limit, a wrong route
 * and a refused download; the other codes keep the shared words, which name neither.
 */
export declare const AGENT_ADVICE: AdviceWords;
/** The next steps a message with `code` ends with when an agent reads it. */
export declare function agentAdvice(code: AdviceCode, taskId: string): string;
/**
 * The envelope with its next steps in the agent's words, its task id filled in, as the
 * CLI and the action word theirs (from the core's data, see advice.ts); a batch's item
 * envelopes too.
 */
export declare function inAgentWords(envelope: Envelope<unknown>): Envelope<unknown>;
