/** Where the CLI writes and what stops it; tests pass their own. */
export interface CliIo {
    stdout: {
        write(text: string): unknown;
    };
    stderr: {
        write(text: string): unknown;
    };
    env: Record<string, string | undefined>;
    /** Stops the simulator like SIGINT/SIGTERM do. */
    signal?: AbortSignal;
}
/**
 * The `aivideomaker-sim` command: starts the simulator, prints the listening line,
 * and resolves after a clean stop. Rejects on bad arguments or options (the message
 * names the flag; it never contains a key).
 */
export declare function runSimulatorCli(argv: string[], io?: CliIo): Promise<void>;
