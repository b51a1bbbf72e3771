import { describe, expect, it } from '@jest/globals'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { useActionHarness } from '../../__fixtures__/action-harness.js'
import { E2E_KEY, T2V_PAYLOAD, simInputs } from '../../__fixtures__/runner.js'
import { makeTempDir } from '../../__fixtures__/temp-dirs.js'

const { start, main } = useActionHarness({ durationsMs: { submittedMs: 100, totalMs: 300 } })

/** A workspace with `batch.json`: `count` t2v jobs of 15 credits each in the simulator. */
async function batchWorkspace(count: number, extra: Record<string, unknown> = {}): Promise<string> {
  const workspace = await makeTempDir('aivideo-spend-ws-')
  const items = Array.from({ length: count }, (_, i) => ({
    name: `clip-${i + 1}`,
    model: 't2v',
    payload: { ...T2V_PAYLOAD, prompt: `clip ${i + 1}` },
    ...extra
  }))
  await writeFile(join(workspace, 'batch.json'), JSON.stringify(items))
  return workspace
}

function batchInputs(baseUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    'batch-file': 'batch.json',
    'api-key': E2E_KEY,
    'base-url': baseUrl,
    'poll-interval': '100ms',
    ...extra
  }
}

describe('batch spend guard', () => {
  it('max-total-credits below the quoted total: BUDGET_EXCEEDED before any creation', async () => {
    const s = await start()
    const workspace = await batchWorkspace(5)
    const result = await main({
      workspace,
      inputs: batchInputs(s.url, { 'max-total-credits': '50' })
    })

    expect(result.code).toBe(1)
    expect(result.outputs).toMatchObject({ ok: 'false', errorCode: 'BUDGET_EXCEEDED' })
    expect(result.outputs.errorMessage).toContain('costs 75 credits in total')
    expect(result.outputs.errorMessage).toContain("above the batch's total credit cap of 50")
    expect(result.outputs.errorMessage).toContain('Raise max-total-credits, remove tasks')
    expect(result.outputs.errorMessage).not.toContain('--')
    const results = JSON.parse(result.outputs.results) as { name: string; errorCode: string }[]
    expect(results).toHaveLength(5)
    expect(results.every(r => r.errorCode === 'BUDGET_EXCEEDED')).toBe(true)
    const stats = s.stats()
    expect(stats.creations).toBe(0)
    expect(stats.requests.create).toBeUndefined()
    expect(stats.requests.quote).toEqual({ 200: 5 })
    expect(stats.credits.charged).toBe(0)
    expect(result.summary).toMatch(/credits quoted <strong>75<\/strong>/)
    expect(result.summary).toContain('BUDGET_EXCEEDED')
  })

  it('a balance that cannot cover the batch: INSUFFICIENT_CREDITS with the numbers, nothing created', async () => {
    const s = await start({ balance: 40 })
    const workspace = await batchWorkspace(5)
    const result = await main({ workspace, inputs: batchInputs(s.url) })

    expect(result.code).toBe(1)
    expect(result.outputs).toMatchObject({ ok: 'false', errorCode: 'INSUFFICIENT_CREDITS' })
    expect(result.outputs.errorMessage).toContain('needs 75 credits, balance is 40')
    expect(result.outputs.errorMessage).toContain('35 short')
    expect(s.stats().creations).toBe(0)
    expect(s.stats().requests.create).toBeUndefined()
  })

  it('max-credits is the cap of items without their own; one over it stops the batch', async () => {
    const s = await start()
    const workspace = await makeTempDir('aivideo-spend-ws-')
    const items = [
      { name: 'short', model: 't2v', payload: T2V_PAYLOAD },
      { name: 'long', model: 't2v', payload: { ...T2V_PAYLOAD, duration: '8' } },
      {
        name: 'own-cap',
        model: 't2v',
        payload: { ...T2V_PAYLOAD, duration: '8' },
        'max-credits': 30
      }
    ]
    await writeFile(join(workspace, 'batch.json'), JSON.stringify(items))
    const result = await main({ workspace, inputs: batchInputs(s.url, { 'max-credits': '20' }) })

    expect(result.outputs.errorCode).toBe('BUDGET_EXCEEDED')
    expect(result.outputs.errorMessage).toContain(
      '"long" (t2v) costs 24 credits, above its max-credits of 20'
    )
    expect(result.outputs.errorMessage).not.toContain('"own-cap"')
    expect(s.stats().creations).toBe(0)
  })

  it('runs the batch when every item fits max-credits and the total fits max-total-credits', async () => {
    const s = await start()
    const workspace = await batchWorkspace(2)
    const result = await main({
      workspace,
      inputs: batchInputs(s.url, { 'max-credits': '15', 'max-total-credits': '30' })
    })

    expect(result.outputs.ok).toBe('true')
    expect(JSON.parse(result.outputs.data)).toMatchObject({
      totals: { creditsQuoted: 30, creditsCharged: 30 }
    })
    expect(s.stats().creations).toBe(2)
  })

  it('a re-run goes ahead on a balance the first attempt spent: its tasks are replayed free', async () => {
    const s = await start({ balance: 45 })
    const workspace = await batchWorkspace(3)
    const env = { GITHUB_RUN_ID: '777001', GITHUB_RUN_ATTEMPT: '1' }
    const first = await main({ workspace, inputs: batchInputs(s.url), env })
    const second = await main({
      workspace,
      inputs: batchInputs(s.url),
      env: { ...env, GITHUB_RUN_ATTEMPT: '2' }
    })

    expect(first.outputs.ok).toBe('true')
    expect(second.outputs.ok).toBe('true')
    expect(second.stdout).not.toContain('::warning')
    expect(second.stdout).toContain(
      '3 of 3 item(s) already have a live task under their Idempotency-Key'
    )
    const stats = s.stats()
    expect(stats.creations).toBe(3)
    expect(stats.credits.charged).toBe(45)
    expect(stats.requests.quote?.[200]).toBe(3)
  })
})

describe('run spend guard', () => {
  it('with max-credits quotes first and shows the credits quoted and charged, and no estimate beside them', async () => {
    const s = await start()
    const result = await main({ inputs: simInputs(s.url, { 'max-credits': '20' }) })

    expect(result.outputs.ok).toBe('true')
    expect(result.stdout).toContain('Quoted 15 credits (max-credits 20)')
    expect(result.summary).toMatch(/Credits quoted<\/td><td>15</)
    expect(result.summary).toMatch(/Credits charged<\/td><td>15</)
    expect(result.summary).not.toContain('local estimate')
    const stats = s.stats()
    expect(stats.requests.quote).toEqual({ 200: 1 })
    expect(stats.creations).toBe(1)
  })

  it('without max-credits sends no quote; the charge is the price, and no estimate contradicts it', async () => {
    const s = await start()
    const result = await main({ inputs: simInputs(s.url) })

    expect(result.outputs.ok).toBe('true')
    expect(result.summary).not.toContain('Credits quoted')
    expect(result.summary).toMatch(/Credits charged<\/td><td>15</)
    expect(result.summary).not.toContain('local estimate')
    expect(s.stats().requests.quote).toBeUndefined()
  })

  it('a price above max-credits: BUDGET_EXCEEDED with the numbers, nothing created', async () => {
    const s = await start()
    const result = await main({ inputs: simInputs(s.url, { 'max-credits': '10' }) })

    expect(result.code).toBe(1)
    expect(result.outputs).toMatchObject({ ok: 'false', errorCode: 'BUDGET_EXCEEDED', taskId: '' })
    expect(result.outputs.errorMessage).toContain('costs 15 credits, above its max-credits of 10')
    expect(result.summary).toMatch(/Credits quoted<\/td><td>15</)
    expect(s.stats().creations).toBe(0)
    expect(s.stats().requests.create).toBeUndefined()
  })

  it('a balance below the price with max-credits: INSUFFICIENT_CREDITS before the create', async () => {
    const s = await start({ balance: 10 })
    const result = await main({ inputs: simInputs(s.url, { 'max-credits': '20' }) })

    expect(result.outputs).toMatchObject({ ok: 'false', errorCode: 'INSUFFICIENT_CREDITS' })
    expect(result.outputs.errorMessage).toContain('needs 15 credits, balance is 10')
    expect(s.stats().requests.create).toBeUndefined()
  })

  it('an invalid payload with max-credits is refused locally: no quote, no create', async () => {
    const s = await start()
    const payload = JSON.stringify({ ...T2V_PAYLOAD, duration: '7' })
    const result = await main({ inputs: simInputs(s.url, { payload, 'max-credits': '20' }) })

    expect(result.outputs.errorCode).toBe('INVALID_PAYLOAD')
    expect(s.stats().totalRequests).toBe(0)
  })
})
