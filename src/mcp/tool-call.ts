import { createClient } from '../core/api/client.js'
import { failureEnvelope, type Envelope } from '../core/api/envelope.js'
import { messageParts } from '../core/api/advice.js'
import { actionableMessage } from '../core/api/errors.js'
import { parseCliArgs } from '../cli/args.js'
import { executeAction } from '../cli/commands.js'
import { readEnv } from '../cli/env.js'
import { prepareInvocation } from '../cli/invocation.js'
import type { Reporter } from '../cli/progress.js'
import { UsageError } from '../cli/usage-error.js'
import { ARGUMENT_FLAGS, type ToolSpec } from './tool-catalog.js'

/** What a call runs with besides its arguments. */
export interface ToolCallContext {
  /** The server's environment: AIVIDEO_API_KEY and the other AIVIDEO_* settings. */
  env: Readonly<Record<string, string | undefined>>
  /** Base of relative `download` and `cache_dir` paths. */
  cwd: string
  /** Aborted when the client cancels the call. */
  signal: AbortSignal
  reporter: Reporter
  userAgent: string
}

/**
 * Runs one tool call as the CLI runs the same command line: the arguments become the
 * action's flags (`task_id` -> `--task-id`), and the CLI's own parsing, local checks,
 * dispatch and interrupt settlement do the rest, so both faces give the same envelope.
 * Nothing is sent when a check fails. Never throws: a bad call, an API outcome or a bug is
 * an envelope.
 */
export async function callTool(
  tool: ToolSpec,
  args: Readonly<Record<string, unknown>>,
  context: ToolCallContext
): Promise<Envelope<unknown>> {
  try {
    const { argv, stdin } = commandLineOf(tool, args)
    const env = readEnv(context.env)
    const invocation = await prepareInvocation(parseCliArgs(argv), env, {
      stdin: textStream(stdin ?? ''),
      isStdinTTY: false,
      cwd: context.cwd
    })
    const client = createClient({
      apiKey: env.apiKey,
      baseUrl: invocation.baseUrl,
      timeoutMs: env.timeoutMs,
      maxRetries: env.maxRetries,
      userAgent: context.userAgent,
      onRetry: event =>
        context.reporter.note(
          `${event.method} ${event.path}: ${event.reason}; retry ${event.attempt}`
        )
    })
    return await executeAction(invocation, {
      client,
      reporter: context.reporter,
      signal: context.signal
    })
  } catch (error) {
    // As the CLI: a refused call, or a bug, still answers with one envelope.
    if (!(error instanceof UsageError)) {
      const what = error instanceof Error ? error.message : String(error)
      return failureEnvelope({
        errorCode: 'UNKNOWN_ERROR',
        errorMessage: actionableMessage('UNKNOWN_ERROR', `Unexpected failure: ${what}`)
      })
    }
    // What happened is renamed into argument names, then composed again from its parts, so
    // the server words the next steps for an agent (the core composed them for the library).
    const parts = error.isActionable
      ? messageParts(error.message)
      : { advice: error.errorCode, what: error.message }
    const errorMessage =
      parts === null
        ? inArgumentNames(error.message)
        : actionableMessage(parts.advice, inArgumentNames(parts.what))
    return failureEnvelope({ errorCode: error.errorCode, errorMessage })
  }
}

/** The action's flags for `args`, and a batch's jobs as the standard input `--batch -` reads. */
function commandLineOf(
  tool: ToolSpec,
  args: Readonly<Record<string, unknown>>
): { argv: string[]; stdin?: string } {
  const argv = [`--action=${tool.action}`]
  let stdin: string | undefined
  for (const [name, value] of Object.entries(args)) {
    if (value === undefined || value === null) continue
    if (tool.isBatch && name === 'jobs') {
      argv.push('--batch=-')
      stdin = JSON.stringify(value)
      continue
    }
    const flag = ARGUMENT_FLAGS.get(name)
    if (flag === undefined || tool.inputSchema.properties[name] === undefined) {
      throw new UsageError(
        `${tool.name} takes no argument "${name}" (it takes: ${Object.keys(tool.inputSchema.properties).join(', ') || 'none'})`
      )
    }
    if (typeof value === 'boolean') {
      if (value) argv.push(`--${flag}`)
    } else if (name === 'payload') {
      // Always JSON text, so no string can make the CLI read a file (`@path`) or stdin (`-`).
      argv.push(`--payload=${JSON.stringify(value)}`)
    } else {
      argv.push(`--${flag}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    }
  }
  return { argv, stdin }
}

async function* textStream(text: string): AsyncIterable<string> {
  yield text
}

/** The CLI's usage messages name flags; a tool's caller knows them as arguments. */
function inArgumentNames(message: string): string {
  let text = message.replace(/--batch -|standard input/g, 'jobs')
  for (const [argument, flag] of ARGUMENT_FLAGS) {
    text = text.replace(new RegExp(`--${flag}\\b|--${camelCase(flag)}\\b`, 'g'), argument)
  }
  return text
}

function camelCase(flag: string): string {
  return flag.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase())
}
