import { describe, expect, it } from '@jest/globals'
import { DEFAULT_SIM_KEY, startSimulator } from '../../src/sim/index.js'
import { useSharedSimulator } from '../../__fixtures__/test-simulator.js'
import { KEY, T2V, call, create } from './api-client.js'

const OTHER_KEY = 'other-key-123'
const sim = useSharedSimulator({
  keys: [
    { key: KEY, balance: 500 },
    { key: OTHER_KEY, balance: 100, supportedModels: ['t2v', 'i2v'] }
  ],
  queryLimit: 1000
})

describe('startSimulator', () => {
  it('listens on a free loopback port when port is 0', () => {
    expect(sim.port).toBeGreaterThan(0)
    expect(sim.url).toBe(`http://127.0.0.1:${sim.port}`)
  })

  it('defaults to one key, sim-test-key, with 1000 credits', async () => {
    const plain = await startSimulator()
    try {
      expect(DEFAULT_SIM_KEY).toBe('sim-test-key')
      const answer = await call(plain, 'GET', '/api/v1/account', { key: DEFAULT_SIM_KEY })
      expect(answer.json.currentBalance).toBe(1000)
    } finally {
      await plain.stop()
    }
  })

  it('refuses invalid options with a message naming the option', async () => {
    await expect(startSimulator({ speed: 0 })).rejects.toThrow(/speed/)
    await expect(startSimulator({ keys: [] })).rejects.toThrow(/keys/)
    await expect(
      startSimulator({ faults: [{ route: 'nope', kind: 'drop' } as never] })
    ).rejects.toThrow(/route/)
  })
})

describe('authentication', () => {
  it('answers 401 AUTH_FAILED without a key header', async () => {
    const answer = await call(sim, 'GET', '/api/v1/account', { key: null })
    expect(answer.status).toBe(401)
    expect(answer.json).toEqual({
      status: 'FAILED',
      errorCode: 'AUTH_FAILED',
      message: expect.any(String),
      error: 'AUTH_FAILED'
    })
  })

  it('answers 401 for an unknown key and a Bearer-prefixed key, without echoing it', async () => {
    for (const key of ['wrong-key-value', `Bearer ${KEY}`]) {
      const answer = await call(sim, 'POST', '/api/v1/generate/t2v', { key, body: T2V })
      expect(answer.status).toBe(401)
      expect(answer.json.errorCode).toBe('AUTH_FAILED')
      expect(answer.text).not.toContain(key)
    }
    expect(sim.stats().creations).toBe(0)
  })
})

describe('GET /api/v1/account', () => {
  it('reports models, balance and limits (-1 = unlimited)', async () => {
    const answer = await call(sim, 'GET', '/api/v1/account')
    expect(answer.status).toBe(200)
    expect(answer.json).toEqual({
      supportedModels: [
        't2v',
        'i2v',
        'lv',
        't2v_v3',
        'i2v_v3',
        'minimax',
        'seedance20',
        'wan27',
        'happyhorse'
      ],
      currentBalance: 500,
      dailyCreditLimit: -1,
      generationRequestsPerMinute: 30,
      creditWarningAt: -1
    })
  })

  it('reports a key its own models', async () => {
    const answer = await call(sim, 'GET', '/api/v1/account', { key: OTHER_KEY })
    expect(answer.json.supportedModels).toEqual(['t2v', 'i2v'])
    expect(answer.json.currentBalance).toBe(100)
  })
})

describe('POST /api/v1/quote/{model}', () => {
  it('prices without creating or charging', async () => {
    const answer = await call(sim, 'POST', '/api/v1/quote/t2v', { body: T2V })
    expect(answer.status).toBe(200)
    expect(answer.json).toEqual({
      model: 't2v',
      credits: 15,
      listPriceUsd: 0.15,
      usdPerCredit: 0.01,
      currentBalance: 500,
      affordable: true,
      billable: false
    })
    expect(sim.stats().creations).toBe(0)
  })

  it('says when the price is not affordable', async () => {
    sim.setBalance('poor-key-0001', 10)
    const answer = await call(sim, 'POST', '/api/v1/quote/t2v', { key: 'poor-key-0001', body: T2V })
    expect(answer.json).toMatchObject({ credits: 15, currentBalance: 10, affordable: false })
  })
})

describe('POST /api/v1/generate/{model}', () => {
  it('answers SUBMITTED with production follow-up URLs, like upstream', async () => {
    const answer = await create(sim, 't2v', T2V)
    expect(answer.status).toBe(200)
    const { taskId } = answer.json
    expect(taskId).toMatch(/^ck[a-z0-9]{24}$/)
    expect(answer.json).toEqual({
      status: 'SUBMITTED',
      taskId,
      creditsCharged: 15,
      idempotentReplay: false,
      responseUrl: `https://aivideomaker.ai/api/v1/tasks/${taskId}`,
      statusUrl: `https://aivideomaker.ai/api/v1/tasks/${taskId}/status`,
      cancelUrl: `https://aivideomaker.ai/api/v1/tasks/${taskId}/cancel`
    })
  })
})

describe('task queries', () => {
  it('GET /tasks/{id} answers the full detail with output null before the end', async () => {
    const { taskId } = (
      await create(sim, 't2v', T2V, { headers: { 'Idempotency-Key': 'detail-key-1' } })
    ).json
    const answer = await call(sim, 'GET', `/api/v1/tasks/${taskId}`)
    expect(answer.status).toBe(200)
    expect(answer.json).toEqual({
      id: taskId,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      model: 't2v',
      input: T2V,
      output: null,
      status: 'SUBMITTED',
      creditsCharged: 15,
      creditsRefunded: 0,
      listValueCents: 15,
      idempotencyKey: 'detail-key-1',
      completedAt: null
    })
  })

  it('GET /tasks/{id}/status answers only the status', async () => {
    const { taskId } = (await create(sim, 't2v', T2V)).json
    const answer = await call(sim, 'GET', `/api/v1/tasks/${taskId}/status`)
    expect(answer.json).toEqual({ status: 'SUBMITTED' })
  })

  it('GET /tasks lists only the key’s tasks, newest first', async () => {
    const first = (
      await create(
        sim,
        'i2v',
        { image: 'https://example.com/a.png', duration: '5' },
        { key: OTHER_KEY }
      )
    ).json
    const second = (await create(sim, 't2v', T2V, { key: OTHER_KEY })).json
    const answer = await call(sim, 'GET', '/api/v1/tasks', { key: OTHER_KEY })
    expect(answer.status).toBe(200)
    expect(answer.json.tasks.map((t: { id: string }) => t.id)).toEqual([
      second.taskId,
      first.taskId
    ])
  })

  it('answers 404 TASK_NOT_FOUND for an unknown task and for another key’s task', async () => {
    const { taskId } = (await create(sim, 't2v', T2V)).json
    const paths = [`/api/v1/tasks/${taskId}`, `/api/v1/tasks/${taskId}/status`]
    for (const path of paths) {
      const answer = await call(sim, 'GET', path, { key: OTHER_KEY })
      expect(answer.status).toBe(404)
      expect(answer.json).toMatchObject({ status: 'FAILED', errorCode: 'TASK_NOT_FOUND' })
    }
    const cancel = await call(sim, 'PUT', `/api/v1/tasks/${taskId}/cancel`, { key: OTHER_KEY })
    expect(cancel.status).toBe(404)
    const unknown = await call(sim, 'GET', '/api/v1/tasks/ck000000000000000000000000')
    expect(unknown.status).toBe(404)
  })
})

describe('method and route errors', () => {
  it('answers 405 to POST and DELETE on the cancel URL (cancel is PUT)', async () => {
    const { taskId } = (await create(sim, 't2v', T2V)).json
    for (const method of ['POST', 'DELETE']) {
      const answer = await call(sim, method, `/api/v1/tasks/${taskId}/cancel`)
      expect(answer.status).toBe(405)
      expect(answer.headers.get('allow')).toBe('PUT')
      expect(answer.json.status).toBe('FAILED')
    }
    expect((await call(sim, 'GET', `/api/v1/tasks/${taskId}/status`)).json.status).toBe('SUBMITTED')
  })

  it('answers 404 with an error body for an unknown route', async () => {
    const answer = await call(sim, 'GET', '/api/v2/whatever')
    expect(answer.status).toBe(404)
    expect(answer.json.status).toBe('FAILED')
  })
})
