import { describe, expect, it } from '@jest/globals'
import { useTestSimulator } from '../../__fixtures__/test-simulator.js'

const KEY = 'sim-clock-test-key'
const FOX = { prompt: 'a red fox in snow', aspectRatio: '16:9', duration: '5' }
const MINUTE = 60_000

const sims = useTestSimulator({
  key: KEY,
  balance: 1000,
  durationsMs: { submittedMs: MINUTE, totalMs: 10 * MINUTE }
})

describe('a simulator on the test clock', () => {
  it("lives a task's ten minutes on that clock, stamping its times from it", async () => {
    const { sim, clock } = await sims.startOnClock()
    const client = sims.clientFor(sim)
    const createdAt = clock.now()
    const created = await client.createGeneration('t2v', FOX)
    expect(created).toMatchObject({ ok: true, status: 'SUBMITTED' })
    const taskId = created.taskId as string
    const seen: string[] = []
    for (let minute = 1; minute <= 10; minute++) {
      await clock.sleep(MINUTE)
      seen.push((await client.getStatus(taskId)).data?.status ?? 'none')
    }
    expect(seen).toEqual([...Array<string>(9).fill('PROGRESS'), 'COMPLETED'])
    const task = await client.getTask(taskId)
    expect(task.data).toMatchObject({
      createdAt: new Date(createdAt).toISOString(),
      completedAt: new Date(createdAt + 10 * MINUTE).toISOString()
    })
  })

  it('holds a request in a latency fault for its delay on that clock, then answers it', async () => {
    const { sim, clock } = await sims.startOnClock({
      faults: [{ route: 'quote', kind: 'latency', delayMs: 45_000 }]
    })
    const before = clock.now()
    const quote = await sims.clientFor(sim, { timeoutMs: 60_000 }).quote('t2v', FOX)
    expect(quote).toMatchObject({ ok: true, data: { credits: 15 } })
    expect(clock.now() - before).toBe(45_000)
  })

  it("times the client's request out on that clock when the fault holds it longer", async () => {
    const { sim, clock } = await sims.startOnClock({
      faults: [{ route: 'status', kind: 'latency', delayMs: 45_000 }]
    })
    const created = await sims.clientFor(sim).createGeneration('t2v', FOX)
    const before = clock.now()
    const client = sims.clientFor(sim, { timeoutMs: 30_000, maxRetries: 0 })
    const status = await client.getStatus(created.taskId as string)
    expect(status).toMatchObject({ ok: false, errorCode: 'NETWORK_ERROR' })
    expect(status.errorMessage).toContain('no complete answer within 30000 ms')
    expect(clock.now() - before).toBe(30_000)
  })

  it("counts the creation limit's minute and dates its Retry-After on that clock", async () => {
    const { sim } = await sims.startOnClock({
      keys: [{ key: KEY, generationRequestsPerMinute: 1 }],
      retryAfterFormat: 'http-date'
    })
    const client = sims.clientFor(sim)
    expect(await client.createGeneration('t2v', FOX)).toMatchObject({ ok: true })
    const refused = await client.createGeneration('t2v', { ...FOX, prompt: 'a second fox' })
    expect(refused).toMatchObject({ ok: false, errorCode: 'RATE_LIMITED', retryAfter: 60 })
  })

  it("leaves no timer on that clock once stopped: a stopped simulator's tasks never move", async () => {
    const { sim, clock } = await sims.startOnClock()
    const created = await sims.clientFor(sim).createGeneration('t2v', FOX)
    expect(created).toMatchObject({ ok: true, status: 'SUBMITTED' })
    await sim.stop()
    expect(clock.pending).toBe(0)
    await clock.sleep(20 * MINUTE)
    // Only the test's own sleep ended: the task's timers were cleared with the simulator.
    expect(clock.sleeps).toEqual([20 * MINUTE])
  })
})
