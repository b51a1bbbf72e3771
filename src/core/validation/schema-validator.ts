import {
  Ajv2020,
  type ErrorObject,
  type SchemaObject,
  type ValidateFunction
} from 'ajv/dist/2020.js'
import { crossFieldIssues } from './cross-field-rules.js'
import type { ModelName, ModelSpec } from './models.js'
import { describeError, pathSegments } from './validation-messages.js'

let sharedAjv: Ajv2020 | undefined
const validators = new Map<ModelName, ValidateFunction>()

/**
 * Checks a payload against the model's JSON schema, which holds every rule (field
 * patterns and the cross-field rules under its top-level `allOf`), and returns one
 * issue line per failing field or rule (empty exactly when the schema accepts it).
 * `originals` holds the caller's values of fields converted before the check, so
 * messages quote what the caller sent.
 */
export function schemaIssues(
  spec: ModelSpec,
  payload: Record<string, unknown>,
  originals: Map<string, unknown>
): string[] {
  const validate = validatorFor(spec)
  if (validate(payload)) return []
  const errors = validate.errors ?? []
  const issues = fieldIssues(
    spec,
    payload,
    originals,
    errors.filter(e => !isRuleError(e))
  )
  const brokenRules = new Set(errors.filter(isRuleError).map(e => e.schemaPath.split('/')[2]))
  if (brokenRules.size === 0) return issues
  // The rule's own wording names the fields the caller sent; a rule broken only by a
  // null or empty value is already explained by that field's own issue.
  const explained = crossFieldIssues(spec.name, payload)
  if (explained.length > 0 || issues.length > 0) return [...issues, ...explained]
  return [...brokenRules].map(
    index => `payload breaks a rule of ${spec.name}: ${ruleText(spec, index)}`
  )
}

// The schemas keep their cross-field rules in the top-level allOf and nothing else there.
function isRuleError(error: ErrorObject): boolean {
  return error.schemaPath.startsWith('#/allOf/')
}

function ruleText(spec: ModelSpec, index: string): string {
  const rules = (spec.schema.allOf ?? []) as { description?: string }[]
  return rules[Number(index)]?.description ?? 'see the model schema'
}

function fieldIssues(
  spec: ModelSpec,
  payload: Record<string, unknown>,
  originals: Map<string, unknown>,
  errors: ErrorObject[]
): string[] {
  // One message per field: a value that fails both `type` and `enum` is best
  // explained by the allowed values.
  const byPath = new Map<string, { segments: string[]; error: ErrorObject }>()
  for (const error of errors) {
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

function createAjv(): Ajv2020 {
  // Draft 2020-12, as the schemas declare, with no custom formats or keywords: the
  // schema files alone decide, as they do for any other validator.
  // verbose: errors carry the failing value and schema, which the messages quote.
  // unicode: false makes maxLength count UTF-16 units (String.length), as a strict
  // upstream does (and the simulator): "😀" is 2 of the 5000, so the client never sends
  // a text the service would find too long. Standard JSON Schema counts characters
  // (code points) instead: the one place a schema-only validator is more lenient (see
  // docs/models.md). ajv 8 (pinned) still implements the option but warns it is
  // deprecated on every construction: that one notice is dropped.
  return new Ajv2020({
    strict: true,
    // The cross-field rules name fields the top-level properties define.
    strictRequired: false,
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
