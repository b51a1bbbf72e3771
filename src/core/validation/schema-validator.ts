import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js'
import { compileModelValidator } from './validator-compiler.js'
import { crossFieldIssues } from './cross-field-rules.js'
import type { ModelName, ModelSpec } from './models.js'
import { describeError, pathSegments } from './validation-messages.js'

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

function validatorFor(spec: ModelSpec): ValidateFunction {
  let validate = validators.get(spec.name)
  if (validate === undefined) {
    validate = compileModelValidator(spec)
    validators.set(spec.name, validate)
  }
  return validate
}
