import packageJson from '../../package.json' with { type: 'json' }
import { DEFAULT_BASE_URL } from '../core/api/base-url.js'
import { MODEL_NAMES } from '../core/validation/models.js'
import { OPERATION_NAMES, type OperationName } from '../core/api/operation-names.js'
import { ACTIONS, type ActionFlag } from './actions.js'
import { DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS, ENV } from './env.js'
import { DEFAULTS, SETTING_LIMITS } from '../core/validation/setting-limits.js'

const CONCURRENCY = SETTING_LIMITS.concurrency

export const VERSION: string = packageJson.version

const PROGRAM = 'aivideomaker'

/** One line per action flag: the spelling shown, and what it does. */
const ACTION_FLAG_HELP: Readonly<Record<ActionFlag, [string, string]>> = {
  model: ['--model <name>', `the model: ${MODEL_NAMES.join(', ')}`],
  payload: [
    '--payload <json|@file|->',
    'the request body: JSON text, @path to a JSON file, or - to read standard input'
  ],
  'task-id': [
    '--taskId, --task-id <id>',
    'the task for getStatus/getTask/cancelTask; with run: resume waiting for it'
  ],
  'wait-timeout': [
    '--wait-timeout <duration>',
    `run's overall deadline, the whole batch's with --batch (default ${DEFAULTS.waitTimeout}): 250ms, 90s, 30m, 1h;\n` +
      'a bare number is seconds; 100ms to 24h'
  ],
  'poll-interval': [
    '--poll-interval <duration>',
    `first poll delay and shortest interval, used near expected completion (default ${DEFAULTS.pollInterval}, 100ms to 10m); up to 30s before`
  ],
  download: [
    '--download <path|dir>',
    'save the video to this file (upstream keeps it 24 h); with --batch a directory: <dir>/<name>.mp4'
  ],
  'idempotency-key': [
    '--idempotency-key <key|auto|content>',
    'same key + same body = the same task, paid once (auto: derived from model and payload;\n' +
      "with --batch: the base of every job's key, auto = derived from each job alone;\n" +
      'content: from the request and --key-scope, so any later run replays the task)'
  ],
  'key-scope': [
    '--key-scope <scope>',
    'with --idempotency-key content: the scope its keys are shared in (e.g. owner/repo)'
  ],
  'cache-dir': [
    '--cache-dir <dir>',
    'result cache: a request found there sends nothing and costs 0 credits (its video is copied\n' +
      'to --download); a rendered video is stored there, even without --download'
  ],
  'cache-mode': [
    '--cache-mode <mode>',
    'with --cache-dir: read-write (default), read-only (never store) or refresh (render again)'
  ],
  'cache-max-bytes': [
    '--cache-max-bytes <n>',
    'with --cache-dir: evict the least recently used entries past n bytes of videos'
  ],
  'max-credits': [
    '--max-credits <n>',
    'spending cap: above n credits upstream refuses (BUDGET_EXCEEDED), nothing charged;\n' +
      'with --batch: the cap of every job without its own max-credits'
  ],
  'webhook-url': ['--webhook-url <url>', 'upstream calls this URL when the task status changes'],
  batch: [
    '--batch <file|->',
    'run every job of a JSON or YAML file ({name, model, payload} list; - reads stdin)'
  ],
  concurrency: [
    '--concurrency <n>',
    `batch: creations in flight at once (default ${DEFAULTS.concurrency}, ${CONCURRENCY.min}..${CONCURRENCY.max})`
  ],
  'continue-on-invalid': [
    '--continue-on-invalid',
    'batch: send the valid jobs even when others are invalid (default: exit 2, send nothing)'
  ],
  'max-total-credits': [
    '--max-total-credits <n>',
    'batch: refuse the whole batch (BUDGET_EXCEEDED, nothing created) if its quotes sum above n'
  ],
  shard: [
    '--shard <i/n>',
    'batch: run only the jobs whose position in the file modulo n is i (i from 0: 0/4 .. 3/4),\n' +
      'named as in the whole file; one leg of a batch split across runners'
  ]
}

const COMMON_FLAG_HELP: readonly [string, string][] = [
  ['--action <name>', `one of ${OPERATION_NAMES.join(', ')} (default run)`],
  [
    '--base-url <url>',
    `API base URL (default ${DEFAULT_BASE_URL}, env ${ENV.baseUrl}); https, or http on loopback`
  ],
  ['--json', 'print the envelope on one line, even on a terminal'],
  ['-q, --quiet', 'nothing on stderr: no progress, no hints'],
  ['-h, --help', 'this help; with --action <name>, that action in detail'],
  ['--version', 'print the version']
]

const SEED_EXAMPLES = [
  `node scripts/run-workflow.mjs --model t2v --payload '{"prompt":"a red fox in snow","aspectRatio":"16:9","duration":"5"}'`,
  'node scripts/run-workflow.mjs --action getStatus --taskId ck123',
  'node scripts/run-workflow.mjs --action getTask --taskId ck123',
  'node scripts/run-workflow.mjs --action cancelTask --taskId ck123'
]

/** `aivideomaker --help`: every action, flag, variable, the output and the exit codes. */
export function toolHelp(): string {
  const flags = [...Object.values(ACTION_FLAG_HELP), ...COMMON_FLAG_HELP]
  return [
    `${PROGRAM} ${VERSION} — run AIVideoMaker API v1 jobs: validate locally, create, wait, fetch, download`,
    '',
    'Usage:',
    `  ${PROGRAM} --model <model> --payload <json|@file|-> [flags]   full workflow (action run)`,
    `  ${PROGRAM} --batch <file|-> [flags]                           many jobs from a JSON/YAML file`,
    `  ${PROGRAM} --action <action> [flags]`,
    `  node scripts/run-workflow.mjs [flags]                            the same CLI (seed entry point)`,
    '',
    'Actions:',
    ...table(OPERATION_NAMES.map(name => [name, ACTIONS[name].summary])),
    '',
    'Flags:',
    ...table(flags),
    "  Multi-word flags also take the seed's camelCase spelling: --taskId, --baseUrl, --waitTimeout, ...",
    '',
    'Batch (--batch <file>):',
    '  Every job is validated first (an invalid one: exit 2 naming it, nothing sent), then quoted',
    '  (free, creates nothing): nothing is created when the balance or --max-total-credits cannot',
    '  cover the jobs that are not replays. Then --concurrency creations at a time, one list request',
    '  per poll cycle for the whole batch, one --wait-timeout for everything. stdout: one envelope,',
    '  data = {totals, results: [one envelope per job, with its name]}; exit 0 only when every job',
    "  is ok. stderr: a line per created and finished job, and the batch's progress. Ctrl-C cancels",
    '  every job still SUBMITTED.',
    '',
    'Environment:',
    ...table([
      [ENV.apiKey, 'required for every call; sent only in the "key" header, never printed'],
      [ENV.timeoutMs, `per-request timeout in ms (default ${DEFAULT_TIMEOUT_MS}, 100..600000)`],
      [
        ENV.maxRetries,
        `retries of requests that are safe to repeat (default ${DEFAULT_MAX_RETRIES}, 0..10)`
      ],
      [ENV.baseUrl, `API base URL (default ${DEFAULT_BASE_URL}); --base-url wins`]
    ]),
    '',
    'Output:',
    '  stdout: exactly one JSON envelope, {ok, status, taskId, data, errorCode, errorMessage, retryAfter}',
    '          (indented on a terminal, one line otherwise or with --json)',
    '  stderr: progress and hints (a live line on a terminal, plain lines otherwise)',
    '',
    'Exit codes:',
    ...table([
      ['0', 'ok is true'],
      ['1', 'ok is false: see errorCode and errorMessage (what happened, what to do)'],
      [
        '2',
        'usage error (flag, value, model, payload, batch file or job, environment): nothing was sent'
      ],
      ['130', 'a second Ctrl-C (the first one stops the wait and cancels a SUBMITTED task)']
    ]),
    '',
    "Examples (the seed skill's commands, then more):",
    ...SEED_EXAMPLES.map(line => `  ${line}`),
    `  ${PROGRAM} --model t2v --payload @request.json --download out/fox.mp4`,
    `  cat request.json | ${PROGRAM} --action quote --model t2v --payload -`,
    `  ${PROGRAM} --taskId ck123 --wait-timeout 20m      resume waiting after a TIMEOUT`,
    `  ${PROGRAM} --batch videos/nightly.yml --concurrency 4 --download out/ --idempotency-key auto`,
    '',
    `More: ${PROGRAM} --help --action <action>`
  ].join('\n')
}

/** `aivideomaker --help --action <name>`. */
export function actionHelp(name: OperationName): string {
  const spec = ACTIONS[name]
  const flags = spec.accepts.map(flag => ACTION_FLAG_HELP[flag])
  return [
    `${PROGRAM} --action ${name} — ${spec.summary}`,
    '',
    'Usage:',
    ...spec.usage.map(line => `  ${PROGRAM} ${line}`),
    '',
    ...spec.details.map(line => (line === '' ? '' : `  ${line}`)),
    '',
    'Flags:',
    ...table([...flags, ...COMMON_FLAG_HELP.slice(1)]),
    '',
    `Needs ${ENV.apiKey} in the environment. Exit 0 when ok, 1 when not, 2 for usage errors.`,
    '',
    'Examples:',
    ...spec.examples.map(line => `  ${PROGRAM} ${line}`)
  ].join('\n')
}

/** Two columns; a description with `\n` continues under itself. */
function table(rows: readonly (readonly [string, string])[]): string[] {
  const width = Math.max(...rows.map(([left]) => left.length)) + 2
  return rows.map(
    ([left, right]) =>
      `  ${left.padEnd(width)}${right.split('\n').join(`\n  ${' '.repeat(width)}`)}`
  )
}
