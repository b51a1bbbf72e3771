/** Something text is written to: process.stdout, process.stderr, or a test's buffer. */
export interface TextSink {
  write(text: string): unknown
}

/** Shorter secrets would blank out ordinary words; the client applies the same floor. */
const MIN_SECRET_LENGTH = 4

/**
 * Wraps a sink so the API key never leaves the process through it, whether written raw or
 * as it appears inside JSON text. The last line of defence: the core already keeps the
 * key out of every message it builds.
 */
export function redactingSink(sink: TextSink, secret: string): TextSink {
  if (secret.length < MIN_SECRET_LENGTH) return sink
  const forms = [...new Set([secret, JSON.stringify(secret).slice(1, -1)])]
  return {
    write: text => sink.write(forms.reduce((out, form) => out.split(form).join('***'), text))
  }
}
