import type { OperationName } from '../core/api/operation-names.js'
import { ACCEPTED_SETTINGS, type OperationSetting } from '../core/api/operation-settings.js'

/** Flags that change what an action does (the rest — base-url, quiet, json — apply to all). */
export const ACTION_FLAGS = [
  'model',
  'payload',
  'task-id',
  'wait-timeout',
  'poll-interval',
  'download',
  'idempotency-key',
  'max-credits',
  'webhook-url',
  'batch',
  'concurrency',
  'continue-on-invalid',
  'max-total-credits',
  'shard',
  'cache-dir',
  'cache-mode',
  'cache-max-bytes',
  'key-scope'
] as const

export type ActionFlag = (typeof ACTION_FLAGS)[number]

/** Action flags that take no value. */
export const BOOLEAN_ACTION_FLAGS: readonly ActionFlag[] = ['continue-on-invalid']

/** Flags that only make sense with `--batch` (run reads them from nowhere else). */
export const BATCH_ONLY_FLAGS = [
  'concurrency',
  'continue-on-invalid',
  'max-total-credits',
  'shard'
] as const

export interface ActionSpec {
  name: OperationName
  summary: string
  /** Command lines after the program name, for `--help --action <name>`. */
  usage: readonly string[]
  /** Flags the action cannot run without (run checks its own either/or rule). */
  needs: readonly ActionFlag[]
  /** Every flag the action reads; any other action flag is a usage error, never ignored. */
  accepts: readonly ActionFlag[]
  /** Longer description for `--help --action <name>`. */
  details: readonly string[]
  examples: readonly string[]
}

/** Each setting of the core's table as the flags that give it. */
const FLAGS_OF: Readonly<Record<OperationSetting, readonly ActionFlag[]>> = {
  model: ['model'],
  payload: ['payload'],
  taskId: ['task-id'],
  waitTimeout: ['wait-timeout'],
  pollInterval: ['poll-interval'],
  download: ['download'],
  idempotencyKey: ['idempotency-key'],
  maxCredits: ['max-credits'],
  webhookUrl: ['webhook-url'],
  batch: ['batch'],
  concurrency: ['concurrency'],
  continueOnInvalid: ['continue-on-invalid'],
  maxTotalCredits: ['max-total-credits'],
  shard: ['shard'],
  cache: ['cache-dir', 'cache-mode', 'cache-max-bytes'],
  keyScope: ['key-scope']
}

/** The flags `action` reads: the core's table of settings per operation, in flag names. */
function acceptedFlags(action: OperationName): readonly ActionFlag[] {
  return ACCEPTED_SETTINGS[action].flatMap(setting => FLAGS_OF[setting])
}

export const ACTIONS: Readonly<Record<OperationName, ActionSpec>> = {
  run: {
    name: 'run',
    summary: 'validate, create, wait, fetch the result (and download it) — the default',
    usage: [
      '[--action run] --model <model> --payload <json|@file|-> [flags below]',
      '[--action run] --taskId <id> [--download <path>] [--wait-timeout <d>] [--poll-interval <d>]',
      '[--action run] --batch <file|-> [--concurrency <n>] [--continue-on-invalid] [--max-total-credits <n>] [--shard <i/n>] [--download <dir>] [flags below]'
    ],
    needs: [],
    accepts: acceptedFlags('run'),
    details: [
      'The full workflow: validates --model and --payload locally (nothing is sent when they',
      'are invalid), creates the task, polls its status with a growing interval inside',
      '--wait-timeout, fetches the task detail and, with --download, saves the video.',
      'With --taskId instead of --model/--payload it resumes waiting for an existing task.',
      'Ctrl-C while waiting cancels a task that is still SUBMITTED (credits are refunded);',
      'a task already in PROGRESS keeps running, and the hint says how to resume.',
      '',
      'With --batch <file> it runs every job of a JSON or YAML file (a list of',
      '{ name, model, payload }): all jobs are validated first (one invalid job: exit 2,',
      'nothing sent, unless --continue-on-invalid), all are quoted and checked against the',
      'balance and --max-total-credits (refused: nothing created), then --concurrency',
      'creations run at a time and one list request per poll cycle waits for all of them',
      'within --wait-timeout. stdout: one envelope whose data holds totals and one envelope',
      'per job (with its name). Ctrl-C cancels every job still SUBMITTED.',
      '',
      'With --cache-dir <dir> every request (model and payload) looks itself up first: a hit',
      'sends nothing, charges 0 credits, answers the original task (data.cache) and copies',
      'the video to --download; a miss runs as usual and stores its video once COMPLETED.'
    ],
    examples: [
      `--model t2v --payload '{"prompt":"a red fox in snow","aspectRatio":"16:9","duration":"5"}'`,
      '--model i2v --payload @request.json --download out/fox.mp4',
      '--model t2v --payload - < request.json',
      '--taskId ck123 --wait-timeout 20m',
      '--batch videos/nightly.yml --concurrency 4 --download out/ --idempotency-key auto',
      '--batch videos/pr.yml --download out/ --cache-dir .video-cache --idempotency-key content --key-scope my-org/my-repo'
    ]
  },
  createGeneration: {
    name: 'createGeneration',
    summary: 'create a task and return at once (no waiting)',
    usage: ['--action createGeneration --model <model> --payload <json|@file|-> [flags below]'],
    needs: ['model', 'payload'],
    accepts: acceptedFlags('createGeneration'),
    details: [
      'Validates locally, then creates the task; data holds taskId, status and creditsCharged.',
      'Follow it with getStatus, or resume waiting with --taskId <id>.'
    ],
    examples: [
      `--action createGeneration --model t2v --payload '{"prompt":"a red fox","aspectRatio":"16:9","duration":"5"}'`,
      '--action createGeneration --model t2v_v3 --payload @request.json --max-credits 60 --idempotency-key fox-001'
    ]
  },
  getStatus: {
    name: 'getStatus',
    summary: "read a task's status (SUBMITTED, PROGRESS, COMPLETED, FAILED, CANCEL)",
    usage: ['--action getStatus --taskId <id>'],
    needs: ['task-id'],
    accepts: acceptedFlags('getStatus'),
    details: ['One status query; ok is true whenever the status was read, whatever it is.'],
    examples: ['--action getStatus --taskId ck123']
  },
  getTask: {
    name: 'getTask',
    summary: "read a task's full detail: input, output (video URL), credits, times",
    usage: ['--action getTask --taskId <id> [--download <path>]'],
    needs: ['task-id'],
    accepts: acceptedFlags('getTask'),
    details: [
      'data.videoUrl is the result link (output.url or output.videoUrl); upstream keeps the',
      "file for 24 hours. With --download <path> a COMPLETED task's video is saved there; to wait",
      'for a task and save its video: --taskId <id> --download <path>.'
    ],
    examples: ['--action getTask --taskId ck123']
  },
  cancelTask: {
    name: 'cancelTask',
    summary: 'cancel a task that is still SUBMITTED (refunded in full)',
    usage: ['--action cancelTask --taskId <id>'],
    needs: ['task-id'],
    accepts: acceptedFlags('cancelTask'),
    details: [
      'Only SUBMITTED tasks can be cancelled; a task in PROGRESS answers TASK_NOT_CANCELLABLE',
      'and will finish (or fail and be refunded) on its own.'
    ],
    examples: ['--action cancelTask --taskId ck123']
  },
  listTasks: {
    name: 'listTasks',
    summary: 'list every task of this API key, newest first',
    usage: ['--action listTasks'],
    needs: [],
    accepts: acceptedFlags('listTasks'),
    details: ['data.tasks is the array of task details.'],
    examples: ['--action listTasks']
  },
  account: {
    name: 'account',
    summary: 'check the key: supported models, balance, limits',
    usage: ['--action account [--model <name>] [--batch <file|->]'],
    needs: [],
    accepts: acceptedFlags('account'),
    details: [
      'A free "doctor" call: proves the key works and shows currentBalance and supportedModels;',
      'with --model or --batch, warns about each model the key may not use.'
    ],
    examples: ['--action account']
  },
  quote: {
    name: 'quote',
    summary: 'price a request without creating anything (free)',
    usage: [
      '--action quote --model <model> --payload <json|@file|->',
      '--action quote --batch <file|-> [--max-credits <n>] [--max-total-credits <n>] [--shard <i/n>]'
    ],
    needs: [],
    accepts: acceptedFlags('quote'),
    details: [
      'Same validation and pricing as a create, but nothing is created or charged;',
      'data.credits is the authoritative price and data.affordable says if the balance covers it.',
      'With --batch it prices every job of the file as run would before creating: data.quotes',
      '(one per job), data.totalCredits, data.affordable (the balance covers the total) and',
      'data.withinCaps (no max-credits of a job nor --max-total-credits is exceeded).'
    ],
    examples: [
      `--action quote --model t2v_v3 --payload '{"prompt":"a red fox","aspectRatio":"16:9","duration":"10"}'`,
      '--action quote --batch videos/nightly.yml --max-total-credits 500'
    ]
  }
}
