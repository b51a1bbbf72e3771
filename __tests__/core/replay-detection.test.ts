import { describe, expect, it } from '@jest/globals'
import { runBatch } from '../../src/core/batch/batch.js'
import { successEnvelope } from '../../src/core/api/envelope.js'
import { checkBatchSpend } from '../../src/core/spend/replay-detection.js'
import { useTestSimulator } from '../../__fixtures__/test-simulator.js'

const KEY = 'replay-test-key-0001'
const FOX = { prompt: 'a red fox in snow', aspectRatio: '16:9', duration: '5' } // t2v: 15 credits

const { start, startOnClock, clientFor } = useTestSimulator({
  key: KEY,
  generationRequestsPerMinute: -1,
  durationsMs: { submittedMs: 50, totalMs: 150 }
})

const foxes = (count: number) =>
  Array.from({ length: count }, (_, i) => ({
    name: `fox-${i + 1}`,
    model: 't2v',
    payload: { ...FOX, prompt: `${FOX.prompt} #${i + 1}` }
  }))

describe('checkBatchSpend', () => {
  it('a re-run of a paid batch on a tight balance is not refused and creates nothing new', async () => {
    const { sim: target, clock } = await startOnClock({ balance: 45 })
    const client = clientFor(target)
    const options = {
      client,
      clock,
      idempotencyKeyBase: 'nightly-2026-11-25',
      maxTotalCredits: 45,
      pollIntervalMs: 20,
      waitTimeoutMs: 10_000
    }
    const first = await runBatch(foxes(3), options)
    expect(first.ok).toBe(true)
    const before = target.stats()
    expect(before.credits.charged).toBe(45)

    const again = await runBatch(foxes(3), options)

    expect(again.ok).toBe(true)
    expect(again.results.map(r => r.taskId)).toEqual(first.results.map(r => r.taskId))
    expect(again.results.every(r => r.data?.idempotentReplay === true)).toBe(true)
    const after = target.stats()
    expect(after.creations).toBe(before.creations)
    expect(after.credits.charged).toBe(45)
    expect(after.requests.quote?.['200']).toBe(before.requests.quote?.['200'])
  })

  it('quotes only the items whose key has no task yet, and says which were left out', async () => {
    const target = await start({ balance: 30 })
    const client = clientFor(target)
    const created = await client.createGeneration('t2v', FOX, { idempotencyKey: 'known-key-0001' })
    expect(created.ok).toBe(true)

    const check = await checkBatchSpend(client, [
      { name: 'old', model: 't2v', payload: FOX, idempotencyKey: 'known-key-0001' },
      { name: 'new', model: 't2v', payload: FOX, idempotencyKey: 'fresh-key-0002' }
    ])

    expect(check).toMatchObject({
      ok: true,
      replayed: [0],
      listFailure: null,
      totalCredits: 15,
      balance: 15
    })
    expect(check.quotes.map(q => q.name)).toEqual(['new'])
  })

  it("quotes an item whose key holds another request's task: that is no free replay", async () => {
    const target = await start({ balance: 100 })
    const client = clientFor(target)
    const other = { ...FOX, prompt: 'another job, another prompt' }
    expect(
      (await client.createGeneration('t2v', other, { idempotencyKey: 'shared-key-0001' })).ok
    ).toBe(true)

    const check = await checkBatchSpend(client, [
      { name: 'mine', model: 't2v', payload: FOX, idempotencyKey: 'shared-key-0001' },
      // The same request as the task's, with a number where upstream echoes the string.
      {
        name: 'same',
        model: 't2v',
        payload: { ...other, duration: 5 },
        idempotencyKey: 'shared-key-0001'
      }
    ])

    expect(check).toMatchObject({ ok: true, replayed: [1], totalCredits: 15 })
    expect(check.quotes.map(q => q.name)).toEqual(['mine'])
  })

  it('quotes every item, and refuses on the balance, when no task exists under the keys', async () => {
    const target = await start({ balance: 20 })
    const check = await checkBatchSpend(
      clientFor(target),
      foxes(2).map((item, i) => ({ ...item, idempotencyKey: `unused-key-000${i}` }))
    )

    expect(check).toMatchObject({ ok: false, errorCode: 'INSUFFICIENT_CREDITS', replayed: [] })
    expect(check.totalCredits).toBe(30)
  })

  it('sends no list request when mayReplay is false or no item has a key', async () => {
    const target = await start()
    const client = clientFor(target)
    await checkBatchSpend(client, [{ ...foxes(1)[0], idempotencyKey: 'some-key-0001' }], {
      mayReplay: false
    })
    await checkBatchSpend(client, foxes(1))

    expect(target.stats().requests.list).toBeUndefined()
  })

  it('quotes every item and reports the failure when the list cannot be read', async () => {
    const quoted: string[] = []
    const client = {
      scanTasks: async () => ({
        ok: false,
        status: null,
        taskId: null,
        data: null,
        errorCode: 'NETWORK_ERROR' as const,
        errorMessage: 'connection reset',
        retryAfter: null
      }),
      quote: async (model: string) => {
        quoted.push(model)
        return successEnvelope({
          model,
          credits: 15,
          currentBalance: 100,
          affordable: true,
          notes: []
        })
      }
    }
    const check = await checkBatchSpend(client, [
      { model: 't2v', payload: FOX, idempotencyKey: 'maybe-key-0001' }
    ])

    expect(check).toMatchObject({
      ok: true,
      replayed: [],
      listFailure: { errorCode: 'NETWORK_ERROR' }
    })
    expect(quoted).toEqual(['t2v'])
  })
})
