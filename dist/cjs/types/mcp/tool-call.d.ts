import { type Envelope } from '../core/api/envelope.js';
import type { Reporter } from '../cli/progress.js';
import { type ToolSpec } from './tool-catalog.js';
/** What a call runs with besides its arguments. */
export interface ToolCallContext {
    /** The server's environment: AIVIDEO_API_KEY and the other AIVIDEO_* settings. */
    env: Readonly<Record<string, string | undefined>>;
    /** Base of relative `download` and `cache_dir` paths. */
    cwd: string;
    /** Aborted when the client cancels the call. */
    signal: AbortSignal;
    reporter: Reporter;
    userAgent: string;
}
/**
 * Runs one tool call as the CLI runs the same command line: the arguments become the
 * action's flags (`task_id` -> `--task-id`), and the CLI's own parsing, local checks,
 * dispatch and interrupt settlement do the rest, so both faces give the same envelope.
 * Nothing is sent when a check fails. Never throws: a bad call, an API outcome or a bug is
 * an envelope.
 */
export declare function callTool(tool: ToolSpec, args: Readonly<Record<string, unknown>>, context: ToolCallContext): Promise<Envelope<unknown>>;
