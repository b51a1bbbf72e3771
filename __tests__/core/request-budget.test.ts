import { describe, expect, it } from '@jest/globals'
import {
  RequestBudget,
  defaultQueryBudget,
  sharedQueryBudget
} from '../../src/core/http/request-budget.js'
import { createClient } from '../../src/core/api/client.js'
import { systemClock } from '../../src/core/time/clock.js'
import { json, useScriptedServer } from '../../__fixtures__/scripted-server.js'
import { FakeClock } from '../../__fixtures__/fake-clock.js'

/** Acquires `count` tokens one after another and returns the clock time of each. */
async function acquireTimes(
  budget: RequestBudget,
  clock: FakeClock,
  count: number
): Promise<number[]> {
  const times: number[] = []
  for (let i = 0; i < count; i++) {
    await budget.acquire(clock)
    times.push(clock.now())
  }
  return times
}

describe('RequestBudget', () => {
  it('lets the burst through at once', async () => {
    const clock = new FakeClock(0)
    const times = await acquireTimes(
      new RequestBudget({ limit: 60, windowMs: 60_000, burst: 10 }),
      clock,
      10
    )
    expect(times.every(t => t === 0)).toBe(true)
  })

  it('never lets more than the limit into any sliding window', async () => {
    const clock = new FakeClock(0)
    const times = await acquireTimes(new RequestBudget({ limit: 60, windowMs: 60_000 }), clock, 300)
    for (let i = 0; i < times.length; i++) {
      const inWindow = times.filter(t => t >= times[i] && t < times[i] + 60_000).length
      expect(inWindow).toBeLessThanOrEqual(60)
    }
    // ...and still uses most of it: 300 requests take about 5 windows, not 6.
    expect(times[times.length - 1]).toBeLessThan(6 * 60_000)
  })

  it('serves concurrent callers in order and shares one budget', async () => {
    const clock = new FakeClock(0)
    const budget = new RequestBudget({ limit: 4, windowMs: 1000, burst: 2 })
    const order: number[] = []
    await Promise.all([0, 1, 2, 3].map(i => budget.acquire(clock).then(() => order.push(i))))
    expect(order).toEqual([0, 1, 2, 3])
  })

  it('pauses every consumer after an upstream 429', async () => {
    const clock = new FakeClock(0)
    const budget = new RequestBudget()
    budget.pauseUntil(5000)
    await budget.acquire(clock)
    expect(clock.now()).toBeGreaterThanOrEqual(5000)
  })

  it('gives up its place when the wait is aborted', async () => {
    const clock = new FakeClock(0)
    const budget = new RequestBudget({ limit: 2, windowMs: 1000, burst: 1 })
    await budget.acquire(clock)
    const controller = new AbortController()
    controller.abort()
    await expect(budget.acquire(clock, controller.signal)).rejects.toThrow()
    await expect(budget.acquire(clock)).resolves.toBeUndefined()
  })

  it('rejects a limit below 2', () => {
    expect(() => new RequestBudget({ limit: 1 })).toThrow(RangeError)
  })
})

describe('a budget per clock', () => {
  const server = useScriptedServer()

  async function pollStatus(clock: FakeClock, times: number): Promise<void> {
    const client = createClient({ apiKey: 'k-budget-test', baseUrl: server.url, clock })
    for (let i = 0; i < times; i++) await client.getStatus('ck1')
  }

  it('keeps a client on a clock a day ahead from making clients on another clock wait', async () => {
    server.answer(json(200, { id: 'ck1', status: 'SUBMITTED' }))
    // 20 task queries a day ahead: the burst, then tokens refilled on that clock.
    await pollStatus(new FakeClock(86_400_000), 20)
    // A client on another clock still has its whole burst at once.
    const behind = new FakeClock(0)
    await pollStatus(behind, 10)
    expect(behind.now()).toBe(0)
    expect(server.requests).toHaveLength(30)
  })

  it('gives clients on one clock one budget, two clocks two, and the real clock the shared one', () => {
    const one = new FakeClock(0)
    const two = new FakeClock(0)
    expect(defaultQueryBudget(one)).toBe(defaultQueryBudget(one))
    expect(defaultQueryBudget(one)).not.toBe(defaultQueryBudget(two))
    expect(defaultQueryBudget(one)).not.toBe(sharedQueryBudget)
    expect(defaultQueryBudget(systemClock)).toBe(sharedQueryBudget)
  })

  it('refuses a second clock on a budget handed to two clients', async () => {
    const budget = new RequestBudget()
    await budget.acquire(new FakeClock(0))
    await expect(budget.acquire(new FakeClock(86_400_000))).rejects.toThrow(/another clock/)
  })
})
