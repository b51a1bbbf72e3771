import type { OperationName } from '../core/api/operation-names.js'
import {
  ACCEPTED_SETTINGS,
  findUnfitSetting,
  type OperationSetting
} from '../core/api/operation-settings.js'
import { DEFAULTS } from '../core/validation/setting-limits.js'
import { suggestNames } from '../core/validation/field-suggestion.js'
import { Inputs } from './constants.js'
import { InputError } from './input-error.js'

/**
 * Each operation setting as the inputs that give it, with the default action.yml gives
 * them: the runner sets a defaulted input whether or not the workflow names it, so only
 * a value other than the default counts as given.
 */
const INPUTS_OF: Readonly<Record<OperationSetting, readonly (readonly [Inputs, string])[]>> = {
  model: [[Inputs.Model, '']],
  payload: [
    [Inputs.Payload, ''],
    [Inputs.PayloadFile, '']
  ],
  taskId: [
    [Inputs.TaskId, ''],
    [Inputs.TaskIdAlias, '']
  ],
  waitTimeout: [[Inputs.WaitTimeout, DEFAULTS.waitTimeout]],
  pollInterval: [[Inputs.PollInterval, DEFAULTS.pollInterval]],
  download: [
    [Inputs.Download, ''],
    [Inputs.DownloadMaxBytes, String(DEFAULTS.downloadMaxBytes)]
  ],
  idempotencyKey: [[Inputs.IdempotencyKey, 'auto']],
  maxCredits: [[Inputs.MaxCredits, '']],
  webhookUrl: [[Inputs.WebhookUrl, '']],
  batch: [[Inputs.BatchFile, '']],
  concurrency: [[Inputs.Concurrency, String(DEFAULTS.concurrency)]],
  continueOnInvalid: [[Inputs.ContinueOnInvalid, 'false']],
  maxTotalCredits: [[Inputs.MaxTotalCredits, '']],
  shard: [[Inputs.Shard, '']],
  cache: [
    [Inputs.CacheDir, ''],
    [Inputs.CacheMode, DEFAULTS.cacheMode],
    [Inputs.CacheMaxBytes, '']
  ],
  // The action's content scope is its repository: no input gives it.
  keyScope: []
}

const INPUT_NAMES: readonly string[] = Object.values(Inputs)

/** The runner's variable for an input: `INPUT_` and the name upper-cased, spaces as `_`. */
function variableOf(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`
}

/**
 * Refuses, before anything is sent, an input action.yml does not declare (with the
 * nearest declared names: `max-credit` once created a video with no cap) and an input the
 * chosen action does not read (the core's table, the same rules the CLI applies to flags).
 */
export function checkInputNames(action: OperationName, env: NodeJS.ProcessEnv): void {
  const known = new Set(INPUT_NAMES.map(variableOf))
  for (const variable of Object.keys(env)) {
    if (!variable.startsWith('INPUT_') || known.has(variable)) continue
    const name = variable.slice('INPUT_'.length).toLowerCase()
    const near = suggestNames(name, INPUT_NAMES)
    throw InputError.of(
      'INVALID_INPUT',
      `${name} is not an input of this action${near.length === 0 ? '' : ` (did you mean ${near.join(' or ')}?)`}; action.yml declares ${INPUT_NAMES.join(', ')}`
    )
  }
  const given = (Object.keys(INPUTS_OF) as OperationSetting[]).filter(setting =>
    INPUTS_OF[setting].some(([input, byDefault]) => {
      const value = (env[variableOf(input)] ?? '').trim()
      return value !== '' && value !== byDefault
    })
  )
  const unfit = findUnfitSetting(action, given)
  if (unfit === null) return
  const input = INPUTS_OF[unfit].find(
    ([name, byDefault]) => !['', byDefault].includes((env[variableOf(name)] ?? '').trim())
  )?.[0]
  const reads = ACCEPTED_SETTINGS[action].flatMap(setting =>
    INPUTS_OF[setting].map(([name]) => name)
  )
  throw InputError.of(
    'INVALID_INPUT',
    `${input ?? unfit} does not apply to action ${action}, which reads ${reads.length === 0 ? 'none of the operation inputs' : reads.join(', ')}; remove it, or choose the action it is for`
  )
}
