import { type WaitProgress } from '../core/watch/wait.js';
import type { TextSink } from './redaction.js';
/** Where a batch stands after a polling cycle. */
export interface BatchStanding {
    items: number;
    /** Items finished, ok or not. */
    done: number;
    failed: number;
    elapsedMs: number;
    /** Null once nothing is left to poll. */
    nextPollMs: number | null;
}
/** Everything the CLI says on stderr: remarks, and the progress of a wait. */
export interface Reporter {
    /** One remark on its own line (task created, retrying, cancelled, how to resume). */
    note(text: string): void;
    /** Told after every poll (run's onProgress). */
    progress(progress: WaitProgress): void;
    /** Told after every polling cycle of a batch. */
    batch(standing: BatchStanding): void;
    /** Ends the live line and its timer; safe to call more than once. */
    stop(): void;
}
export interface ReporterOptions {
    stderr: TextSink;
    /** stderr is a terminal: one line rewritten in place. */
    isTTY: boolean;
    /** --quiet: nothing at all on stderr. */
    quiet: boolean;
    now?: () => number;
}
/**
 * Every line of text passes `terminalText`, so upstream text carries no escape sequence;
 * the only control codes written are the live line's own (`CLEAR_LINE`).
 *
 * Picks the stderr style: nothing with --quiet; on a terminal a single spinner line that
 * updates in place (`\r` + clear) between polls; otherwise plain, throttled lines, as CI
 * logs show every byte.
 */
export declare function createReporter(options: ReporterOptions): Reporter;
