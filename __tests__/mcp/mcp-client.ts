import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js'
import { LoggingMessageNotificationSchema } from '@modelcontextprotocol/sdk/types.js'
import { mkdir, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { build } from 'esbuild'
import { BUNDLE_OPTIONS, ENTRY_POINTS } from '../../scripts/build-options.mjs'
import { BIN, ROOT, buildCli } from '../cli/cli-process.js'

/**
 * Bundles dist/cli.js and dist/mcp.js (which `aivideomaker mcp` loads beside it) from the
 * current source with scripts/build.mjs's options, each through a temporary file.
 */
export async function buildMcpServer(): Promise<void> {
  const mcpBundle = join(ROOT, 'dist', 'mcp.js')
  const [result] = await Promise.all([
    build({
      ...BUNDLE_OPTIONS,
      entryPoints: [join(ROOT, ENTRY_POINTS.mcp)],
      outfile: mcpBundle,
      write: false
    }),
    buildCli()
  ])
  await mkdir(join(ROOT, 'dist'), { recursive: true })
  const temporary = join(ROOT, 'dist', `.mcp.${process.pid}.${Date.now()}.js`)
  await writeFile(temporary, result.outputFiles[0].contents)
  await rename(temporary, mcpBundle)
}

/** A client of the real `aivideomaker mcp` (bin -> dist/cli.js -> dist/mcp.js) over stdio. */
export interface McpSession {
  client: Client
  /** Log messages (notifications/message) received so far. */
  logs: string[]
  /** Resolves once a log message matches (rejects after `timeoutMs`). */
  waitForLog(pattern: RegExp, timeoutMs?: number): Promise<string>
  /** Everything the server wrote to stderr. */
  stderr(): string
  close(): Promise<void>
}

/**
 * Starts the server with only `env` (and PATH) in its environment, connects the SDK's
 * client to it and turns on its log messages. Call `close()` after the test.
 */
export async function startMcpSession(
  env: Record<string, string>,
  { cwd = ROOT }: { cwd?: string } = {}
): Promise<McpSession> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [BIN, 'mcp'],
    env: { PATH: process.env.PATH ?? '', ...env },
    cwd,
    stderr: 'pipe'
  })
  let stderr = ''
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')))
  const client = new Client({ name: 'aivideomaker-tests', version: '1.0.0' })
  const logs: string[] = []
  const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = []
  client.setNotificationHandler(LoggingMessageNotificationSchema, notification => {
    const line = String(notification.params.data)
    logs.push(line)
    for (const waiter of waiters.filter(w => w.pattern.test(line))) {
      waiters.splice(waiters.indexOf(waiter), 1)
      waiter.resolve(line)
    }
  })
  await client.connect(transport)
  await client.setLoggingLevel('info')
  return {
    client,
    logs,
    waitForLog: (pattern, timeoutMs = 15_000) =>
      new Promise((resolve, reject) => {
        const seen = logs.find(line => pattern.test(line))
        if (seen !== undefined) return resolve(seen)
        const timer = setTimeout(
          () => reject(new Error(`no log matched ${pattern}; logs:\n${logs.join('\n')}`)),
          timeoutMs
        )
        waiters.push({
          pattern,
          resolve: line => {
            clearTimeout(timer)
            resolve(line)
          }
        })
      }),
    stderr: () => stderr,
    close: () => client.close()
  }
}
