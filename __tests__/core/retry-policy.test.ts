import { describe, expect, it } from '@jest/globals'
import { runBatch } from '../../src/core/batch/batch.js'
import { createClient } from '../../src/core/api/client.js'
import { RequestBudget } from '../../src/core/http/request-budget.js'
import { RetryPolicy } from '../../src/core/http/retry-policy.js'
import { FakeClock } from '../../__fixtures__/fake-clock.js'
import { useTestSimulator } from '../../__fixtures__/test-simulator.js'

const KEY = 'retry-policy-key'
const FOX = { prompt: 'a red fox in snow', aspectRatio: '16:9', duration: '5' }

const { start } = useTestSimulator({
  key: KEY,
  generationRequestsPerMinute: -1,
  durationsMs: { submittedMs: 100, totalMs: 400 }
})

describe('RetryPolicy', () => {
  it('honours a server-given delay up to its cap, else draws full jitter from the injected source', () => {
    const policy = new RetryPolicy({
      maxRetries: 2,
      backoff: { baseDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 5000 },
      random: () => 0.5
    })
    expect(policy.delay(1, 2500)).toBe(2500)
    expect(policy.delay(1, 90_000)).toBe(5000)
    // Ceilings 100, 200, 400, 800, then capped at 1000; half of each.
    expect([1, 2, 3, 4, 5, 6].map(retry => policy.delay(retry))).toEqual([
      50, 100, 200, 400, 500, 500
    ])
    expect([1, 2, 3].map(attempt => policy.allowsAnother(attempt))).toEqual([true, true, false])
  })

  it('is the client’s: its settings and randomness reach every retry the client causes', () => {
    const random = (): number => 0.25
    const client = createClient({
      apiKey: KEY,
      maxRetries: 5,
      random,
      backoff: { baseDelayMs: 40 }
    })
    expect(client.retryPolicy.maxRetries).toBe(5)
    expect(client.retryPolicy.delay(1)).toBe(10)
  })
})

describe('a batch create lost on the network', () => {
  it.each([0, 2])(
    'is sent 1 + maxRetries times in all (maxRetries %i), never again by the batch on top',
    async maxRetries => {
      const target = await start({ faults: [{ route: 'create', kind: 'drop' }] })
      const clock = new FakeClock()
      const client = createClient({
        apiKey: KEY,
        baseUrl: target.url,
        maxRetries,
        clock,
        random: () => 0,
        queryBudget: new RequestBudget({ limit: 1000, windowMs: 1000 })
      })
      const result = await runBatch(
        [{ name: 'fox', model: 't2v', payload: FOX, idempotencyKey: 'retry-policy-fox-0001' }],
        { client, clock, waitTimeoutMs: 600_000 }
      )
      expect(result.results[0].errorCode).toBe('NETWORK_ERROR')
      expect(target.stats().requests.create).toEqual({ dropped: 1 + maxRetries })
    }
  )
})
