import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Envelope } from '../core/api/envelope.js';
/**
 * The envelope as a tool result: JSON text (what every client shows the model) and the same
 * object as structured content. `ok: false` is a tool error whose first line says the
 * code and the advice, so an agent that reads only the start still knows what to do.
 */
export declare function toolResult(envelope: Envelope<unknown>): CallToolResult;
