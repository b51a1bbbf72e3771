/** Something text is written to: process.stdout, process.stderr, or a test's buffer. */
export interface TextSink {
    write(text: string): unknown;
}
/**
 * Wraps a sink so the API key never leaves the process through it, whether written raw,
 * inside JSON text, URL-encoded or base64-encoded (as an upstream answer may echo it).
 * The last line of defence: the core already keeps the raw key out of the messages it builds.
 */
export declare function redactingSink(sink: TextSink, secret: string): TextSink;
