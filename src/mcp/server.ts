import { Server } from '@modelcontextprotocol/sdk/server/index.js'
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js'
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js'
import {
  CallToolRequestSchema,
  ListToolsRequestSchema,
  type CallToolResult,
  type ServerNotification,
  type ServerRequest
} from '@modelcontextprotocol/sdk/types.js'
import { failureEnvelope } from '../core/api/envelope.js'
import { actionableMessage } from '../core/api/errors.js'
import { redactText, redactValue } from '../core/http/secret-redaction.js'
import { readApiKey } from '../cli/env.js'
import { VERSION } from '../cli/help.js'
import { terminalText } from '../cli/terminal-text.js'
import { inAgentWords } from './agent-advice.js'
import { createProgressReporter } from './progress-reporter.js'
import { callTool } from './tool-call.js'
import { TOOLS, findTool } from './tool-catalog.js'
import { toolResult } from './tool-result.js'

export interface McpServerOptions {
  /** Default process.env: AIVIDEO_API_KEY (the only source of the key) and AIVIDEO_*. */
  env?: Readonly<Record<string, string | undefined>>
  /** Base of relative `download` and `cache_dir` paths; default process.cwd(). */
  cwd?: string
}

const NAME = 'aivideomaker'

type CallExtra = RequestHandlerExtra<ServerRequest, ServerNotification>

/**
 * The server as the package's types show it: the MCP SDK is bundled into dist/mcp.js, not a
 * dependency, so its types cannot appear in ours. `connect` takes any object that implements
 * the SDK's `Transport` (e.g. `StdioServerTransport`, `InMemoryTransport` of your own copy).
 */
export interface McpServerHandle {
  connect(transport: object): Promise<void>
  close(): Promise<void>
}

/**
 * An MCP server whose tools run the CLI's operations: generate_video (run), run_batch,
 * quote, get_status, get_task, cancel_task, account. The key comes from the environment
 * only, never from an argument, and is redacted from every result and notification.
 * Connect it to a transport (`serveMcpOverStdio` does, for stdio).
 */
export function createMcpServer(options: McpServerOptions = {}): McpServerHandle {
  const server = buildServer(options)
  return {
    connect: transport => server.connect(transport as Parameters<Server['connect']>[0]),
    close: () => server.close()
  }
}

/** The SDK server behind `createMcpServer`, with its handlers. */
function buildServer(options: McpServerOptions): Server {
  const env = options.env ?? process.env
  const cwd = options.cwd ?? process.cwd()
  const secrets = [readApiKey(env)].filter(key => key.length >= 4)
  const server = new Server(
    { name: NAME, version: VERSION },
    {
      capabilities: { tools: {}, logging: {} },
      instructions:
        'Generates videos with the AIVideoMaker API; every generation costs credits. Call quote first and pass max_credits (or max_total_credits for run_batch). Results are envelopes {ok, status, taskId, data, errorCode, errorMessage, retryAfter}; on ok:false follow errorMessage. A TIMEOUT keeps the task: resume it with generate_video {"task_id": ...} instead of creating a new one.'
    }
  )
  const log = (text: string): void => {
    void server
      .sendLoggingMessage({
        level: 'info',
        logger: NAME,
        data: redactText(terminalText(text), secrets)
      })
      .catch(() => undefined)
  }

  /** notifications/progress for the call, when its client sent a progress token. */
  const sendProgress = (extra: CallExtra, progress: number, message: string): void => {
    const token = extra._meta?.progressToken
    if (token === undefined) return
    const text = redactText(terminalText(message), secrets)
    void extra
      .sendNotification({
        method: 'notifications/progress',
        params: { progressToken: token, progress, message: text }
      })
      .catch(() => undefined)
  }

  server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: TOOLS.map(tool => ({
      name: tool.name,
      description: tool.description,
      inputSchema: tool.inputSchema
    }))
  }))

  server.setRequestHandler(
    CallToolRequestSchema,
    async (request, extra): Promise<CallToolResult> => {
      const tool = findTool(request.params.name)
      const envelope =
        tool === undefined
          ? failureEnvelope({
              errorCode: 'INVALID_INPUT',
              errorMessage: actionableMessage(
                'INVALID_INPUT',
                `There is no tool "${request.params.name}"; the tools are ${TOOLS.map(t => t.name).join(', ')}`
              )
            })
          : await callTool(tool, request.params.arguments ?? {}, {
              env,
              cwd,
              signal: extra.signal,
              reporter: createProgressReporter({
                progress: (progress, message) => sendProgress(extra, progress, message),
                log
              }),
              userAgent: `aivideomaker-mcp/${VERSION}`
            })
      if (extra.signal.aborted) {
        // The client gets no answer to a cancelled call: the log says how it ended.
        log(
          `${request.params.name} was cancelled: ${envelope.errorCode ?? 'ok'} ${envelope.taskId ?? ''}`.trim()
        )
      }
      return toolResult(redactValue(inAgentWords(envelope), secrets))
    }
  )
  return server
}

/**
 * Serves `createMcpServer(options)` on this process's stdin and stdout until stdin ends or
 * the process is told to stop (SIGINT, SIGTERM). Either closes the server, which cancels
 * every call still running as a client's cancellation would: a task still SUBMITTED is
 * cancelled (refunded), as on Ctrl-C. Resolves when the server is closed; the calls'
 * settlement then finishes before the process exits.
 */
export async function serveMcpOverStdio(options: McpServerOptions = {}): Promise<void> {
  const server = buildServer(options)
  const closed = new Promise<void>(resolve => {
    server.onclose = resolve
  })
  const stop = (): void => {
    void server.close()
  }
  process.stdin.once('end', stop)
  // Once: a second signal ends the process at once, as a second Ctrl-C ends the CLI.
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  await server.connect(new StdioServerTransport())
  await closed
  process.stdin.off('end', stop)
  process.off('SIGINT', stop)
  process.off('SIGTERM', stop)
}
