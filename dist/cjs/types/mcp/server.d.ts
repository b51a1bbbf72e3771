export interface McpServerOptions {
    /** Default process.env: AIVIDEO_API_KEY (the only source of the key) and AIVIDEO_*. */
    env?: Readonly<Record<string, string | undefined>>;
    /** Base of relative `download` and `cache_dir` paths; default process.cwd(). */
    cwd?: string;
}
/**
 * The server as the package's types show it: the MCP SDK is bundled into dist/mcp.js, not a
 * dependency, so its types cannot appear in ours. `connect` takes any object that implements
 * the SDK's `Transport` (e.g. `StdioServerTransport`, `InMemoryTransport` of your own copy).
 */
export interface McpServerHandle {
    connect(transport: object): Promise<void>;
    close(): Promise<void>;
}
/**
 * An MCP server whose tools run the CLI's operations: generate_video (run), run_batch,
 * quote, get_status, get_task, cancel_task, account. The key comes from the environment
 * only, never from an argument, and is redacted from every result and notification.
 * Connect it to a transport (`serveMcpOverStdio` does, for stdio).
 */
export declare function createMcpServer(options?: McpServerOptions): McpServerHandle;
/**
 * Serves `createMcpServer(options)` on this process's stdin and stdout until stdin ends or
 * the process is told to stop (SIGINT, SIGTERM). Either closes the server, which cancels
 * every call still running as a client's cancellation would: a task still SUBMITTED is
 * cancelled (refunded), as on Ctrl-C. Resolves when the server is closed; the calls'
 * settlement then finishes before the process exits.
 */
export declare function serveMcpOverStdio(options?: McpServerOptions): Promise<void>;
