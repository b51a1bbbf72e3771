import { describe, expect, it } from '@jest/globals'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Client } from '../../src/core/api/client.js'
import { settleInterrupt } from '../../src/core/tasks/interrupt-settlement.js'
import {
  describeClaimOutcome,
  describeSettlement,
  isNothingCharged
} from '../../src/core/tasks/settlement-report.js'
import type { Simulator } from '../../src/sim/index.js'
import { FakeClock } from '../../__fixtures__/fake-clock.js'
import { useTestSimulator } from '../../__fixtures__/test-simulator.js'

const KEY = 'settle-test-key-0001'
const FOX = { prompt: 'a red fox in snow', aspectRatio: '16:9', duration: '5' }
const IDEMPOTENCY_KEY = 'settle-claim-key-0001'

const { start, clientFor } = useTestSimulator({
  key: KEY,
  generationRequestsPerMinute: -1,
  durationsMs: { submittedMs: 60_000, totalMs: 120_000 }
})

async function createTasks(client: Client, count: number): Promise<string[]> {
  const ids: string[] = []
  for (let i = 0; i < count; i++) {
    const created = await client.createGeneration('t2v', { ...FOX, prompt: `fox ${i}` })
    ids.push(created.taskId as string)
  }
  return ids
}

/** Sends a create that reaches the simulator and is then cut off, as an interrupt does. */
async function cutOffCreate(sim: Simulator, client: Client): Promise<void> {
  const controller = new AbortController()
  const sent = client
    .createGeneration('t2v', FOX, { idempotencyKey: IDEMPOTENCY_KEY, signal: controller.signal })
    .catch(() => undefined)
  for (let i = 0; i < 500 && sim.stats().lateCreates.arrived === 0; i++) await sleep(10)
  controller.abort()
  await sent
}

async function untilCarriedOut(sim: Simulator): Promise<void> {
  for (let i = 0; i < 500 && sim.stats().lateCreates.carriedOut === 0; i++) await sleep(10)
  expect(sim.stats().lateCreates.carriedOut).toBe(1)
}

const CREATE = { key: IDEMPOTENCY_KEY, request: { model: 't2v', payload: FOX } }

describe('settleInterrupt', () => {
  it('cancels every known id directly: no list, no status query', async () => {
    const sim = await start()
    const client = clientFor(sim)
    const ids = await createTasks(client, 5)

    const settlement = await settleInterrupt(client, { taskIds: ids, creates: [] })

    expect(settlement.outcomes).toEqual(
      ids.map(taskId => ({
        kind: 'cancelled',
        taskId,
        key: null,
        route: 'id',
        creditsCharged: null,
        creditsRefunded: 15
      }))
    )
    const stats = sim.stats()
    expect(stats.queryRequests).toBe(0)
    expect(stats.requests.cancel).toEqual({ 200: 5 })
    expect(describeSettlement(settlement, 5)).toBe('cancelled 5 of 5 task(s) (75 credits refunded)')
  })

  it('a create never carried out is proven absent by its replay, whose task is cancelled at once', async () => {
    const sim = await start()
    sim.setFaults([{ route: 'create', kind: 'lost', times: 1 }])
    const client = clientFor(sim)
    const sent = client.createGeneration('t2v', FOX, {
      idempotencyKey: IDEMPOTENCY_KEY,
      signal: AbortSignal.timeout(200)
    })
    await expect(sent).rejects.toThrow()

    const { outcomes } = await settleInterrupt(client, { taskIds: [], creates: [CREATE] })

    expect(outcomes).toEqual([
      expect.objectContaining({
        kind: 'cancelled',
        route: 'replay-created',
        creditsCharged: 15,
        creditsRefunded: 15
      })
    ])
    expect(isNothingCharged(outcomes[0])).toBe(true)
    expect(describeClaimOutcome(outcomes[0])).toMatch(
      /had not been carried out: its replay made task \S+, cancelled at once \(15 credits charged, 15 credits refunded\): nothing charged\./
    )
    const stats = sim.stats()
    expect(stats.creations).toBe(1)
    expect(stats.credits).toEqual({ charged: 15, refunded: 15 })
    expect(stats.tasks.map(task => task.status)).toEqual(['CANCEL'])
  })

  it('a create upstream carries out after the claim looked is claimed: one task, cancelled, nothing paid twice', async () => {
    const sim = await start()
    sim.setFaults([{ route: 'create', kind: 'late', delayMs: 400, times: 1 }])
    const client = clientFor(sim)
    await cutOffCreate(sim, client)

    const { outcomes } = await settleInterrupt(client, { taskIds: [], creates: [CREATE] })
    await untilCarriedOut(sim)

    expect(outcomes).toEqual([expect.objectContaining({ kind: 'cancelled', key: IDEMPOTENCY_KEY })])
    const stats = sim.stats()
    expect(stats.creations).toBe(1)
    expect(stats.replays).toBe(1)
    expect(stats.credits).toEqual({ charged: 15, refunded: 15 })
    expect(stats.tasks.map(task => task.status)).toEqual(['CANCEL'])
  })

  it("never cancels another request's task that sits under the saved key", async () => {
    const sim = await start()
    const client = clientFor(sim)
    const other = await client.createGeneration(
      't2v',
      { ...FOX, prompt: 'another job, another prompt' },
      { idempotencyKey: IDEMPOTENCY_KEY }
    )

    const { outcomes } = await settleInterrupt(client, { taskIds: [], creates: [CREATE] })

    expect(outcomes).toEqual([expect.objectContaining({ kind: 'unhandled', key: IDEMPOTENCY_KEY })])
    const stats = sim.stats()
    expect(stats.requests.cancel).toBeUndefined()
    expect(stats.tasks).toEqual([
      expect.objectContaining({ id: other.taskId, status: 'SUBMITTED' })
    ])
    expect(stats.credits).toEqual({ charged: 15, refunded: 0 })
  })

  it('a failing list falls back to the replay, which finds the task the cut-off create made', async () => {
    const sim = await start()
    sim.setFaults([{ route: 'create', kind: 'late', delayMs: 100, times: 1 }])
    const client = clientFor(sim)
    await cutOffCreate(sim, client)
    await untilCarriedOut(sim)
    sim.setFaults([{ route: 'list', kind: 'http-error', status: 503 }])

    const { outcomes } = await settleInterrupt(client, { taskIds: [], creates: [CREATE] })

    expect(outcomes).toEqual([
      expect.objectContaining({ kind: 'cancelled', route: 'replay-found', creditsRefunded: 15 })
    ])
    expect(isNothingCharged(outcomes[0])).toBe(true)
    expect(describeClaimOutcome(outcomes[0])).toContain('had been carried out')
    expect(sim.stats().requests.list).toEqual({ 503: 2 })
    expect(sim.stats().creations).toBe(1)
  })

  it('tries an unanswered replay again within the late-create window, on its own clock', async () => {
    const sim = await start()
    sim.setFaults([{ route: 'create', kind: 'http-error', status: 503, times: 2 }])
    const clock = new FakeClock()

    const { outcomes } = await settleInterrupt(
      clientFor(sim),
      { taskIds: [], creates: [CREATE] },
      { clock }
    )

    expect(outcomes).toEqual([
      expect.objectContaining({ kind: 'cancelled', route: 'replay-created' })
    ])
    expect(clock.sleeps).toEqual([5_000, 5_000])
  })

  it('says "not claimed" and names the key when the replay is refused for the whole window', async () => {
    const sim = await start({ balance: 0 })
    const clock = new FakeClock()

    const settlement = await settleInterrupt(
      clientFor(sim),
      { taskIds: [], creates: [CREATE] },
      { clock }
    )

    const [outcome] = settlement.outcomes
    expect(outcome).toMatchObject({ kind: 'unhandled', taskId: null, key: IDEMPOTENCY_KEY })
    expect(isNothingCharged(outcome)).toBe(false)
    expect(describeClaimOutcome(outcome)).toMatch(
      /not claimed: the replay of its create was refused: .*INSUFFICIENT|balance/i
    )
    // One replay, then looks at the list until the window (60 s) ends.
    expect(sim.stats().requests.create).toEqual({ 402: 1 })
    expect(clock.sleeps.reduce((sum, ms) => sum + ms, 0)).toBe(60_000)
  })

  it('leaves alone a task that is no longer SUBMITTED, with its status', async () => {
    const sim = await start({ durationsMs: { submittedMs: 1, totalMs: 60_000 } })
    const client = clientFor(sim)
    const [taskId] = await createTasks(client, 1)
    await sleep(20)

    const { outcomes } = await settleInterrupt(client, { taskIds: [taskId], creates: [] })

    expect(outcomes).toEqual([{ kind: 'left', taskId, key: null, route: 'id', status: 'PROGRESS' }])
  })

  it('at its time limit returns what it did and names every task id not handled', async () => {
    const sim = await start()
    const client = clientFor(sim)
    const ids = await createTasks(client, 6)
    // The first four cancels are answered; the rest hang past the limit.
    sim.setFaults([
      { route: 'cancel', kind: 'latency', delayMs: 0, times: 4 },
      { route: 'cancel', kind: 'latency', delayMs: 10_000 }
    ])

    const settlement = await settleInterrupt(
      client,
      { taskIds: ids, creates: [] },
      { deadline: Date.now() + 1_000 }
    )

    expect(settlement.timedOut).toBe(true)
    expect(settlement.outcomes.filter(o => o.kind === 'cancelled').map(o => o.taskId)).toEqual(
      ids.slice(0, 4)
    )
    expect(settlement.outcomes.slice(4)).toEqual(
      ids.slice(4).map(taskId => expect.objectContaining({ kind: 'unhandled', taskId }))
    )
    expect(describeSettlement(settlement, 6)).toBe(
      `cancelled 4 of 6 task(s) (60 credits refunded); not handled 2 (the time limit passed): ${ids.slice(4).join(', ')}`
    )
  })
})
