import { describe, expect, it } from '@jest/globals'
import { useSharedSimulator, useTestSimulator } from '../../__fixtures__/test-simulator.js'
import { KEY, T2V, call, create } from './api-client.js'

const simulators = useTestSimulator({ key: KEY })
const sim = useSharedSimulator({ keys: [{ key: KEY, balance: 100 }] })

describe('stats', () => {
  it('counts responses per route and status, tasks, credits and balances', async () => {
    const { taskId } = (await create(sim, 't2v', T2V)).json
    await create(sim, 't2v', { prompt: 'x' })
    await call(sim, 'GET', '/api/v1/account', { key: null })
    await call(sim, 'GET', '/api/v1/tasks/ck000000000000000000000000/status')
    await call(sim, 'PUT', `/api/v1/tasks/${taskId}/cancel`)
    const stats = sim.stats()
    expect(stats).toEqual({
      requests: {
        create: { 200: 1, 400: 1 },
        account: { 401: 1 },
        status: { 404: 1 },
        cancel: { 200: 1 }
      },
      totalRequests: 5,
      unfinished: {},
      queryRequests: 1,
      rateLimited: 0,
      creations: 1,
      replays: 0,
      lateCreates: { arrived: 0, carriedOut: 0 },
      lostCreates: 0,
      credits: { charged: 15, refunded: 15 },
      balances: { 'sim-…': 100 },
      durations: {
        kind: 'log-normal',
        spread: 0.3,
        seed: null,
        medianSeconds: {
          't2v (duration 5)': 390,
          't2v (duration 8)': 480,
          'every other model': 210
        }
      },
      listing: { historyTasks: {}, pageSize: 0, paging: null },
      tasks: [
        {
          id: taskId,
          model: 't2v',
          status: 'CANCEL',
          creditsCharged: 15,
          creditsRefunded: 15,
          createdAtMs: expect.any(Number),
          terminalAtMs: expect.any(Number)
        }
      ]
    })
  })

  it('serves the same numbers at GET /__sim/stats, without counting itself', async () => {
    const answer = await call(sim, 'GET', '/__sim/stats', { key: null })
    expect(answer.status).toBe(200)
    expect(answer.json).toEqual(sim.stats())
  })

  it('zeroes the counters on POST /__sim/reset, keeping tasks and balances', async () => {
    // Its own task and charge, so the reset has something to zero whatever ran before.
    await create(sim, 't2v', T2V)
    const before = sim.stats()
    expect(before.creations).toBeGreaterThan(0)
    await call(sim, 'POST', '/__sim/reset', { key: null })
    const stats = sim.stats()
    expect(stats).toMatchObject({
      requests: {},
      totalRequests: 0,
      creations: 0,
      credits: { charged: 0, refunded: 0 },
      balances: before.balances
    })
    expect(stats.tasks.map(t => t.id)).toEqual(before.tasks.map(t => t.id))
  })

  it('never shows a short key whole', async () => {
    const tiny = await simulators.start({ keys: [{ key: 'abcd' }, { key: 'abcdef' }] })
    expect(Object.keys(tiny.stats().balances)).toEqual(['ab…', 'abc…'])
  })
})
