import type { Envelope } from '../core/api/envelope.js'
import type { TextSink } from './redaction.js'

export interface OutputOptions {
  /** stdout is a terminal: 2-space indented for people. */
  isTTY: boolean
  /** --json: always one line, even on a terminal. */
  json: boolean
}

/**
 * Writes the envelope — and nothing else ever goes to stdout — as one JSON document:
 * indented on a terminal, one line otherwise (or with --json), so `| jq` and scripts
 * always read exactly one value.
 */
export function printEnvelope(
  stdout: TextSink,
  envelope: Envelope<unknown>,
  options: OutputOptions
): void {
  const indent = options.isTTY && !options.json ? 2 : undefined
  stdout.write(`${JSON.stringify(envelope, null, indent)}\n`)
}
