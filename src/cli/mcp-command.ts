import type { TextSink } from './redaction.js'

const MCP_HELP = `aivideomaker mcp — serve the tools (generate_video, run_batch, quote, get_status,
get_task, cancel_task, account) to an MCP client over stdio.

The key is read from AIVIDEO_API_KEY in the server's environment only; AIVIDEO_BASE_URL,
AIVIDEO_TIMEOUT_MS and AIVIDEO_MAX_RETRIES apply as for the CLI. Example client entry:
  { "command": "npx", "args": ["-y", "aivideomaker-action", "mcp"], "env": { "AIVIDEO_API_KEY": "..." } }
See docs/agents.md.`

/**
 * `aivideomaker mcp`: runs the MCP server on stdin/stdout until stdin ends. stdout carries
 * only protocol messages from then on. Exit code 0; 2 for an unknown argument; 1 when the
 * server's bundle is missing (the skill folder carries only the CLI).
 */
export async function runMcpCommand(
  argv: readonly string[],
  stdout: TextSink,
  stderr: TextSink
): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    stdout.write(`${MCP_HELP}\n`)
    return 0
  }
  if (argv.length > 0) {
    stderr.write(
      `aivideomaker mcp: unexpected argument "${argv[0]}"; it takes none (see: aivideomaker mcp --help)\n`
    )
    return 2
  }
  // In the bundle this is dist/mcp.js beside dist/cli.js (scripts/build-options.mjs).
  const server = await import('../mcp/index.js').catch((error: unknown) => {
    stderr.write(
      `aivideomaker mcp: the MCP server (mcp.js) is not beside this CLI (${error instanceof Error ? error.message : String(error)}); run it from the npm package: npx -y -p aivideomaker-action aivideomaker mcp\n`
    )
    return null
  })
  if (server === null) return 1
  await server.serveMcpOverStdio()
  return 0
}
