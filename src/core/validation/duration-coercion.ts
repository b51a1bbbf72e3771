import type { ModelSpec } from './models.js'

/** A payload ready for the checks, and what was changed on the way. */
export interface PreparedPayload {
  payload: Record<string, unknown>
  notes: string[]
  /** The caller's values of fields that were converted, for error messages. */
  originals: Map<string, unknown>
}

/**
 * Copies the caller's payload without `undefined` fields and without a `$schema` text
 * (the editor's link to the model schema, never sent), and converts `duration` to
 * the type the model expects when the caller gave the other one (`5` -> `"5"`,
 * `"10"` -> `10`), with one note per conversion. The input is never changed.
 */
export function preparePayload(spec: ModelSpec, input: Record<string, unknown>): PreparedPayload {
  // fromEntries defines own properties, so a "__proto__" key stays a plain (unknown) field.
  const payload = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined))
  const notes: string[] = []
  const originals = new Map<string, unknown>()
  if (typeof payload.$schema === 'string') {
    delete payload.$schema
    notes.push("payload.$schema (the editor's link to the schema) was removed; it is not sent")
  }
  const duration = payload.duration
  if (spec.durationType === 'string' && typeof duration === 'number' && isFinite(duration)) {
    payload.duration = String(duration)
    notes.push(
      `payload.duration was the number ${duration}; sent as the string "${payload.duration}" as ${spec.name} expects`
    )
    originals.set('duration', duration)
  } else if (
    spec.durationType === 'number' &&
    typeof duration === 'string' &&
    /^\d+$/.test(duration)
  ) {
    payload.duration = Number(duration)
    notes.push(
      `payload.duration was the string "${duration}"; sent as the number ${payload.duration} as ${spec.name} expects`
    )
    originals.set('duration', duration)
  }
  return { payload, notes, originals }
}
