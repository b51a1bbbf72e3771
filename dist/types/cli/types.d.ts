import type { Client } from '../core/api/client.js';
import type { Reporter } from './progress.js';
/** What every command runs with; its own file, so command files never import each other. */
export interface CommandContext {
    client: Client;
    reporter: Reporter;
    /** Aborted by the first Ctrl-C. */
    signal: AbortSignal;
}
