import { redactText } from '../core/http/secret-redaction.js'

/** Something text is written to: process.stdout, process.stderr, or a test's buffer. */
export interface TextSink {
  write(text: string): unknown
}

/** Shorter secrets would blank out ordinary words; the client applies the same floor. */
const MIN_SECRET_LENGTH = 4

/**
 * Wraps a sink so the API key never leaves the process through it, whether written raw,
 * inside JSON text, URL-encoded or base64-encoded (as an upstream answer may echo it).
 * The last line of defence: the core already keeps the raw key out of the messages it builds.
 */
export function redactingSink(sink: TextSink, secret: string): TextSink {
  if (secret.length < MIN_SECRET_LENGTH) return sink
  return { write: text => sink.write(redactText(text, [secret])) }
}
