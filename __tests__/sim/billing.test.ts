import { describe, expect, it } from '@jest/globals'
import { useSharedSimulator } from '../../__fixtures__/test-simulator.js'
import { KEY, T2V, call, create, waitForStatus } from './api-client.js'

const POOR_KEY = 'poor-key-0001'
const SLOW_KEY = 'slow-key-0001'
const DAILY_KEY = 'daily-key-001'
const sim = useSharedSimulator({
  keys: [
    { key: KEY, balance: 1000 },
    { key: POOR_KEY, balance: 10 },
    { key: SLOW_KEY, generationRequestsPerMinute: 2 },
    { key: DAILY_KEY, dailyCreditLimit: 20 }
  ],
  durationsMs: { submittedMs: 30, totalMs: 80 },
  queryLimit: 10_000
})

async function balanceOf(key = KEY): Promise<number> {
  return (await call(sim, 'GET', '/api/v1/account', { key })).json.currentBalance
}

describe('charging and refunds', () => {
  it('charges the price on create', async () => {
    const before = await balanceOf()
    const charged = sim.stats().credits.charged
    const answer = await create(sim, 't2v_v3', { ...T2V, duration: '10' })
    expect(answer.json.creditsCharged).toBe(40)
    expect(await balanceOf()).toBe(before - 40)
    expect(sim.stats().credits.charged).toBe(charged + 40)
    expect(sim.stats().balances['sim-…']).toBe(before - 40)
  })

  it('refunds a FAILED task in full ([sim:fail] in the prompt)', async () => {
    const before = await balanceOf()
    const refunded = sim.stats().credits.refunded
    const { taskId } = (await create(sim, 't2v', { ...T2V, prompt: 'fox [sim:fail]' })).json
    expect(await balanceOf()).toBe(before - 15)
    await waitForStatus(sim, taskId, 'FAILED')
    expect(await balanceOf()).toBe(before)
    const detail = (await call(sim, 'GET', `/api/v1/tasks/${taskId}`)).json
    expect(detail).toMatchObject({ status: 'FAILED', creditsCharged: 15, creditsRefunded: 15 })
    expect(detail.output).toEqual({
      url: null,
      msg: expect.any(String),
      error: expect.stringContaining('[sim:fail]')
    })
    expect(sim.stats().credits.refunded).toBe(refunded + 15)
  })

  it('never shows a raw key in the stats', () => {
    const text = JSON.stringify(sim.stats())
    for (const key of [KEY, POOR_KEY, SLOW_KEY, DAILY_KEY]) expect(text).not.toContain(key)
  })
})

describe('INSUFFICIENT_CREDITS', () => {
  it('answers 402 when the balance is below the price, charging nothing', async () => {
    const answer = await create(sim, 't2v', T2V, { key: POOR_KEY })
    expect(answer.status).toBe(402)
    expect(answer.json).toEqual({
      status: 'FAILED',
      errorCode: 'INSUFFICIENT_CREDITS',
      message: 'Current balance 10 is below required 15',
      error: 'INSUFFICIENT_CREDITS'
    })
    expect(await balanceOf(POOR_KEY)).toBe(10)
  })

  it('enforces a daily credit limit', async () => {
    expect((await create(sim, 't2v', T2V, { key: DAILY_KEY })).status).toBe(200)
    const answer = await create(sim, 't2v', T2V, { key: DAILY_KEY })
    expect(answer.status).toBe(402)
    expect(answer.json.message).toMatch(/Daily credit limit 20/)
  })
})

describe('X-Max-Credits', () => {
  it('answers 422 BUDGET_EXCEEDED above the cap, before charging', async () => {
    const before = await balanceOf()
    const creations = sim.stats().creations
    const answer = await create(sim, 't2v', T2V, { headers: { 'X-Max-Credits': '14' } })
    expect(answer.status).toBe(422)
    expect(answer.json.errorCode).toBe('BUDGET_EXCEEDED')
    expect(await balanceOf()).toBe(before)
    expect(sim.stats().creations).toBe(creations)
  })

  it('creates at or below the cap, and refuses a malformed cap', async () => {
    expect((await create(sim, 't2v', T2V, { headers: { 'X-Max-Credits': '15' } })).status).toBe(200)
    const malformed = await create(sim, 't2v', T2V, { headers: { 'X-Max-Credits': 'lots' } })
    expect(malformed.status).toBe(400)
    expect(malformed.json.errorCode).toBe('INVALID_PAYLOAD')
  })
})

describe('Idempotency-Key', () => {
  it('replays the same task for the same body, charging nothing', async () => {
    const headers = { 'Idempotency-Key': 'my-video-001' }
    const first = await create(sim, 't2v', T2V, { headers })
    const before = await balanceOf()
    const { replays, creations } = sim.stats()
    const reordered = { duration: '5', aspectRatio: '16:9', prompt: T2V.prompt }
    const again = await create(sim, 't2v', reordered, { headers })
    expect(again.status).toBe(200)
    expect(again.json).toMatchObject({
      taskId: first.json.taskId,
      idempotentReplay: true,
      status: 'SUBMITTED'
    })
    expect(await balanceOf()).toBe(before)
    expect(sim.stats()).toMatchObject({ replays: replays + 1, creations })
  })

  it('answers 409 IDEMPOTENCY_CONFLICT for a different body or model', async () => {
    const headers = { 'Idempotency-Key': 'my-video-002' }
    expect((await create(sim, 't2v', T2V, { headers })).status).toBe(200)
    const otherBody = await create(sim, 't2v', { ...T2V, prompt: 'a cat' }, { headers })
    expect(otherBody.status).toBe(409)
    expect(otherBody.json.errorCode).toBe('IDEMPOTENCY_CONFLICT')
    const otherModel = await create(sim, 't2v_v3', T2V, { headers })
    expect(otherModel.status).toBe(409)
  })

  it('scopes keys per API key', async () => {
    const headers = { 'Idempotency-Key': 'my-video-003' }
    sim.setBalance('scope-key-0001', 100)
    const mine = await create(sim, 't2v', T2V, { headers })
    const theirs = await create(sim, 't2v', T2V, { headers, key: 'scope-key-0001' })
    expect(theirs.json.idempotentReplay).toBe(false)
    expect(theirs.json.taskId).not.toBe(mine.json.taskId)
  })

  it.each([
    ['short', 'a'.repeat(7)],
    ['long', 'a'.repeat(129)]
  ])('refuses a %s key with 400 INVALID_PAYLOAD', async (_name, key) => {
    const answer = await create(sim, 't2v', T2V, { headers: { 'Idempotency-Key': key } })
    expect(answer.status).toBe(400)
    expect(answer.json.errorCode).toBe('INVALID_PAYLOAD')
  })
})

describe('generationRequestsPerMinute', () => {
  it('answers 429 RATE_LIMITED with Retry-After once the key’s creations are used up', async () => {
    const headers = { 'Idempotency-Key': 'slow-key-video-1' }
    expect((await create(sim, 't2v', T2V, { key: SLOW_KEY, headers })).status).toBe(200)
    expect((await create(sim, 't2v', T2V, { key: SLOW_KEY })).status).toBe(200)
    const limited = await create(sim, 't2v', T2V, { key: SLOW_KEY })
    expect(limited.status).toBe(429)
    expect(limited.json.errorCode).toBe('RATE_LIMITED')
    const retryAfter = Number(limited.headers.get('retry-after'))
    expect(retryAfter).toBeGreaterThanOrEqual(59)
    expect(retryAfter).toBeLessThanOrEqual(60)
    const replay = await create(sim, 't2v', T2V, { key: SLOW_KEY, headers })
    expect(replay.json.idempotentReplay).toBe(true)
  })
})
