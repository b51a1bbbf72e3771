import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js'
import type { Envelope } from '../core/api/envelope.js'

/**
 * The envelope as a tool result: JSON text (what every client shows the model) and the same
 * object as structured content. `ok: false` is a tool error whose first line says the
 * code and the advice, so an agent that reads only the start still knows what to do.
 */
export function toolResult(envelope: Envelope<unknown>): CallToolResult {
  const json = JSON.stringify(envelope)
  const content: CallToolResult['content'] = envelope.ok
    ? [{ type: 'text', text: json }]
    : [
        { type: 'text', text: `${envelope.errorCode}: ${envelope.errorMessage}` },
        { type: 'text', text: json }
      ]
  return {
    content,
    structuredContent: envelope as unknown as Record<string, unknown>,
    ...(envelope.ok ? {} : { isError: true })
  }
}
