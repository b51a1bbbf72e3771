import { preparePayload } from './duration-coercion.js'
import { suggestNames } from './field-suggestion.js'
import { kindOf, preview, quoteAlternatives } from './message-wording.js'
import { MODEL_NAMES, getModelSpec, isModelName, type ModelName, type ModelSpec } from './models.js'
import { payloadSizeIssue } from './payload-size.js'
import { schemaIssues } from './schema-validator.js'

export { MAX_PAYLOAD_BYTES } from './payload-size.js'

export type ValidationResult =
  | { ok: true; model: ModelName; payload: Record<string, unknown>; notes: string[] }
  | {
      ok: false
      errorCode: 'INVALID_MODEL' | 'INVALID_PAYLOAD'
      errorMessage: string
      issues: string[]
    }

/**
 * Checks a request locally, so nothing is sent (or paid for) when it cannot succeed.
 *
 * - `model` must be one of `MODEL_NAMES`, else `INVALID_MODEL` listing them.
 * - `payload` must be a plain JSON object of at most `MAX_PAYLOAD_BYTES` serialized,
 *   valid against the model's schema (which holds its cross-field rules too), else
 *   `INVALID_PAYLOAD`; `issues` holds one line per problem, each naming the field
 *   path and what it accepts, and `errorMessage` joins them and ends with a hint.
 *
 * On success `payload` is a shallow copy of the caller's object (never the object
 * itself), without `undefined` fields, and with `duration` converted to the type the
 * model expects when the caller gave the other one (`5` -> `"5"` for t2v, `"10"` ->
 * `10` for seedance20); each conversion is described in `notes`.
 */
export function validateRequest(model: unknown, payload: unknown): ValidationResult {
  if (!isModelName(model)) return invalidModel(model)
  const spec = getModelSpec(model)
  if (!isPlainObject(payload)) {
    const hint =
      typeof payload === 'string'
        ? `Parse the JSON text into an object first, e.g. ${exampleOf(spec)}`
        : `Pass one object, e.g. ${exampleOf(spec)}`
    return invalidPayload(spec, [`payload must be a JSON object (got ${kindOf(payload)})`], hint)
  }
  const sizeIssue = payloadSizeIssue(payload)
  if (sizeIssue !== null) {
    return invalidPayload(
      spec,
      [sizeIssue],
      'Pass images as public https:// URLs instead of data: URIs (or send smaller images), then retry'
    )
  }
  const prepared = preparePayload(spec, payload)
  const issues = schemaIssues(spec, prepared.payload, prepared.originals)
  if (issues.length > 0) {
    return invalidPayload(
      spec,
      issues,
      `Fix the payload and retry (nothing was sent); a valid ${spec.name} payload looks like ${exampleOf(spec)}`
    )
  }
  return { ok: true, model, payload: prepared.payload, notes: prepared.notes }
}

function invalidModel(model: unknown): ValidationResult {
  const supported = MODEL_NAMES.join(', ')
  const allowed = `model must be one of ${supported}`
  if (typeof model !== 'string') {
    return {
      ok: false,
      errorCode: 'INVALID_MODEL',
      errorMessage: `Model must be a string (got ${kindOf(model)}). Supported models: ${supported}.`,
      issues: [`${allowed} (got ${kindOf(model)})`]
    }
  }
  if (model.trim() === '') {
    return {
      ok: false,
      errorCode: 'INVALID_MODEL',
      errorMessage: `No model given. Supported models: ${supported}.`,
      issues: [`model is required (one of ${supported})`]
    }
  }
  const guesses = suggestNames(model, MODEL_NAMES)
  return {
    ok: false,
    errorCode: 'INVALID_MODEL',
    errorMessage:
      `Unsupported model ${preview(model)}. Supported models: ${supported}.` +
      (guesses.length === 0 ? '' : ` Did you mean ${quoteAlternatives(guesses)}?`),
    issues: [`${allowed} (got ${preview(model)})`]
  }
}

function invalidPayload(spec: ModelSpec, issues: string[], hint: string): ValidationResult {
  return {
    ok: false,
    errorCode: 'INVALID_PAYLOAD',
    errorMessage: `Invalid ${spec.name} payload: ${issues.join('; ')}. ${hint}.`,
    issues
  }
}

function exampleOf(spec: ModelSpec): string {
  const examples = spec.schema.examples
  return Array.isArray(examples) && examples.length > 0 ? JSON.stringify(examples[0]) : '{}'
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  // Checked by shape, not identity, so objects from another realm (vm, jest) pass.
  const proto: unknown = Object.getPrototypeOf(value)
  return proto === null || Object.getPrototypeOf(proto) === null
}
