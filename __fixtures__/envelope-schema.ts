import { expect } from '@jest/globals'
import { Ajv } from 'ajv'
import envelopeSchema from '../schemas/envelope.schema.json' with { type: 'json' }

const validate = new Ajv({ allErrors: true, strict: false }).compile(envelopeSchema)

/** Fails the test with ajv's words when `value` is not a valid 7-key envelope. */
export function expectValidEnvelope(value: unknown): void {
  const valid = validate(value)
  expect(valid ? [] : validate.errors).toEqual([])
}
