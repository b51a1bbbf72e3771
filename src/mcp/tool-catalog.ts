import type { OperationName } from '../core/api/operation-names.js'
import { MODEL_NAMES, getModelSpec } from '../core/validation/models.js'
import { ACTIONS, BATCH_ONLY_FLAGS } from '../cli/actions.js'

/** A JSON Schema node, as tools/list sends it. */
export type JsonSchemaNode = Record<string, unknown>

/** One tool: the CLI action it runs and the arguments it takes (the action's own flags). */
export interface ToolSpec {
  name: string
  /** The CLI action the tool runs; `run_batch` is run with `--batch`. */
  action: OperationName
  isBatch: boolean
  description: string
  inputSchema: { type: 'object'; properties: Record<string, JsonSchemaNode>; required: string[] }
}

const DURATION = {
  type: ['string', 'number'],
  description: 'A duration: "250ms", "90s", "30m", "1h"; a bare number is seconds.'
}

const SCHEMA_ONLY_KEYS = new Set(['$schema', '$id', 'examples'])

/** Every model's payload schema, as the validator applies it (`$schema`/`$id` dropped). */
function payloadSchema(): JsonSchemaNode {
  return {
    type: 'object',
    description:
      "The model's request body; its fields depend on `model` (one schema per model below). " +
      'Checked locally before anything is sent.',
    anyOf: MODEL_NAMES.map(name => {
      // The tool's schema is one document: each model's own `$schema` and `$id` would not fit in it.
      const schema = Object.fromEntries(
        Object.entries(getModelSpec(name).schema).filter(([key]) => !SCHEMA_ONLY_KEYS.has(key))
      )
      return { ...schema, title: name }
    })
  }
}

/**
 * The argument of each CLI flag: snake_case, since agents call tools with JSON. A flag
 * the CLI adds (and an action accepts) without an entry here is not offered as a tool
 * argument until it gets one.
 */
const FLAG_ARGUMENTS: Readonly<Record<string, { name: string; schema: () => JsonSchemaNode }>> = {
  model: {
    name: 'model',
    schema: () => ({ type: 'string', enum: [...MODEL_NAMES], description: 'The model to run.' })
  },
  payload: { name: 'payload', schema: payloadSchema },
  'task-id': {
    name: 'task_id',
    schema: () => ({
      type: 'string',
      pattern: '^[A-Za-z0-9_-]{1,128}$',
      description: 'A task id from an earlier result (envelope taskId).'
    })
  },
  'wait-timeout': {
    name: 'wait_timeout',
    schema: () => ({
      ...DURATION,
      description: `Deadline of the whole call. ${DURATION.description} Default 30m.`
    })
  },
  'poll-interval': {
    name: 'poll_interval',
    schema: () => ({
      ...DURATION,
      description: `First poll delay; it grows with backoff. ${DURATION.description} Default 5s.`
    })
  },
  download: {
    name: 'download',
    schema: () => ({
      type: 'string',
      description:
        "Save the video to this file path (relative to the server's working folder); for run_batch, a folder. Upstream keeps the video link only 24 hours."
    })
  },
  'idempotency-key': {
    name: 'idempotency_key',
    schema: () => ({
      type: 'string',
      description:
        '"auto" derives a key from model and payload, so calling again resumes the same task instead of paying twice; or an explicit key (letters, digits, - _ . :).'
    })
  },
  'max-credits': {
    name: 'max_credits',
    schema: () => ({
      type: 'integer',
      minimum: 0,
      description:
        'Spend cap: the job is quoted first and refused (nothing charged) when it costs more.'
    })
  },
  'cache-dir': {
    name: 'cache_dir',
    schema: () => ({
      type: 'string',
      description:
        'Content cache folder: a job already rendered with the same model and payload is answered from it, sending nothing and costing 0 credits.'
    })
  },
  'webhook-url': {
    name: 'webhook_url',
    schema: () => ({ type: 'string', description: 'https URL upstream calls when the task ends.' })
  },
  concurrency: {
    name: 'concurrency',
    schema: () => ({
      type: 'integer',
      minimum: 1,
      maximum: 20,
      description: 'Creations in flight at once (default 4).'
    })
  },
  'continue-on-invalid': {
    name: 'continue_on_invalid',
    schema: () => ({
      type: 'boolean',
      description:
        'Run the valid jobs when some are invalid (default false: one invalid job stops all, nothing sent).'
    })
  },
  'max-total-credits': {
    name: 'max_total_credits',
    schema: () => ({
      type: 'integer',
      minimum: 0,
      description:
        'Spend cap for the whole batch: all jobs are quoted first; over the cap nothing is created.'
    })
  },
  shard: {
    name: 'shard',
    schema: () => ({
      type: 'string',
      pattern: '^\\d+/\\d+$',
      description: '"i/n": run only the jobs whose position modulo n is i (i from 0).'
    })
  }
}

/** The CLI flag of each tool argument (`task_id` -> `task-id`). */
export const ARGUMENT_FLAGS: ReadonlyMap<string, string> = new Map(
  Object.entries(FLAG_ARGUMENTS).map(([flag, argument]) => [argument.name, flag])
)

const JOBS: JsonSchemaNode = {
  type: 'array',
  minItems: 1,
  description: 'The jobs: each { name?, model, payload } (payload as for generate_video).',
  items: {
    type: 'object',
    properties: {
      name: { type: 'string', description: 'Unique name of the job, shown in its result.' },
      model: FLAG_ARGUMENTS.model.schema(),
      payload: { type: 'object', description: "The model's request body (see generate_video)." }
    },
    required: ['model', 'payload']
  }
}

interface ToolDraft {
  name: string
  action: OperationName
  description: string
  /** Flags of the action not offered (they belong to another tool). */
  without?: readonly string[]
  required: readonly string[]
  isBatch?: boolean
}

const DRAFTS: readonly ToolDraft[] = [
  {
    name: 'generate_video',
    action: 'run',
    description:
      'Generate one video: validate model and payload locally (nothing is sent if invalid), create the task, wait for it within wait_timeout, fetch the result (data.videoUrl) and optionally download it. With task_id instead of model/payload it resumes waiting for an existing task (no new charge). Costs credits: call quote first, and pass max_credits.',
    without: ['batch', ...BATCH_ONLY_FLAGS],
    required: []
  },
  {
    name: 'run_batch',
    action: 'run',
    isBatch: true,
    description:
      'Generate many videos: every job is validated and quoted before anything is created, then created a few at a time and waited for together (one list request per poll). Result: data.totals and one envelope per job in data.results. Costs credits: pass max_total_credits.',
    without: ['model', 'payload', 'task-id', 'batch'],
    required: ['jobs']
  },
  {
    name: 'quote',
    action: 'quote',
    description: 'Price a job without creating it (free): data holds the credits it would cost.',
    required: ['model', 'payload']
  },
  {
    name: 'get_status',
    action: 'getStatus',
    description: "Read a task's status: SUBMITTED, PROGRESS, COMPLETED, FAILED or CANCEL (free).",
    required: ['task_id']
  },
  {
    name: 'get_task',
    action: 'getTask',
    description: "Read a task's detail: input, output (data.videoUrl), credits and times (free).",
    required: ['task_id']
  },
  {
    name: 'cancel_task',
    action: 'cancelTask',
    description:
      'Cancel a task while it is SUBMITTED; its credits are refunded. A task in PROGRESS cannot be cancelled.',
    required: ['task_id']
  },
  {
    name: 'account',
    action: 'account',
    description: "The API key's account: credit balance and the models it may use (free).",
    required: []
  }
]

function buildTool(draft: ToolDraft): ToolSpec {
  const flags = ACTIONS[draft.action].accepts.filter(
    flag => !(draft.without ?? []).includes(flag) && FLAG_ARGUMENTS[flag] !== undefined
  )
  const properties: Record<string, JsonSchemaNode> = {}
  if (draft.isBatch) properties.jobs = JOBS
  for (const flag of flags) properties[FLAG_ARGUMENTS[flag].name] = FLAG_ARGUMENTS[flag].schema()
  return {
    name: draft.name,
    action: draft.action,
    isBatch: draft.isBatch === true,
    description: draft.description,
    inputSchema: { type: 'object', properties, required: [...draft.required] }
  }
}

/** The tools the server offers, in tools/list order. */
export const TOOLS: readonly ToolSpec[] = DRAFTS.map(buildTool)

export function findTool(name: string): ToolSpec | undefined {
  return TOOLS.find(tool => tool.name === name)
}
