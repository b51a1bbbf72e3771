import { describe, expect, it } from '@jest/globals'
import { createClient, type Client } from '../../src/core/api/client.js'
import { RequestBudget } from '../../src/core/http/request-budget.js'
import { run } from '../../src/core/run/workflow.js'
import { runBatch } from '../../src/core/batch/batch.js'
import type { Fault } from '../../src/sim/faults.js'
import type { Simulator } from '../../src/sim/index.js'
import { FakeClock } from '../../__fixtures__/fake-clock.js'
import { useTestSimulator } from '../../__fixtures__/test-simulator.js'

const KEY = 'settled-detail-key'
const FOX = { prompt: 'a red fox in snow', aspectRatio: '16:9', duration: '5' }

// Tasks finish the moment they are created, so the first poll (instant on a fake clock) sees them
// COMPLETED at once and every detail fetch is the one after the task settled.
const { start } = useTestSimulator({
  key: KEY,
  balance: 1000,
  durationsMs: { submittedMs: 0, totalMs: 0 }
})

/** One transport retry per call (two attempts), so five faults outlast a single getTask. */
function clientFor(target: Simulator, clock?: FakeClock): Client {
  return createClient({
    apiKey: KEY,
    baseUrl: target.url,
    maxRetries: 1,
    clock,
    backoff: { baseDelayMs: 5, maxDelayMs: 20 },
    queryBudget: new RequestBudget({ limit: 1000, windowMs: 1000 })
  })
}

const WAIT = { pollIntervalMs: 50, maxPollIntervalMs: 100, waitTimeoutMs: 60_000 }
const burst = (kind: Fault['kind']): Fault[] => [{ route: 'detail', kind, times: 5 }]
const persistent: Fault[] = [{ route: 'detail', kind: 'drop' }]

describe('run', () => {
  it.each(['reset-mid-body', 'drop'] as const)(
    'rides out five %s failures of the detail fetch and returns the video',
    async kind => {
      const target = await start({ faults: burst(kind) })
      const clock = new FakeClock()
      const result = await run(
        { model: 't2v', payload: FOX, ...WAIT },
        { client: clientFor(target, clock), clock }
      )
      expect(result).toMatchObject({ ok: true, status: 'COMPLETED', errorCode: null })
      expect(result.data?.videoUrl).toMatch(new RegExp(`^${target.url}/files/`))
    }
  )

  it('keeps the COMPLETED task id and says how to fetch it when the detail never comes', async () => {
    const target = await start({ faults: persistent })
    const clock = new FakeClock()
    const result = await run(
      { model: 't2v', payload: FOX, ...WAIT },
      { client: clientFor(target, clock), clock }
    )
    expect(result).toMatchObject({ ok: false, status: 'COMPLETED', errorCode: 'NETWORK_ERROR' })
    expect(result.taskId).toMatch(/^ck/)
    expect(result.errorMessage).toContain(`Task ${result.taskId} is COMPLETED`)
    expect(result.errorMessage).toContain(`getTask and task id ${result.taskId}`)
    // The first call and the three extra calls, each with its one transport retry.
    expect(result.errorMessage).toContain('4 getTask calls')
  })

  it('stops asking when the next call could not start before the deadline', async () => {
    // A 429 asking for a minute, with half a minute left: waiting would only end in TIMEOUT.
    const target = await start({
      faults: [{ route: 'detail', kind: 'rate-limit', retryAfterSeconds: 60 }]
    })
    const clock = new FakeClock()
    const result = await run(
      { model: 't2v', payload: FOX, ...WAIT, waitTimeoutMs: 30_000 },
      { client: clientFor(target, clock), clock }
    )
    expect(result).toMatchObject({
      ok: false,
      status: 'COMPLETED',
      errorCode: 'RATE_LIMITED',
      retryAfter: 60
    })
    expect(result.errorMessage).toContain(`Task ${result.taskId} is COMPLETED`)
    expect(result.errorMessage).toContain('1 getTask call;')
  })
})

// The batch runs on the real clock: its deadline is a sleep on the clock, which a fake
// clock would end at once. Its detail backoff is the default (at most 1 s, 2 s, 4 s).
describe('runBatch', () => {
  it.each(['reset-mid-body', 'drop'] as const)(
    'rides out five %s failures of an item detail fetch and returns the video',
    async kind => {
      const target = await start({ faults: burst(kind) })
      const result = await runBatch([{ name: 'fox', model: 't2v', payload: FOX }], {
        client: clientFor(target),
        ...WAIT
      })
      expect(result.results[0]).toMatchObject({ ok: true, status: 'COMPLETED', errorCode: null })
      expect(result.results[0].data?.videoUrl).toMatch(new RegExp(`^${target.url}/files/`))
    }
  )

  it('keeps the COMPLETED task id and says how to fetch it when the detail never comes', async () => {
    const target = await start({ faults: persistent })
    const result = await runBatch([{ name: 'fox', model: 't2v', payload: FOX }], {
      client: clientFor(target),
      ...WAIT
    })
    const item = result.results[0]
    expect(item).toMatchObject({ ok: false, status: 'COMPLETED', errorCode: 'NETWORK_ERROR' })
    expect(item.taskId).toMatch(/^ck/)
    expect(item.errorMessage).toMatch(/^item 1 "fox": Task ck\S+ is COMPLETED/)
    expect(item.errorMessage).toContain(`getTask and task id ${item.taskId}`)
  })
})
