import { describe, expect, it } from '@jest/globals'
import { createClient } from '../../src/core/api/client.js'
import { RequestBudget } from '../../src/core/http/request-budget.js'
import { FakeClock } from '../../__fixtures__/fake-clock.js'
import { useScriptedServer } from '../../__fixtures__/scripted-server.js'

const server = useScriptedServer()

describe('FakeClock', () => {
  it('wakes concurrent sleepers in the order their times come, each at its own time', async () => {
    const clock = new FakeClock(0)
    const woken: [string, number][] = []
    const sleeper = async (name: string, ms: number): Promise<void> => {
      await clock.sleep(ms)
      woken.push([name, clock.now()])
    }
    await Promise.all([sleeper('late', 300), sleeper('early', 100), sleeper('middle', 200)])
    expect(woken).toEqual([
      ['early', 100],
      ['middle', 200],
      ['late', 300]
    ])
    expect(clock.sleeps).toEqual([100, 200, 300])
  })

  it('drops an aborted sleeper without moving time to it', async () => {
    const clock = new FakeClock(0)
    const controller = new AbortController()
    const cut = clock.sleep(10_000, controller.signal)
    controller.abort()
    await expect(cut).rejects.toThrow()
    await clock.sleep(50)
    expect(clock.now()).toBe(50)
    expect(clock.pending).toBe(0)
  })

  it('does not move time while a request is in flight, so a deadline never cuts a request short', async () => {
    const clock = new FakeClock(0)
    let release = (): void => undefined
    const held = new Promise<void>(resolve => (release = resolve))
    let timeWhileHeld: number | null = null
    let reached = (): void => undefined
    const atServer = new Promise<void>(resolve => (reached = resolve))
    server.answer(async (_req, res) => {
      // The request is held by the server; the long timer is pending meanwhile.
      await new Promise(resolve => setImmediate(resolve))
      await new Promise(resolve => setImmediate(resolve))
      await new Promise(resolve => setImmediate(resolve))
      timeWhileHeld = clock.now()
      reached()
      await held
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"PROGRESS"}')
    })
    const deadline = clock.sleep(60_000)
    const client = createClient({
      apiKey: 'fake-clock-key',
      baseUrl: server.url,
      maxRetries: 0,
      clock,
      queryBudget: new RequestBudget({ limit: 100, windowMs: 1000 })
    })
    const status = client.getStatus('ck1')
    await atServer
    expect(timeWhileHeld).toBe(0)
    expect(clock.now()).toBe(0)
    release()
    expect(await status).toMatchObject({ ok: true, status: 'PROGRESS' })
    await deadline
    expect(clock.now()).toBe(60_000)
  })

  it('moves time for a request the server in this process holds in a sleep on the clock, and only that far', async () => {
    const clock = new FakeClock(0)
    server.answer(async (_req, res) => {
      // Only the clock can answer this request: it is held in a 5 s sleep on it.
      await clock.sleep(5_000)
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"PROGRESS"}')
    })
    const deadline = clock.sleep(60_000)
    const client = createClient({
      apiKey: 'fake-clock-key',
      baseUrl: server.url,
      maxRetries: 0,
      clock,
      queryBudget: new RequestBudget({ limit: 100, windowMs: 1000 })
    })
    expect(await client.getStatus('ck1')).toMatchObject({ ok: true, status: 'PROGRESS' })
    expect(clock.now()).toBe(5_000)
    expect(clock.sleeps).toEqual([5_000])
    await deadline
    expect(clock.now()).toBe(60_000)
  })
})
