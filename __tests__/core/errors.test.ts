import { describe, expect, it } from '@jest/globals'
import { failureFromResult, isErrorAnswer } from '../../src/core/api/errors.js'
import type { Operation } from '../../src/core/api/operation-names.js'
import type { ApiResult } from '../../src/core/http/transport.js'

function answer(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
  retryAfterMs: number | null = null
): ApiResult {
  const text = typeof body === 'string' ? body : JSON.stringify(body)
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    json = undefined
  }
  return { kind: 'response', status, headers, json, text, retryAfterMs, attempts: 1 }
}

function code(result: ApiResult, operation: Operation = 'createGeneration'): string {
  return failureFromResult(result, operation).errorCode
}

describe('failureFromResult', () => {
  it('uses the upstream errorCode when it is one of ours', () => {
    for (const c of [
      'INVALID_MODEL',
      'INVALID_PAYLOAD',
      'AUTH_FAILED',
      'INSUFFICIENT_CREDITS',
      'IDEMPOTENCY_CONFLICT',
      'BUDGET_EXCEEDED',
      'RATE_LIMITED'
    ]) {
      expect(code(answer(400, { status: 'FAILED', errorCode: c, message: 'x' }))).toBe(c)
    }
  })

  it('maps HTTP statuses when no errorCode is given', () => {
    expect(code(answer(400, { message: 'prompt is required' }))).toBe('INVALID_PAYLOAD')
    expect(code(answer(401, {}))).toBe('AUTH_FAILED')
    expect(code(answer(403, {}))).toBe('AUTH_FAILED')
    expect(code(answer(402, {}))).toBe('INSUFFICIENT_CREDITS')
    expect(code(answer(404, { message: 'no task' }), 'getStatus')).toBe('TASK_NOT_FOUND')
    expect(code(answer(409, {}))).toBe('IDEMPOTENCY_CONFLICT')
    expect(code(answer(409, { message: 'task is PROGRESS' }), 'cancelTask')).toBe(
      'TASK_NOT_CANCELLABLE'
    )
    expect(code(answer(413, {}))).toBe('INVALID_PAYLOAD')
    expect(code(answer(429, {}))).toBe('RATE_LIMITED')
    expect(code(answer(500, {}))).toBe('UNKNOWN_ERROR')
    expect(code(answer(502, {}))).toBe('NETWORK_ERROR')
    expect(code(answer(503, {}))).toBe('NETWORK_ERROR')
    expect(code(answer(504, {}))).toBe('NETWORK_ERROR')
  })

  it('tells a 422 budget refusal from a content refusal', () => {
    expect(code(answer(422, { message: 'Price 40 is above X-Max-Credits 20' }))).toBe(
      'BUDGET_EXCEEDED'
    )
    expect(code(answer(422, { message: 'Prompt refused by content moderation' }))).toBe(
      'INVALID_PAYLOAD'
    )
  })

  it('reads the code from an old message-only body with HTTP 200', () => {
    const result = answer(200, { status: 'FAILED', message: 'Insufficient credits' })
    expect(isErrorAnswer(result, 'createGeneration')).toBe(true)
    expect(code(result)).toBe('INSUFFICIENT_CREDITS')
    expect(code(answer(200, { status: 'FAILED', message: 'Unsupported model: xyz' }))).toBe(
      'INVALID_MODEL'
    )
    expect(code(answer(200, { status: 'FAILED', message: 'Something odd' }))).toBe('UNKNOWN_ERROR')
  })

  it('treats a bare FAILED status on task queries as the task status, not an error', () => {
    expect(isErrorAnswer(answer(200, { status: 'FAILED' }), 'getStatus')).toBe(false)
    expect(isErrorAnswer(answer(200, { id: 'ck1', status: 'FAILED' }), 'getTask')).toBe(false)
    expect(isErrorAnswer(answer(200, { status: 'FAILED' }), 'createGeneration')).toBe(true)
  })

  it('explains an HTML page instead of the API', () => {
    const failure = failureFromResult(
      answer(502, '<html><body>Bad gateway</body></html>', { 'content-type': 'text/html' }),
      'getStatus'
    )
    expect(failure.errorCode).toBe('NETWORK_ERROR')
    expect(failure.errorMessage).toMatch(/HTML page/)
    expect(
      isErrorAnswer(answer(200, '<html></html>', { 'content-type': 'text/html' }), 'getStatus')
    ).toBe(true)
    expect(code(answer(404, '<html>Not Found</html>'), 'getStatus')).toBe('ROUTE_NOT_FOUND')
  })

  it('reads a 404 that is no task-not-found body as a base URL problem', () => {
    const noRoute = answer(404, { status: 'FAILED', errorCode: 'NOT_FOUND', message: 'No route' })
    const failure = failureFromResult(noRoute, 'getStatus', 'https://example.test/api/v1')
    expect(failure.errorCode).toBe('ROUTE_NOT_FOUND')
    expect(failure.errorMessage).toContain('https://example.test/api/v1')
    expect(failure.errorMessage).not.toMatch(/task id|try again later/i)
    expect(code(answer(404, { message: 'Cannot GET /api/v1/x' }), 'getTask')).toBe(
      'ROUTE_NOT_FOUND'
    )
    expect(code(answer(404, ''), 'getStatus')).toBe('ROUTE_NOT_FOUND')
    expect(code(answer(404, { message: 'Not Found' }), 'account')).toBe('ROUTE_NOT_FOUND')
  })

  it('keeps TASK_NOT_FOUND for a task query answered with a task-not-found body', () => {
    expect(code(answer(404, { errorCode: 'TASK_NOT_FOUND' }), 'getStatus')).toBe('TASK_NOT_FOUND')
    expect(code(answer(404, { message: 'Task not found' }), 'getTask')).toBe('TASK_NOT_FOUND')
  })

  it('passes Retry-After through as whole seconds', () => {
    expect(failureFromResult(answer(429, {}, {}, 2500), 'getStatus').retryAfter).toBe(3)
  })

  it('says what happened and what to do next', () => {
    const failure = failureFromResult(
      answer(402, {
        status: 'FAILED',
        errorCode: 'INSUFFICIENT_CREDITS',
        message: 'Current balance 5 is below required 15'
      }),
      'createGeneration'
    )
    expect(failure.errorMessage).toMatch(/balance 5 is below required 15/)
    expect(failure.errorMessage).toMatch(/Top up credits/)
  })

  it('maps network failures to NETWORK_ERROR with the attempt count', () => {
    const failure = failureFromResult(
      {
        kind: 'network',
        failure: { kind: 'dns', summary: 'DNS lookup failed (ENOTFOUND)', retryable: true },
        attempts: 4
      },
      'getTask'
    )
    expect(failure).toMatchObject({ errorCode: 'NETWORK_ERROR' })
    expect(failure.errorMessage).toMatch(/DNS lookup failed.*4 attempts/)
  })
})
