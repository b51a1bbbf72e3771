import { UsageError } from './usage-error.js';
export interface PayloadSource {
    stdin: AsyncIterable<Buffer | string>;
    isStdinTTY: boolean;
    cwd: string;
    /** Told when the CLI waits for input typed on the terminal: `what` it waits for. */
    onWaitingForStdin?: (what: string) => void;
}
/**
 * Turns `--payload` into a value: JSON text as given, `@path` (that one file and no other
 * is read), or `-` (standard input). Throws a UsageError when the file cannot be read,
 * is too large, or the text is not JSON; whether the JSON fits the model is the
 * validator's job.
 */
export declare function readPayload(argument: string, source: PayloadSource): Promise<unknown>;
/**
 * Reads the one file a flag names (`origin`, e.g. `--payload @request.json`) as UTF-8
 * text. A UsageError naming `origin` when it is missing, unreadable or not a regular
 * file; `tooLarge()` when it holds more than `maxBytes`.
 */
export declare function readInputFile(fullPath: string, origin: string, maxBytes: number, tooLarge: () => UsageError): Promise<string>;
/**
 * Reads standard input to its end as UTF-8 text (`what`, e.g. "the payload", for the hint
 * shown on a terminal); a UsageError naming `origin` once it passes `maxBytes`.
 */
export declare function readStdin(source: PayloadSource, maxBytes: number, origin: string, what: string): Promise<string>;
