import { readFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import {
  DEFAULT_BALANCE,
  DEFAULT_SIM_KEY,
  type KeyOptions,
  type ListIdField,
  type ListPaging,
  type ListShape,
  type ResultUrlField,
  type RetryAfterFormat,
  type SimulatorOptions
} from './options.js'
import { startSimulator } from './server.js'

/** Where the CLI writes and what stops it; tests pass their own. */
export interface CliIo {
  stdout: { write(text: string): unknown }
  stderr: { write(text: string): unknown }
  env: Record<string, string | undefined>
  /** Stops the simulator like SIGINT/SIGTERM do. */
  signal?: AbortSignal
}

const DEFAULT_CLI_PORT = 8787

const HELP = `Usage: aivideomaker-sim [options]

A local AIVideoMaker API v1 service for tests and demos. The first line on stdout is
"AIVideoMaker simulator listening on http://<host>:<port>". Stops on SIGINT/SIGTERM.

Options:
  --port <n>                  port to listen on; 0 picks a free one (default ${DEFAULT_CLI_PORT})
  --host <host>               interface to bind (default 127.0.0.1)
  --api-key <key[:balance]>   an accepted key, optionally with its own balance; repeatable
                              (default: env AIVIDEO_SIM_API_KEY, else "${DEFAULT_SIM_KEY}")
  --balance <credits>         balance of keys given without one (default ${DEFAULT_BALANCE})
  --speed <factor>            simulated seconds per real second (default 1; 60 runs a
                              6.5-minute t2v task in 6.5 s)
  --config <file.json>        simulator options as JSON (keys, faults, ...); flags win
  --failure-rate <0..1>       share of tasks that end FAILED (default 0)
  --seed <n>                  makes --failure-rate and generation times repeatable
  --duration-spread <s>       spread of the log-normal generation times around each
                              model's typical time (default 0.3, about 30 %; 0 = fixed)
  --query-limit <n>           task queries per IP per minute (default 60)
  --retry-after-format <f>    seconds | http-date (default seconds)
  --result-url-field <f>      url | videoUrl: where task output holds the video (default url)
  --list-shape <s>            array | tasks | data | items (default tasks)
  --list-id-field <f>         id | taskId (default id)
  --history <n>               every key's list starts with n finished tasks of realistic
                              size, drawn from --seed, without n creations (default 0)
  --list-page-size <n>        items per list page (default 0: one page, as upstream)
  --list-paging <style>       next | cursor | page: how a paged list points at its next
                              page (default next)
  --video-bytes <n>           pad the result MP4 to this size
  --help                      show this help

Control routes (no key): GET /__sim/stats, POST /__sim/reset,
POST /__sim/faults (JSON array), DELETE /__sim/faults,
POST /__sim/history ({"count": n}: n finished tasks become the key's newest).
`

const CLI_OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  'api-key': { type: 'string', multiple: true },
  balance: { type: 'string' },
  speed: { type: 'string' },
  config: { type: 'string' },
  'failure-rate': { type: 'string' },
  seed: { type: 'string' },
  'duration-spread': { type: 'string' },
  'query-limit': { type: 'string' },
  'retry-after-format': { type: 'string' },
  'result-url-field': { type: 'string' },
  'list-shape': { type: 'string' },
  'list-id-field': { type: 'string' },
  history: { type: 'string' },
  'list-page-size': { type: 'string' },
  'list-paging': { type: 'string' },
  'video-bytes': { type: 'string' },
  help: { type: 'boolean' }
} as const

type CliValues = ReturnType<typeof parseArgs<{ options: typeof CLI_OPTIONS }>>['values']

function toNumber(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined
  const value = Number(text)
  if (text.trim() === '' || !Number.isFinite(value)) throw new Error(`--${flag} must be a number`)
  return value
}

/** `key` or `key:balance`; a key may itself contain colons, so only a numeric tail is a balance. */
function parseKeyFlag(text: string): KeyOptions {
  const match = /^(.+):(\d+)$/.exec(text)
  return match ? { key: match[1], balance: Number(match[2]) } : { key: text }
}

async function readConfig(path: string | undefined): Promise<SimulatorOptions> {
  if (path === undefined) return {}
  const parsed: unknown = JSON.parse(await readFile(path, 'utf8'))
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`--config ${path} must hold a JSON object`)
  }
  return parsed as SimulatorOptions
}

/** Keys from --api-key, else the config file, else AIVIDEO_SIM_API_KEY, else the default key. */
function chooseKeys(values: CliValues, config: SimulatorOptions, env: CliIo['env']): KeyOptions[] {
  const fallback: KeyOptions[] = [{ key: env.AIVIDEO_SIM_API_KEY || DEFAULT_SIM_KEY }]
  const keys = values['api-key']?.map(parseKeyFlag) ?? config.keys ?? fallback
  const balance = toNumber('balance', values.balance)
  return keys.map(key => ({ ...key, balance: key.balance ?? balance }))
}

/** Options from the config file, overridden by flags; only flags actually given override. */
async function buildOptions(values: CliValues, env: CliIo['env']): Promise<SimulatorOptions> {
  const config = await readConfig(values.config)
  const flags: SimulatorOptions = {
    port: toNumber('port', values.port),
    host: values.host,
    speed: toNumber('speed', values.speed),
    failureRate: toNumber('failure-rate', values['failure-rate']),
    seed: toNumber('seed', values.seed),
    durationSpread: toNumber('duration-spread', values['duration-spread']),
    queryLimit: toNumber('query-limit', values['query-limit']),
    retryAfterFormat: values['retry-after-format'] as RetryAfterFormat | undefined,
    resultUrlField: values['result-url-field'] as ResultUrlField | undefined,
    listShape: values['list-shape'] as ListShape | undefined,
    listIdField: values['list-id-field'] as ListIdField | undefined,
    history: toNumber('history', values.history),
    listPageSize: toNumber('list-page-size', values['list-page-size']),
    listPaging: values['list-paging'] as ListPaging | undefined,
    videoBytes: toNumber('video-bytes', values['video-bytes'])
  }
  const given = Object.fromEntries(Object.entries(flags).filter(([, value]) => value !== undefined))
  return { port: DEFAULT_CLI_PORT, ...config, ...given, keys: chooseKeys(values, config, env) }
}

/** Resolves on SIGINT, SIGTERM or the abort signal, whichever comes first. */
function waitForStop(signal: AbortSignal | undefined): Promise<void> {
  return new Promise(resolve => {
    const stop = (): void => {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      signal?.removeEventListener('abort', stop)
      resolve()
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
    if (signal?.aborted) stop()
    else signal?.addEventListener('abort', stop)
  })
}

/**
 * The `aivideomaker-sim` command: starts the simulator, prints the listening line,
 * and resolves after a clean stop. Rejects on bad arguments or options (the message
 * names the flag; it never contains a key).
 */
export async function runSimulatorCli(
  argv: string[],
  io: CliIo = { stdout: process.stdout, stderr: process.stderr, env: process.env }
): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: CLI_OPTIONS,
    strict: true,
    allowPositionals: false
  })
  if (values.help) {
    io.stdout.write(HELP)
    return
  }
  const simulator = await startSimulator(await buildOptions(values, io.env))
  io.stdout.write(`AIVideoMaker simulator listening on ${simulator.url}\n`)
  await waitForStop(io.signal)
  await simulator.stop()
  io.stderr.write('AIVideoMaker simulator stopped\n')
}
