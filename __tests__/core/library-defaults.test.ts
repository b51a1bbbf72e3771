import { describe, expect, it } from '@jest/globals'
import { run, runBatch } from '../../src/index.js'
import { useTestSimulator } from '../../__fixtures__/test-simulator.js'

const KEY = 'library-defaults-key'
const sims = useTestSimulator({ key: KEY, durationsMs: { submittedMs: 20, totalMs: 60 } })
const fox = { prompt: 'a red fox in snow', aspectRatio: '16:9', duration: '5' }
const fast = { pollIntervalMs: 20, maxPollIntervalMs: 50, waitTimeoutMs: 10_000 }

describe('run', () => {
  it('answers AUTH_FAILED (as the action and the CLI do without a key) naming apiKey when called with the request alone', async () => {
    const result = await run({ model: 't2v', payload: fox })
    expect(result).toMatchObject({ ok: false, errorCode: 'AUTH_FAILED', taskId: null })
    expect(result.errorMessage).toContain('apiKey')
    expect(result.errorMessage).toContain('reads no environment variable')
    expect(result.data?.timings.finishedAt).not.toBe('')
  })

  it('makes its own client, clock and budget from apiKey and baseUrl', async () => {
    const sim = await sims.start()
    const result = await run(
      { model: 't2v', payload: fox, ...fast },
      { apiKey: KEY, baseUrl: sim.url }
    )
    expect(result).toMatchObject({ ok: true, status: 'COMPLETED', errorCode: null })
    expect(result.data?.videoUrl).toMatch(/^http:\/\/127\.0\.0\.1:/)
    expect(sim.stats().creations).toBe(1)
  })
})

describe('runBatch', () => {
  const items = [
    { name: 'one', model: 't2v', payload: fox },
    { name: 'two', model: 't2v', payload: { ...fox, prompt: 'a grey wolf' } }
  ]

  it('answers AUTH_FAILED for every item when called with the items alone', async () => {
    const result = await runBatch(items)
    expect(result.ok).toBe(false)
    expect(result.results.map(r => [r.name, r.errorCode])).toEqual([
      ['one', 'AUTH_FAILED'],
      ['two', 'AUTH_FAILED']
    ])
    expect(result.totals).toMatchObject({ items: 2, completed: 0, failed: 2 })
    expect(result.errorMessage).toContain('apiKey')
  })

  it('runs every item with a client made from apiKey and baseUrl', async () => {
    const sim = await sims.start()
    const result = await runBatch(items, { apiKey: KEY, baseUrl: sim.url, ...fast })
    expect(result.ok).toBe(true)
    expect(result.totals).toMatchObject({ items: 2, completed: 2, failed: 0 })
    expect(sim.stats().creations).toBe(2)
  })
})
