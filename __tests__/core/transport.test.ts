import { beforeEach, describe, expect, it } from '@jest/globals'
import { Transport } from '../../src/core/http/transport.js'
import { RequestBudget } from '../../src/core/http/request-budget.js'
import { FakeClock } from '../../__fixtures__/fake-clock.js'
import { systemClock } from '../../src/core/time/clock.js'
import { drop, hang, json, text, useScriptedServer } from '../../__fixtures__/scripted-server.js'

const server = useScriptedServer()
let clock: FakeClock

beforeEach(() => {
  clock = new FakeClock()
})

function transport(overrides: Partial<ConstructorParameters<typeof Transport>[0]> = {}): Transport {
  return new Transport({
    baseUrl: server.url,
    apiKey: 'test-key-1234',
    timeoutMs: 2000,
    maxRetries: 3,
    clock,
    queryBudget: new RequestBudget({ limit: 1000, windowMs: 1000 }),
    random: () => 0.5,
    ...overrides
  })
}

describe('Transport.send', () => {
  it('sends the bare key header and a JSON body with its content type', async () => {
    server.answer(json(200, { ok: 1 }))
    const result = await transport().send({
      method: 'POST',
      path: '/api/v1/generate/t2v',
      body: { a: 1 },
      idempotent: false
    })
    expect(result.kind).toBe('response')
    const [request] = server.requests
    expect(request.headers.key).toBe('test-key-1234')
    expect(request.headers.authorization).toBeUndefined()
    expect(request.headers['content-type']).toBe('application/json')
    expect(JSON.parse(request.body)).toEqual({ a: 1 })
  })

  it('sends no content type on a request without a body', async () => {
    server.answer(json(200, {}))
    await transport().send({ method: 'GET', path: '/api/v1/account', idempotent: true })
    expect(server.requests[0].headers['content-type']).toBeUndefined()
  })

  it('retries a GET on 503 up to max-retries and returns the last answer', async () => {
    server.answer(json(503, { message: 'busy' }))
    const result = await transport({ maxRetries: 2 }).send({
      method: 'GET',
      path: '/x',
      idempotent: true
    })
    expect(server.requests).toHaveLength(3)
    expect(result).toMatchObject({ kind: 'response', status: 503, attempts: 3 })
  })

  it('honours Retry-After in seconds without jitter', async () => {
    server.answer(json(429, {}, { 'retry-after': '7' }), json(200, { status: 'SUBMITTED' }))
    const result = await transport().send({ method: 'GET', path: '/x', idempotent: true })
    expect(result).toMatchObject({ kind: 'response', status: 200, attempts: 2 })
    expect(clock.sleeps).toEqual([7000])
  })

  it('honours Retry-After as an HTTP date', async () => {
    const inTwelve = new Date(clock.now() + 12_000).toUTCString()
    server.answer(json(429, {}, { 'retry-after': inTwelve }), json(200, {}))
    await transport().send({ method: 'GET', path: '/x', idempotent: true })
    expect(clock.sleeps).toHaveLength(1)
    expect(clock.sleeps[0]).toBeGreaterThanOrEqual(11_000)
    expect(clock.sleeps[0]).toBeLessThanOrEqual(12_000)
  })

  it('reads a Retry-After longer than the cap as the cap', async () => {
    server.answer(json(429, {}, { 'retry-after': '999999999' }), json(200, {}))
    const result = await transport().send({ method: 'GET', path: '/x', idempotent: true })
    expect(server.requests).toHaveLength(2)
    expect(result).toMatchObject({ kind: 'response', status: 200 })
    expect(clock.sleeps).toEqual([60_000])
  })

  it('pauses the query budget no longer than the cap after a huge Retry-After', async () => {
    const budget = new RequestBudget({ limit: 1000, windowMs: 1000 })
    server.answer(json(429, {}, { 'retry-after': '999999999' }))
    await transport({ queryBudget: budget, maxRetries: 0 }).send({
      method: 'GET',
      path: '/x',
      idempotent: true,
      usesQueryBudget: true
    })
    expect(budget.pausedUntilTime - clock.now()).toBe(60_000)
  })

  it('ends at once with the 429 and its capped wait when the wait passes the deadline', async () => {
    server.answer(json(429, {}, { 'retry-after': '999999999' }))
    const result = await transport().send({
      method: 'GET',
      path: '/x',
      idempotent: true,
      deadline: clock.now() + 30_000
    })
    expect(server.requests).toHaveLength(1)
    expect(clock.sleeps).toEqual([])
    expect(result).toMatchObject({
      kind: 'response',
      status: 429,
      retryAfterMs: 60_000,
      retryAfterAskedMs: 999_999_999_000
    })
  })

  it("sends the configured User-Agent, not http-client's own", async () => {
    server.answer(json(200, {}))
    await transport({ userAgent: 'my-tool/1.2' }).send({
      method: 'GET',
      path: '/x',
      idempotent: true
    })
    expect(server.requests[0].headers['user-agent']).toMatch(/^my-tool\/1\.2/)
  })

  it('refuses an answer over 5 MB as too large, once, without calling it a reset', async () => {
    server.answer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(Buffer.alloc(6 * 1024 * 1024, 0x20))
    })
    const result = await transport().send({ method: 'GET', path: '/x', idempotent: true })
    expect(server.requests).toHaveLength(1)
    expect(result).toMatchObject({ kind: 'network', failure: { kind: 'too-large' } })
    if (result.kind !== 'network') throw new Error('expected a network failure')
    expect(result.failure.summary).toMatch(/larger than 5 MB/)
    // A caller that asks again counts its calls ("4 getTask calls"): no "not retried" beside it.
    expect(result.failure.summary).not.toMatch(/not retried/)
    expect(result.failure.summary).not.toMatch(/reset/)
  })

  it('backs off with full jitter when no Retry-After is given', async () => {
    server.answer(json(502, {}), json(502, {}), json(200, {}))
    await transport().send({ method: 'GET', path: '/x', idempotent: true })
    // random() = 0.5: half of 500 ms, then half of 1000 ms.
    expect(clock.sleeps).toEqual([250, 500])
  })

  it('never retries a POST without an Idempotency-Key', async () => {
    server.answer(json(503, {}))
    const result = await transport().send({
      method: 'POST',
      path: '/api/v1/generate/t2v',
      body: {},
      idempotent: false
    })
    expect(server.requests).toHaveLength(1)
    expect(result).toMatchObject({ kind: 'response', status: 503, attempts: 1 })
  })

  it('never retries a POST without an Idempotency-Key after a dropped connection', async () => {
    server.answer(drop)
    const result = await transport().send({
      method: 'POST',
      path: '/api/v1/generate/t2v',
      body: {},
      idempotent: false
    })
    expect(server.requests).toHaveLength(1)
    expect(result.kind).toBe('network')
  })

  it('retries an idempotent POST after a dropped connection', async () => {
    server.answer(drop, json(200, { taskId: 'ck1' }))
    const result = await transport().send({
      method: 'POST',
      path: '/p',
      body: {},
      idempotent: true
    })
    expect(server.requests).toHaveLength(2)
    expect(result).toMatchObject({ kind: 'response', status: 200 })
  })

  it('does not retry 4xx answers other than 408 and 429', async () => {
    for (const status of [400, 401, 402, 404, 409, 422]) {
      server.requests.length = 0
      server.answer(json(status, {}))
      await transport().send({ method: 'GET', path: '/x', idempotent: true })
      expect(server.requests).toHaveLength(1)
    }
  })

  it('retries a 2xx whose JSON is cut short', async () => {
    server.answer(
      text(200, '{"status":"SUBMI', 'application/json'),
      json(200, { status: 'SUBMITTED' })
    )
    const result = await transport().send({ method: 'GET', path: '/x', idempotent: true })
    expect(result).toMatchObject({ kind: 'response', json: { status: 'SUBMITTED' }, attempts: 2 })
  })

  it('times out a request that gets no answer and reports it as a network timeout', async () => {
    server.answer(hang)
    // Real time: a server that never answers holds no sleep on a test clock, so only the
    // system clock can time it out (a test clock stays still while a request is out).
    const result = await transport({ timeoutMs: 200, maxRetries: 1, clock: systemClock }).send({
      method: 'GET',
      path: '/x',
      idempotent: true
    })
    expect(result).toMatchObject({ kind: 'network', failure: { kind: 'timeout' }, attempts: 2 })
  })

  it('reports connection refused as a network failure after its retries', async () => {
    const t = new Transport({
      baseUrl: 'http://127.0.0.1:9',
      apiKey: 'k',
      maxRetries: 2,
      clock,
      random: () => 0
    })
    const result = await t.send({ method: 'GET', path: '/x', idempotent: true })
    expect(result).toMatchObject({ kind: 'network', failure: { kind: 'refused' }, attempts: 3 })
  })

  it('starts no retry that would end past the deadline', async () => {
    server.answer(json(429, {}, { 'retry-after': '30' }))
    const result = await transport().send({
      method: 'GET',
      path: '/x',
      idempotent: true,
      deadline: clock.now() + 10_000
    })
    expect(server.requests).toHaveLength(1)
    expect(result).toMatchObject({ status: 429 })
  })

  it('throws the abort reason when the caller aborts', async () => {
    const controller = new AbortController()
    // The request has reached the server, which never answers: then the caller aborts.
    server.answer(() => controller.abort())
    await expect(
      transport({ timeoutMs: 5000 }).send({
        method: 'GET',
        path: '/x',
        idempotent: true,
        signal: controller.signal
      })
    ).rejects.toThrow()
  })

  it('does not follow redirects, so the key never reaches another host', async () => {
    server.answer(json(302, {}, { location: 'http://127.0.0.2:1/steal' }))
    const result = await transport().send({ method: 'GET', path: '/x', idempotent: true })
    expect(result).toMatchObject({ kind: 'response', status: 302 })
    expect(server.requests).toHaveLength(1)
  })
})
