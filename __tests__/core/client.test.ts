import { describe, expect, it } from '@jest/globals'
import { createClient, type ClientOptions } from '../../src/core/api/client.js'
import { RequestBudget } from '../../src/core/http/request-budget.js'
import { FakeClock } from '../../__fixtures__/fake-clock.js'
import { json, useScriptedServer } from '../../__fixtures__/scripted-server.js'

const server = useScriptedServer()

const t2v = { prompt: 'a red fox in snow', aspectRatio: '16:9', duration: '5' }

function client(overrides: Partial<ClientOptions> = {}) {
  return createClient({
    apiKey: 'client-test-key-42',
    baseUrl: server.url,
    clock: new FakeClock(),
    random: () => 0,
    queryBudget: new RequestBudget({ limit: 1000, windowMs: 1000 }),
    ...overrides
  })
}

describe('createGeneration', () => {
  it('posts to /api/v1/generate/{model} and builds nothing from the absolute URLs in the answer', async () => {
    server.answer(
      json(200, {
        status: 'SUBMITTED',
        taskId: 'ckabc123',
        creditsCharged: 15,
        responseUrl: 'https://aivideomaker.ai/api/v1/tasks/ckabc123'
      }),
      json(200, { status: 'PROGRESS' })
    )
    const c = client()
    const created = await c.createGeneration('t2v', t2v)
    expect(created).toMatchObject({
      ok: true,
      status: 'SUBMITTED',
      taskId: 'ckabc123',
      data: { creditsCharged: 15, idempotentReplay: false }
    })
    const status = await c.getStatus('ckabc123')
    expect(status).toMatchObject({ ok: true, status: 'PROGRESS' })
    expect(server.requests.map(r => `${r.method} ${r.url}`)).toEqual([
      'POST /api/v1/generate/t2v',
      'GET /api/v1/tasks/ckabc123/status'
    ])
  })

  it('sends Idempotency-Key, X-Max-Credits and webhookUrl headers', async () => {
    server.answer(json(200, { status: 'SUBMITTED', taskId: 'ck1', idempotentReplay: true }))
    const created = await client().createGeneration('t2v', t2v, {
      idempotencyKey: 'my-video-001',
      maxCredits: 20,
      webhookUrl: 'https://example.test/hook'
    })
    expect(created.data?.idempotentReplay).toBe(true)
    const headers = server.requests[0].headers
    expect(headers['idempotency-key']).toBe('my-video-001')
    expect(headers['x-max-credits']).toBe('20')
    expect(headers['webhookurl']).toBe('https://example.test/hook')
  })

  it('sends nothing when the payload is invalid', async () => {
    const created = await client().createGeneration('t2v', { ...t2v, duration: '7' })
    expect(created).toMatchObject({ ok: false, errorCode: 'INVALID_PAYLOAD', taskId: null })
    expect(server.requests).toHaveLength(0)
  })

  it('sends nothing for an unknown model', async () => {
    const created = await client().createGeneration('t3v', t2v)
    expect(created).toMatchObject({ ok: false, errorCode: 'INVALID_MODEL' })
    expect(server.requests).toHaveLength(0)
  })

  it('sends nothing without a key, or with a bad idempotency key', async () => {
    expect(await client({ apiKey: '' }).createGeneration('t2v', t2v)).toMatchObject({
      errorCode: 'AUTH_FAILED'
    })
    expect(await client().createGeneration('t2v', t2v, { idempotencyKey: 'short' })).toMatchObject({
      errorCode: 'INVALID_INPUT'
    })
    expect(server.requests).toHaveLength(0)
  })

  it('sends nothing to an http base URL that is not loopback', async () => {
    const c = client({ baseUrl: 'http://aivideomaker.ai' })
    expect(await c.account()).toMatchObject({ ok: false, errorCode: 'INVALID_INPUT' })
  })

  it('reports a 200 with status FAILED as a failure', async () => {
    server.answer(json(200, { status: 'FAILED', message: 'Insufficient credits' }))
    expect(await client().createGeneration('t2v', t2v)).toMatchObject({
      ok: false,
      errorCode: 'INSUFFICIENT_CREDITS',
      taskId: null
    })
  })

  it('never retries a create without an Idempotency-Key, but does with one', async () => {
    server.answer(json(503, {}))
    await client().createGeneration('t2v', t2v)
    expect(server.requests).toHaveLength(1)
    server.requests.length = 0
    server.answer(json(503, {}), json(200, { status: 'SUBMITTED', taskId: 'ck2' }))
    expect(
      await client().createGeneration('t2v', t2v, { idempotencyKey: 'retry-safe-key' })
    ).toMatchObject({ ok: true, taskId: 'ck2' })
    expect(server.requests).toHaveLength(2)
  })

  it('keeps the key out of error messages even when upstream echoes it', async () => {
    server.answer(
      json(401, {
        status: 'FAILED',
        errorCode: 'AUTH_FAILED',
        message: 'key client-test-key-42 is disabled'
      })
    )
    const failed = await client().createGeneration('t2v', t2v)
    expect(failed.errorCode).toBe('AUTH_FAILED')
    expect(JSON.stringify(failed)).not.toContain('client-test-key-42')
  })
})

describe('task queries', () => {
  it('rejects malformed task ids before any request', async () => {
    const c = client()
    for (const id of ['../etc', '%2e%2e', 'a/b', 'ü', '', 'x'.repeat(129)]) {
      expect(await c.getStatus(id)).toMatchObject({ ok: false, errorCode: 'INVALID_INPUT' })
      expect(await c.getTask(id)).toMatchObject({ ok: false, errorCode: 'INVALID_INPUT' })
      expect(await c.cancelTask(id)).toMatchObject({ ok: false, errorCode: 'INVALID_INPUT' })
    }
    expect(server.requests).toHaveLength(0)
  })

  it('reads the video URL from output.url or output.videoUrl', async () => {
    server.answer(
      json(200, { id: 'ck1', status: 'COMPLETED', output: { videoUrl: 'https://cdn.test/a.mp4' } })
    )
    expect((await client().getTask('ck1')).data?.videoUrl).toBe('https://cdn.test/a.mp4')
    server.answer(
      json(200, { id: 'ck1', status: 'COMPLETED', output: { url: 'https://cdn.test/b.mp4' } })
    )
    expect((await client().getTask('ck1')).data?.videoUrl).toBe('https://cdn.test/b.mp4')
  })

  it('maps a 404 on a task query to TASK_NOT_FOUND', async () => {
    server.answer(json(404, { status: 'FAILED', message: 'Task not found' }))
    expect(await client().getTask('ck404')).toMatchObject({
      ok: false,
      errorCode: 'TASK_NOT_FOUND',
      taskId: 'ck404'
    })
  })

  it('accepts every documented list shape', async () => {
    const tasks = [
      { id: 'ck1', status: 'PROGRESS' },
      { taskId: 'ck2', status: 'COMPLETED' }
    ]
    for (const body of [tasks, { tasks }, { data: tasks }, { items: tasks }]) {
      server.answer(json(200, body))
      const listed = await client().listTasks()
      expect(listed.data?.tasks.map(t => t.id)).toEqual(['ck1', 'ck2'])
    }
    server.answer(json(200, { whatever: true }))
    expect(await client().listTasks()).toMatchObject({ ok: false, errorCode: 'UNKNOWN_ERROR' })
  })
})

describe('cancelTask', () => {
  it('cancels with PUT', async () => {
    server.answer(json(200, { taskId: 'ck1', status: 'CANCEL', creditsRefunded: 15 }))
    expect(await client().cancelTask('ck1')).toMatchObject({
      ok: true,
      status: 'CANCEL',
      data: { creditsRefunded: 15 }
    })
    expect(server.requests[0]).toMatchObject({ method: 'PUT', url: '/api/v1/tasks/ck1/cancel' })
  })

  it('reads the status back when the task can no longer be cancelled', async () => {
    server.answer(
      json(409, {
        status: 'FAILED',
        errorCode: 'TASK_NOT_CANCELLABLE',
        message: 'Task is PROGRESS'
      }),
      json(200, { status: 'PROGRESS' })
    )
    expect(await client().cancelTask('ck1')).toMatchObject({
      ok: false,
      errorCode: 'TASK_NOT_CANCELLABLE',
      status: 'PROGRESS',
      taskId: 'ck1'
    })
  })
})

describe('account and quote', () => {
  it('returns supported models and balance', async () => {
    server.answer(json(200, { supportedModels: ['t2v', 'i2v'], currentBalance: 50 }))
    expect(await client().account()).toMatchObject({
      ok: true,
      data: { supportedModels: ['t2v', 'i2v'], currentBalance: 50 }
    })
  })

  it('quotes without creating, after local validation', async () => {
    server.answer(json(200, { model: 't2v', credits: 15, affordable: true, currentBalance: 50 }))
    expect(await client().quote('t2v', t2v)).toMatchObject({
      ok: true,
      data: { credits: 15, affordable: true }
    })
    expect(server.requests[0]).toMatchObject({ method: 'POST', url: '/api/v1/quote/t2v' })
  })
})
