import { Ajv, type ErrorObject, type SchemaObject, type ValidateFunction } from 'ajv'
import { httpUrlProblem, imageRefProblem } from './image-ref.js'
import type { ModelName, ModelSpec } from './models.js'
import { describeError, pathSegments } from './validation-messages.js'

let sharedAjv: Ajv | undefined
const validators = new Map<ModelName, ValidateFunction>()

/**
 * Checks a payload against the model's JSON schema and returns one issue line per
 * failing field (empty when valid). `originals` holds the caller's values of fields
 * converted before the check, so messages quote what the caller sent.
 */
export function schemaIssues(
  spec: ModelSpec,
  payload: Record<string, unknown>,
  originals: Map<string, unknown>
): string[] {
  const validate = validatorFor(spec)
  if (validate(payload)) return []
  // One message per field: a value that fails both `type` and `enum` is best
  // explained by the allowed values.
  const byPath = new Map<string, { segments: string[]; error: ErrorObject }>()
  for (const error of validate.errors ?? []) {
    const segments = pathSegments(error)
    const key = JSON.stringify(segments)
    const kept = byPath.get(key)
    if (kept === undefined || (error.keyword === 'enum' && kept.error.keyword === 'type')) {
      byPath.set(key, { segments, error })
    }
  }
  return [...byPath.values()].map(({ segments, error }) => {
    const got =
      segments.length === 1 && originals.has(segments[0]) ? originals.get(segments[0]) : error.data
    return describeError(spec, payload, segments, error, got)
  })
}

function createAjv(): Ajv {
  // verbose: errors carry the failing value and schema, which the messages quote.
  // unicode: false makes maxLength count UTF-16 units (String.length), as a strict
  // upstream does (and the simulator): "😀" is 2 of the 5000, so the client never sends
  // a text the service would find too long. ajv 8 (pinned) still implements the option
  // but warns it is deprecated on every construction: that one notice is dropped.
  const ajv = new Ajv({
    strict: true,
    allErrors: true,
    allowUnionTypes: true,
    verbose: true,
    unicode: false,
    logger: {
      log: (...args: unknown[]) => console.log(...args),
      warn: (...args: unknown[]) => {
        if (!String(args[0]).startsWith('DEPRECATED: option unicode.')) console.warn(...args)
      },
      error: (...args: unknown[]) => console.error(...args)
    }
  })
  ajv.addFormat('image-ref', { type: 'string', validate: value => imageRefProblem(value) === null })
  ajv.addFormat('http-url', { type: 'string', validate: value => httpUrlProblem(value) === null })
  return ajv
}

function validatorFor(spec: ModelSpec): ValidateFunction {
  let validate = validators.get(spec.name)
  if (validate === undefined) {
    sharedAjv ??= createAjv()
    validate = sharedAjv.compile(spec.schema as SchemaObject)
    validators.set(spec.name, validate)
  }
  return validate
}
