import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { type Simulator } from '../../src/sim/index.js'
import {
  until,
  untilSimulator,
  useSharedSimulator,
  useTestSimulator
} from '../../__fixtures__/test-simulator.js'
import { KEY, T2V, call, create, waitForStatus } from './api-client.js'

const simulators = useTestSimulator({ key: KEY })
const sim = useSharedSimulator({
  durationsMs: { submittedMs: 300, totalMs: 600 },
  queryLimit: 10_000
})

async function statusOf(target: Simulator, taskId: string): Promise<string> {
  return (await call(target, 'GET', `/api/v1/tasks/${taskId}/status`)).json.status
}

describe('task lifecycle', () => {
  it('goes SUBMITTED -> PROGRESS -> COMPLETED on the configured durations', async () => {
    const { taskId } = (await create(sim, 't2v', T2V)).json
    expect(await statusOf(sim, taskId)).toBe('SUBMITTED')
    await waitForStatus(sim, taskId, 'PROGRESS')
    await waitForStatus(sim, taskId, 'COMPLETED')
    const detail = (await call(sim, 'GET', `/api/v1/tasks/${taskId}`)).json
    expect(detail.status).toBe('COMPLETED')
    expect(detail.output).toEqual({
      url: `${sim.url}/files/${taskId}.mp4`,
      msg: 'The file will only be saved for 24 hours, please download it promptly.',
      error: null
    })
    const stats = sim.stats().tasks.find(t => t.id === taskId)
    expect(stats).toMatchObject({ status: 'COMPLETED', creditsCharged: 15, creditsRefunded: 0 })
    expect(stats!.terminalAtMs! - stats!.createdAtMs).toBe(600)
    expect(Date.parse(detail.completedAt)).toBe(stats!.terminalAtMs)
  })

  it('uses upstream’s typical durations scaled by speed when the spread is 0', async () => {
    const fast = await simulators.start({ speed: 1000, durationSpread: 0 })
    const t2v5 = (await create(fast, 't2v', T2V)).json.taskId
    const t2v8 = (await create(fast, 't2v', { ...T2V, duration: '8' })).json.taskId
    const i2v = (await create(fast, 'i2v', { image: 'https://example.com/a.png', duration: '5' }))
      .json.taskId
    await waitForStatus(fast, i2v, 'COMPLETED')
    await waitForStatus(fast, t2v8, 'COMPLETED')
    const took = (id: string): number => {
      const task = fast.stats().tasks.find(t => t.id === id)!
      return task.terminalAtMs! - task.createdAtMs
    }
    expect([took(t2v5), took(t2v8), took(i2v)]).toEqual([390, 480, 210])
  })

  /** Generation times (simulated seconds) of `count` i2v tasks on a simulator seeded with `seed`. */
  async function drawnSeconds(seed: number, count: number): Promise<number[]> {
    const speed = 100_000
    const fast = await simulators.start({
      speed,
      seed,
      keys: [{ key: KEY, balance: 100_000, generationRequestsPerMinute: -1 }]
    })
    const ids: string[] = []
    for (let i = 0; i < count; i++) {
      const body = { image: 'https://example.com/a.png', duration: '5' }
      ids.push((await create(fast, 'i2v', body)).json.taskId)
    }
    // The longest draw is a few real milliseconds at this speed.
    await untilSimulator(
      fast,
      stats => stats.tasks.every(task => task.terminalAtMs !== null),
      'every task ended'
    )
    const tasks = fast.stats().tasks
    expect(fast.stats().durations).toEqual({
      kind: 'log-normal',
      spread: 0.3,
      seed,
      medianSeconds: {
        't2v (duration 5)': 390,
        't2v (duration 8)': 480,
        'every other model': 210
      }
    })
    return ids.map(id => {
      const task = tasks.find(t => t.id === id)!
      return ((task.terminalAtMs! - task.createdAtMs) * speed) / 1000
    })
  }

  it('draws each task’s time from a seeded log-normal around the model’s typical time', async () => {
    const seconds = await drawnSeconds(7, 120)
    const logs = seconds.map(s => Math.log(s / 210))
    const mean = logs.reduce((a, b) => a + b, 0) / logs.length
    const sigma = Math.sqrt(logs.reduce((a, b) => a + (b - mean) ** 2, 0) / logs.length)
    expect(Math.abs(mean)).toBeLessThan(0.08)
    expect(sigma).toBeGreaterThan(0.24)
    expect(sigma).toBeLessThan(0.36)
    expect(await drawnSeconds(7, 120)).toEqual(seconds)
    expect(await drawnSeconds(8, 120)).not.toEqual(seconds)
  })
})

describe('PUT /api/v1/tasks/{id}/cancel', () => {
  it('cancels a SUBMITTED task with a full refund; a second cancel refunds 0', async () => {
    const before = (await call(sim, 'GET', '/api/v1/account')).json.currentBalance
    const { taskId } = (
      await create(sim, 'i2v_v3', { image: 'https://example.com/a.png', duration: '5' })
    ).json
    const answer = await call(sim, 'PUT', `/api/v1/tasks/${taskId}/cancel`)
    expect(answer.status).toBe(200)
    expect(answer.json).toEqual({ taskId, status: 'CANCEL', creditsRefunded: 20 })
    expect((await call(sim, 'GET', '/api/v1/account')).json.currentBalance).toBe(before)
    expect(await statusOf(sim, taskId)).toBe('CANCEL')
    const again = await call(sim, 'PUT', `/api/v1/tasks/${taskId}/cancel`)
    expect(again.json).toEqual({ taskId, status: 'CANCEL', creditsRefunded: 0 })
    // A task made after it, on the same durations, finishing: the cancelled task's own end
    // (had it not been cancelled) has passed.
    const witness = (await create(sim, 't2v', T2V)).json.taskId
    await waitForStatus(sim, witness, 'COMPLETED')
    expect(await statusOf(sim, taskId)).toBe('CANCEL')
    const detail = (await call(sim, 'GET', `/api/v1/tasks/${taskId}`)).json
    expect(detail).toMatchObject({ creditsRefunded: 20, output: null })
  })

  it('answers 409 TASK_NOT_CANCELLABLE once the task has left SUBMITTED', async () => {
    const { taskId } = (await create(sim, 't2v', T2V)).json
    await waitForStatus(sim, taskId, 'PROGRESS')
    const answer = await call(sim, 'PUT', `/api/v1/tasks/${taskId}/cancel`)
    expect(answer.status).toBe(409)
    expect(answer.json).toMatchObject({ status: 'FAILED', errorCode: 'TASK_NOT_CANCELLABLE' })
    expect(answer.json.message).toContain('PROGRESS')
    await waitForStatus(sim, taskId, 'COMPLETED')
    const done = await call(sim, 'PUT', `/api/v1/tasks/${taskId}/cancel`)
    expect(done.status).toBe(409)
    expect(done.json.message).toContain('COMPLETED')
  })
})

describe('failureRate', () => {
  async function outcomes(options: { failureRate: number; seed?: number }): Promise<string[]> {
    const target = await simulators.start({
      ...options,
      durationsMs: { submittedMs: 0, totalMs: 0 }
    })
    const ids: string[] = []
    for (let i = 0; i < 12; i += 1) ids.push((await create(target, 't2v', T2V)).json.taskId)
    return await Promise.all(ids.map(id => statusOf(target, id)))
  }

  it('fails every task at 1 and none at 0', async () => {
    expect(new Set(await outcomes({ failureRate: 1 }))).toEqual(new Set(['FAILED']))
    expect(new Set(await outcomes({ failureRate: 0 }))).toEqual(new Set(['COMPLETED']))
  })

  it('fails the same tasks for the same seed', async () => {
    const first = await outcomes({ failureRate: 0.5, seed: 42 })
    expect(await outcomes({ failureRate: 0.5, seed: 42 })).toEqual(first)
    expect(first).toContain('FAILED')
    expect(first).toContain('COMPLETED')
  })
})

describe('webhooks', () => {
  let receiver: Server
  let receiverUrl: string
  const received: Record<string, unknown>[] = []

  beforeAll(async () => {
    receiver = createServer((request: IncomingMessage, response) => {
      let text = ''
      request.on('data', chunk => (text += chunk))
      request.on('end', () => {
        received.push(JSON.parse(text))
        response.end('ok')
      })
    })
    await new Promise<void>(resolve => receiver.listen(0, '127.0.0.1', resolve))
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`
  })

  afterAll(() => new Promise<void>(resolve => receiver.close(() => resolve())))

  it('POSTs each status change to the webhookUrl header', async () => {
    const { taskId } = (await create(sim, 't2v', T2V, { headers: { webhookUrl: receiverUrl } }))
      .json
    await waitForStatus(sim, taskId, 'COMPLETED')
    const hooksFor = () => received.filter(body => body.taskId === taskId)
    await until(() => hooksFor().length >= 2, 'the COMPLETED webhook never arrived')
    const mine = hooksFor()
    expect(mine.map(body => body.status)).toEqual(['PROGRESS', 'COMPLETED'])
    expect(mine[1]).toMatchObject({
      model: 't2v',
      output: { url: `${sim.url}/files/${taskId}.mp4` }
    })
  })

  it('notifies a cancel, and survives a receiver that is down', async () => {
    const { taskId } = (await create(sim, 't2v', T2V, { headers: { webhookUrl: receiverUrl } }))
      .json
    await call(sim, 'PUT', `/api/v1/tasks/${taskId}/cancel`)
    await until(
      () => received.some(body => body.taskId === taskId),
      'the CANCEL webhook never arrived'
    )
    expect(received.filter(body => body.taskId === taskId).map(body => body.status)).toEqual([
      'CANCEL'
    ])
    const down = (
      await create(sim, 't2v', T2V, { headers: { webhookUrl: 'http://127.0.0.1:9/nothing' } })
    ).json
    await waitForStatus(sim, down.taskId, 'COMPLETED')
    expect((await call(sim, 'GET', '/api/v1/account', { key: KEY })).status).toBe(200)
  })

  it('refuses a webhookUrl that is not an http(s) URL', async () => {
    const answer = await create(sim, 't2v', T2V, {
      headers: { webhookUrl: 'mailto:me@example.com' }
    })
    expect(answer.status).toBe(400)
    expect(answer.json.errorCode).toBe('INVALID_PAYLOAD')
  })
})
