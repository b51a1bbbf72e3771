import { describe, expect, it } from '@jest/globals'
import { MAX_PAYLOAD_BYTES, payloadSizeIssue } from '../../src/core/validation/payload-size.js'

describe('payloadSizeIssue', () => {
  it('accepts a payload at the limit', () => {
    const filler = 'a'.repeat(MAX_PAYLOAD_BYTES - JSON.stringify({ x: '' }).length)
    expect(payloadSizeIssue({ x: filler })).toBeNull()
  })
  it('rejects a payload one byte over the limit naming its size', () => {
    const filler = 'a'.repeat(MAX_PAYLOAD_BYTES - JSON.stringify({ x: '' }).length + 1)
    expect(payloadSizeIssue({ x: filler })).toBe(
      `payload is 10.0 MB (${MAX_PAYLOAD_BYTES + 1} bytes) as JSON, over the 10 MB limit (${MAX_PAYLOAD_BYTES} bytes)`
    )
  })
  it('rejects a payload JSON cannot carry', () => {
    expect(payloadSizeIssue({ n: 1n })).toMatch(/^payload cannot be serialized as JSON \(/)
  })
})
