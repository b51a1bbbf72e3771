import { isatty } from 'node:tty'
import { createClient } from '../core/api/client.js'
import { failureEnvelope, type Envelope } from '../core/api/envelope.js'
import { actionableMessage } from '../core/api/errors.js'
import { inWords } from '../core/api/advice.js'
import { CLI_ADVICE } from './advice-words.js'
import { formatMs } from '../core/watch/wait.js'
import type { RunData } from '../core/run/workflow.js'
import { parseCliArgs, type CliArgs } from './args.js'
import type { BatchData } from './batch-command.js'
import type { BatchQuoteData } from '../core/batch/batch-quote.js'
import { executeAction } from './commands.js'
import { readApiKey, readEnv, type CliEnv } from './env.js'
import { VERSION, actionHelp, toolHelp } from './help.js'
import { listenForInterrupt, type SignalSource } from './interrupt.js'
import { runMcpCommand } from './mcp-command.js'
import { prepareInvocation, type Invocation } from './invocation.js'
import { printEnvelope } from './output.js'
import { createReporter, type Reporter } from './progress.js'
import { redactingSink, type TextSink } from './redaction.js'
import { UsageError } from './usage-error.js'
import { terminalText } from './terminal-text.js'

/** Everything the CLI touches outside itself; each defaults to the real process. */
export interface CliIo {
  stdout: TextSink
  stderr: TextSink
  /** Read only for `--payload -`. */
  stdin: AsyncIterable<Buffer | string>
  env: Readonly<Record<string, string | undefined>>
  isTTY: { stdin: boolean; stdout: boolean; stderr: boolean }
  /** Base for relative `--payload @file` and `--download` paths. */
  cwd: string
  signals: SignalSource
  /** Called with 130 on a second Ctrl-C. */
  exit: (code: number) => void
}

export const EXIT_OK = 0
export const EXIT_NOT_OK = 1
export const EXIT_USAGE = 2

/**
 * Runs one command line (without `node` and the script name) and returns the exit code:
 * 0 when the envelope is ok, 1 when not, 2 for a usage error (nothing sent). stdout gets
 * exactly one JSON envelope (or the help / version text); everything else goes to stderr.
 * The API key never reaches either stream.
 */
export async function runCli(argv: readonly string[], io: Partial<CliIo> = {}): Promise<number> {
  const sys = withDefaults(io)
  const apiKey = readApiKey(sys.env)
  const stdout = redactingSink(sys.stdout, apiKey)
  const stderr = redactingSink(sys.stderr, apiKey)
  if (argv[0] === 'mcp') return runMcpCommand(argv.slice(1), stdout, stderr)
  let args: CliArgs | undefined
  try {
    args = parseCliArgs(argv)
    if (args.help) {
      stdout.write(`${args.helpAction ? actionHelp(args.helpAction) : toolHelp()}\n`)
      return EXIT_OK
    }
    if (args.version) {
      stdout.write(`${VERSION}\n`)
      return EXIT_OK
    }
    const reporter = createReporter({ stderr, isTTY: sys.isTTY.stderr, quiet: args.quiet })
    const env = readEnv(sys.env)
    const invocation = await prepareInvocation(args, env, {
      stdin: sys.stdin,
      isStdinTTY: sys.isTTY.stdin,
      cwd: sys.cwd,
      onWaitingForStdin: what =>
        reporter.note(`reading ${what} from standard input (end with Ctrl-D)`)
    })
    const envelope = await execute(invocation, env, reporter, sys)
    printEnvelope(stdout, envelope, { isTTY: sys.isTTY.stdout, json: args.json })
    if (isHeldBack(invocation)) return EXIT_USAGE
    return envelope.ok ? EXIT_OK : EXIT_NOT_OK
  } catch (error) {
    // Even a refused command line prints one envelope, so scripts always get JSON.
    const failure = describeFailure(error)
    const json = args?.json ?? argv.includes('--json')
    printEnvelope(stdout, failure.envelope, { isTTY: sys.isTTY.stdout, json })
    const quiet = args?.quiet ?? (argv.includes('--quiet') || argv.includes('-q'))
    if (!quiet) stderr.write(`aivideomaker: ${terminalText(failure.line)}\n`)
    return failure.exitCode
  }
}

/** A batch sent nothing because a job is invalid (without --continue-on-invalid): a usage error. */
function isHeldBack(invocation: Invocation): boolean {
  const batch = invocation.batch
  return (
    invocation.action === 'run' &&
    batch !== undefined &&
    !batch.validation.ok &&
    !batch.continueOnInvalid
  )
}

/** A usage error (exit 2), or a bug (exit 1): the envelope and the one stderr line. */
function describeFailure(error: unknown): {
  exitCode: number
  envelope: Envelope<unknown>
  line: string
} {
  if (error instanceof UsageError) {
    const message = error.isActionable
      ? error.message
      : actionableMessage(error.errorCode, error.message)
    const envelope = inCliWords(
      failureEnvelope({ errorCode: error.errorCode, errorMessage: message })
    )
    // An actionable message ends with its next steps: stderr says them as stdout does, in
    // the CLI's words (the core composed them in the library's).
    const said = error.isActionable ? (envelope.errorMessage ?? error.message) : error.message
    return {
      exitCode: EXIT_USAGE,
      envelope,
      line: `${said} (see: aivideomaker ${error.helpHint})`
    }
  }
  const what = error instanceof Error ? error.message : String(error)
  return {
    exitCode: EXIT_NOT_OK,
    envelope: failureEnvelope({
      errorCode: 'UNKNOWN_ERROR',
      errorMessage: actionableMessage('UNKNOWN_ERROR', `Unexpected failure: ${what}`)
    }),
    line: `unexpected failure: ${what}`
  }
}

async function execute(
  invocation: Invocation,
  env: CliEnv,
  reporter: Reporter,
  sys: CliIo
): Promise<Envelope<unknown>> {
  const client = createClient({
    apiKey: env.apiKey,
    baseUrl: invocation.baseUrl,
    timeoutMs: env.timeoutMs,
    maxRetries: env.maxRetries,
    userAgent: `aivideomaker-cli/${VERSION}`,
    onRetry: event =>
      reporter.note(
        `${event.method} ${event.path}: ${event.reason}; retry ${event.attempt} in ${formatMs(event.delayMs)}`
      )
  })
  const interrupt = listenForInterrupt(
    sys.signals,
    name => {
      reporter.stop()
      reporter.note(
        `${name === 'SIGINT' ? 'Ctrl-C' : name}: stopping (press Ctrl-C again to exit at once)`
      )
    },
    sys.exit
  )
  try {
    const envelope = inCliWords(
      await executeAction(invocation, { client, reporter, signal: interrupt.signal })
    )
    reporter.stop()
    summarize(invocation, envelope, reporter)
    return envelope
  } finally {
    reporter.stop()
    interrupt.dispose()
  }
}

/** The envelope, and a batch's item envelopes, with their advice in the CLI's words. */
function inCliWords(envelope: Envelope<unknown>): Envelope<unknown> {
  return inWords(envelope, CLI_ADVICE)
}

/** The last stderr line(s): what came out, or what went wrong and what to do. */
function summarize(invocation: Invocation, envelope: Envelope<unknown>, reporter: Reporter): void {
  if (!envelope.ok) {
    reporter.note(`${envelope.errorCode}: ${envelope.errorMessage}`)
    return
  }
  if (invocation.batch !== undefined && invocation.action === 'quote') {
    const quote = envelope.data as BatchQuoteData
    reporter.note(
      `batch quote: ${quote.quotes.length} jobs, ${quote.totalCredits} credits in total` +
        (quote.balance === null ? '' : `, balance ${quote.balance}`) +
        `; nothing was created or charged${quote.refusal === null ? '' : `. run would refuse: ${quote.refusal}`}`
    )
    return
  }
  if (invocation.batch !== undefined) {
    const { totals, results } = envelope.data as BatchData
    const replays = results.filter(result => result.data?.idempotentReplay).length
    const saved = invocation.batch.downloadDir
    reporter.note(
      `batch: all ${totals.items} jobs COMPLETED, ${totals.creditsCharged} credits charged` +
        (replays > 0 ? ` (${replays} replayed: paid by an earlier run)` : '') +
        (totals.reused > 0
          ? `; ${totals.reused} reused from the cache (${totals.creditsSaved} credits saved)`
          : '') +
        (saved === undefined ? '' : `; videos saved in ${saved}`)
    )
    return
  }
  if (invocation.action === 'run') {
    const data = envelope.data as RunData | null
    if (data?.videoUrl) reporter.note(`video: ${data.videoUrl} (upstream keeps it for 24 hours)`)
    if (data?.download) reporter.note(`saved ${data.download.bytes} bytes to ${data.download.path}`)
  }
  if (invocation.action === 'createGeneration' && envelope.taskId !== null) {
    reporter.note(
      `follow it with: aivideomaker --action getStatus --taskId ${envelope.taskId}   or wait: aivideomaker --taskId ${envelope.taskId}`
    )
  }
}

function withDefaults(io: Partial<CliIo>): CliIo {
  return {
    stdout: io.stdout ?? process.stdout,
    stderr: io.stderr ?? process.stderr,
    // process.stdin is only touched when `--payload -` reads it.
    stdin: io.stdin ?? { [Symbol.asyncIterator]: () => process.stdin[Symbol.asyncIterator]() },
    env: io.env ?? process.env,
    isTTY: io.isTTY ?? {
      stdin: isatty(0),
      stdout: process.stdout.isTTY === true,
      stderr: process.stderr.isTTY === true
    },
    cwd: io.cwd ?? process.cwd(),
    signals: io.signals ?? process,
    exit: io.exit ?? (code => process.exit(code))
  }
}
