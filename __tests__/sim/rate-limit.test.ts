import { request } from 'node:http'
import { describe, expect, it } from '@jest/globals'
import type { Simulator, SimulatorOptions } from '../../src/sim/index.js'
import { useTestSimulator } from '../../__fixtures__/test-simulator.js'
import { KEY, T2V, call, create, sleep } from './api-client.js'

const simulators = useTestSimulator({ key: KEY })

async function withSim(options: SimulatorOptions, run: (sim: Simulator) => Promise<void>) {
  await run(await simulators.start(options))
}

/** A status query sent from another loopback address, i.e. another client IP. */
function statusFrom(sim: Simulator, localAddress: string, taskId: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${sim.url}/api/v1/tasks/${taskId}/status`, {
      headers: { key: KEY },
      localAddress,
      agent: false
    })
    req.on('response', response => {
      response.resume()
      resolve(response.statusCode ?? 0)
    })
    req.on('error', reject)
    req.end()
  })
}

describe('task-query rate limit', () => {
  it('answers 429 RATE_LIMITED with Retry-After seconds past the limit, shared by list, detail and status', async () => {
    await withSim({ queryLimit: 3, queryWindowMs: 1000 }, async sim => {
      const { taskId } = (await create(sim, 't2v', T2V)).json
      expect((await call(sim, 'GET', '/api/v1/tasks')).status).toBe(200)
      expect((await call(sim, 'GET', `/api/v1/tasks/${taskId}`)).status).toBe(200)
      expect((await call(sim, 'GET', `/api/v1/tasks/${taskId}/status`)).status).toBe(200)
      const limited = await call(sim, 'GET', `/api/v1/tasks/${taskId}/status`)
      expect(limited.status).toBe(429)
      expect(limited.headers.get('retry-after')).toBe('1')
      expect(limited.json).toEqual({
        status: 'FAILED',
        errorCode: 'RATE_LIMITED',
        message: expect.stringContaining('3'),
        error: 'RATE_LIMITED'
      })
      expect((await call(sim, 'GET', '/api/v1/account')).status).toBe(200)
      expect((await create(sim, 't2v', T2V)).status).toBe(200)
      expect(sim.stats()).toMatchObject({ rateLimited: 1, queryRequests: 4 })
      await sleep(1000)
      expect((await call(sim, 'GET', `/api/v1/tasks/${taskId}/status`)).status).toBe(200)
    })
  })

  it('sends Retry-After as an HTTP date with retryAfterFormat http-date', async () => {
    await withSim(
      { queryLimit: 1, queryWindowMs: 1500, retryAfterFormat: 'http-date' },
      async sim => {
        await call(sim, 'GET', '/api/v1/tasks')
        const limited = await call(sim, 'GET', '/api/v1/tasks')
        expect(limited.status).toBe(429)
        const header = limited.headers.get('retry-after')!
        expect(header).toMatch(/ GMT$/)
        // Against the answer's own Date header, not this machine's clock at reading time.
        const delayMs = Date.parse(header) - Date.parse(limited.headers.get('date')!)
        expect(delayMs).toBeGreaterThan(0)
        expect(delayMs).toBeLessThanOrEqual(3000)
      }
    )
  })

  it('defaults to 60 queries per simulated minute (60000 / speed ms)', async () => {
    await withSim({ speed: 6 }, async sim => {
      for (let i = 0; i < 60; i += 1) {
        expect((await call(sim, 'GET', '/api/v1/tasks')).status).toBe(200)
      }
      const limited = await call(sim, 'GET', '/api/v1/tasks')
      expect(limited.status).toBe(429)
      expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(10)
    })
  })

  it('counts each client IP separately', async () => {
    await withSim({ queryLimit: 1, queryWindowMs: 5000 }, async sim => {
      const { taskId } = (await create(sim, 't2v', T2V)).json
      expect(await statusFrom(sim, '127.0.0.1', taskId)).toBe(200)
      expect(await statusFrom(sim, '127.0.0.1', taskId)).toBe(429)
      expect(await statusFrom(sim, '127.0.0.2', taskId)).toBe(200)
    })
  })
})
