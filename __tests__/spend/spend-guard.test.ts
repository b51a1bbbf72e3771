import { describe, expect, it } from '@jest/globals'
import { createClient, type Client } from '../../src/core/api/client.js'
import { successEnvelope } from '../../src/core/api/envelope.js'
import { RequestBudget } from '../../src/core/http/request-budget.js'
import {
  checkAccountModels,
  checkSpend,
  describeEstimate
} from '../../src/core/spend/spend-guard.js'
import { useSharedSimulator } from '../../__fixtures__/test-simulator.js'

// Simulator prices (live notes): t2v 3 credits/s, t2v_v3 4 credits/s.
const fox = { prompt: 'a red fox in snow', aspectRatio: '16:9', duration: '5' } // t2v: 15
const longFox = { ...fox, duration: '20' } // t2v_v3: 80

const RICH_KEY = 'spend-rich-key-0001'
const POOR_KEY = 'spend-poor-key-0002'
const NARROW_KEY = 'spend-narrow-key-0003'
const EMPTY_KEY = 'spend-empty-key-0004'

const sim = useSharedSimulator({
  keys: [
    { key: RICH_KEY, balance: 1000 },
    { key: POOR_KEY, balance: 100 },
    { key: NARROW_KEY, balance: 1000, supportedModels: ['t2v', 'i2v', 't2v_v3'] },
    { key: EMPTY_KEY, balance: 10 }
  ]
})

function clientFor(apiKey: string): Client {
  return createClient({
    apiKey,
    baseUrl: sim.url,
    maxRetries: 0,
    queryBudget: new RequestBudget({ limit: 1000, windowMs: 1000 })
  })
}

/** What a check cost upstream: it must never create or charge anything. */
async function sideEffectsOf(action: () => Promise<unknown>) {
  const before = sim.stats()
  await action()
  const after = sim.stats()
  return {
    creations: after.creations - before.creations,
    charged: after.credits.charged - before.credits.charged,
    createRequests: sum(after.requests.create) - sum(before.requests.create),
    quoteRequests: sum(after.requests.quote) - sum(before.requests.quote),
    totalRequests: after.totalRequests - before.totalRequests,
    balancesUnchanged: JSON.stringify(after.balances) === JSON.stringify(before.balances)
  }
}

function sum(byStatus: Record<string, number> | undefined): number {
  return Object.values(byStatus ?? {}).reduce((total, n) => total + n, 0)
}

describe('checkSpend', () => {
  it('quotes every item and totals them without creating or charging anything', async () => {
    let check: Awaited<ReturnType<typeof checkSpend>> | undefined
    const effects = await sideEffectsOf(async () => {
      check = await checkSpend(clientFor(RICH_KEY), [
        { name: 'fox', model: 't2v', payload: fox },
        { name: 'long fox', model: 't2v_v3', payload: longFox },
        { model: 't2v', payload: fox }
      ])
    })
    expect(check).toEqual({
      ok: true,
      quotes: [
        { name: 'fox', model: 't2v', credits: 15 },
        { name: 'long fox', model: 't2v_v3', credits: 80 },
        { name: 'item 3', model: 't2v', credits: 15 }
      ],
      totalCredits: 110,
      balance: 1000
    })
    expect(effects).toEqual({
      creations: 0,
      charged: 0,
      createRequests: 0,
      quoteRequests: 3,
      totalRequests: 3,
      balancesUnchanged: true
    })
  })

  it('refuses an item priced above its max-credits with BUDGET_EXCEEDED naming the item, price and cap', async () => {
    let check: Awaited<ReturnType<typeof checkSpend>> | undefined
    const effects = await sideEffectsOf(async () => {
      check = await checkSpend(clientFor(RICH_KEY), [
        { name: 'fox', model: 't2v', payload: fox, maxCredits: 20 },
        { name: 'long fox', model: 't2v_v3', payload: longFox, maxCredits: 50 }
      ])
    })
    expect(check).toMatchObject({ ok: false, errorCode: 'BUDGET_EXCEEDED', totalCredits: 95 })
    const message = (check as { errorMessage: string }).errorMessage
    expect(message).toContain('"long fox" (t2v_v3) costs 80 credits, above its max-credits of 50')
    expect(message).not.toContain('"fox" (t2v) costs')
    expect(message).toMatch(/nothing was created/)
    expect(effects.creations).toBe(0)
    expect(effects.charged).toBe(0)
  })

  it('allows an item priced exactly at its max-credits', async () => {
    const check = await checkSpend(clientFor(RICH_KEY), [
      { name: 'fox', model: 't2v', payload: fox, maxCredits: 15 }
    ])
    expect(check.ok).toBe(true)
  })

  it('refuses a batch above max-total-credits with BUDGET_EXCEEDED and the numbers', async () => {
    const items = [1, 2, 3].map(n => ({ name: `clip ${n}`, model: 't2v_v3', payload: longFox }))
    const check = await checkSpend(clientFor(RICH_KEY), items, { maxTotalCredits: 200 })
    expect(check).toMatchObject({
      ok: false,
      errorCode: 'BUDGET_EXCEEDED',
      totalCredits: 240,
      balance: 1000
    })
    const message = (check as { errorMessage: string }).errorMessage
    expect(message).toContain('The batch of 3 tasks costs 240 credits in total')
    expect(message).toContain('"clip 1" 80, "clip 2" 80, "clip 3" 80')
    expect(message).toContain("above the batch's total credit cap of 200")
    // The library's words name its option, never a face's input or flag.
    expect(message).toContain('Raise maxTotalCredits, remove items')
    expect(check.quotes).toHaveLength(3)
  })

  it('refuses a batch the balance cannot cover with INSUFFICIENT_CREDITS and both numbers', async () => {
    const items = [1, 2, 3].map(n => ({ name: `clip ${n}`, model: 't2v_v3', payload: longFox }))
    let check: Awaited<ReturnType<typeof checkSpend>> | undefined
    const effects = await sideEffectsOf(async () => {
      check = await checkSpend(clientFor(POOR_KEY), items)
    })
    expect(check).toMatchObject({
      ok: false,
      errorCode: 'INSUFFICIENT_CREDITS',
      totalCredits: 240,
      balance: 100
    })
    const message = (check as { errorMessage: string }).errorMessage
    expect(message).toContain('needs 240 credits, balance is 100: top up or split the batch')
    expect(message).toContain('140 short')
    expect(effects).toMatchObject({
      creations: 0,
      charged: 0,
      createRequests: 0,
      balancesUnchanged: true
    })
  })

  it('refuses a single task the balance cannot cover, naming it', async () => {
    const check = await checkSpend(clientFor(EMPTY_KEY), [
      { name: 'fox', model: 't2v', payload: fox }
    ])
    expect(check).toMatchObject({
      ok: false,
      errorCode: 'INSUFFICIENT_CREDITS',
      totalCredits: 15,
      balance: 10
    })
    expect((check as { errorMessage: string }).errorMessage).toMatch(
      /^"fox" \(t2v\) needs 15 credits, balance is 10 \(5 short; nothing was created\)\. Top up/
    )
  })

  it('trusts a quote saying affordable: false when no balance is known', async () => {
    const client: Pick<Client, 'quote'> = {
      quote: async model =>
        successEnvelope({ model, credits: 15, affordable: false, currentBalance: null, notes: [] })
    }
    const check = await checkSpend(client, [{ name: 'fox', model: 't2v', payload: fox }])
    expect(check).toMatchObject({ ok: false, errorCode: 'INSUFFICIENT_CREDITS', balance: null })
    expect((check as { errorMessage: string }).errorMessage).toContain(
      'The quote says the balance cannot pay for "fox" (t2v) (nothing was created)'
    )
  })

  it('judges the balance against the sum, not each quote alone', async () => {
    // Each 80-credit quote says affordable: true against 100; the sum (160) does not fit.
    const items = [1, 2].map(n => ({ name: `clip ${n}`, model: 't2v_v3', payload: longFox }))
    const check = await checkSpend(clientFor(POOR_KEY), items)
    expect(check).toMatchObject({ ok: false, errorCode: 'INSUFFICIENT_CREDITS', totalCredits: 160 })
    const fits = await checkSpend(clientFor(POOR_KEY), [
      { name: 'one', model: 't2v_v3', payload: longFox }
    ])
    expect(fits).toMatchObject({ ok: true, totalCredits: 80, balance: 100 })
  })

  it('checks the per-item cap before the total cap and the total cap before the balance', async () => {
    const items = [{ name: 'a', model: 't2v_v3', payload: longFox, maxCredits: 10 }]
    const check = await checkSpend(clientFor(POOR_KEY), [...items, ...items], {
      maxTotalCredits: 50
    })
    expect(check).toMatchObject({ ok: false, errorCode: 'BUDGET_EXCEEDED' })
    expect((check as { errorMessage: string }).errorMessage).toContain(
      'above its max-credits of 10'
    )
    const total = await checkSpend(
      clientFor(POOR_KEY),
      [1, 2].map(() => ({ model: 't2v_v3', payload: longFox })),
      { maxTotalCredits: 150 }
    )
    expect((total as { errorMessage: string }).errorMessage).toContain(
      "above the batch's total credit cap of 150"
    )
  })

  it('returns the quote failure for a model the key does not support (INVALID_MODEL from upstream)', async () => {
    let check: Awaited<ReturnType<typeof checkSpend>> | undefined
    const effects = await sideEffectsOf(async () => {
      check = await checkSpend(clientFor(NARROW_KEY), [
        { name: 'fox', model: 't2v', payload: fox },
        {
          name: 'story',
          model: 'lv',
          payload: { image: 'https://example.com/a.png', prompt: ['a', 'b'] }
        }
      ])
    })
    expect(check).toMatchObject({ ok: false, errorCode: 'INVALID_MODEL' })
    const message = (check as { errorMessage: string }).errorMessage
    expect(message).toContain('Quote for "story" (lv)')
    expect(message).toContain('Unsupported model: lv')
    expect(check?.quotes).toEqual([{ name: 'fox', model: 't2v', credits: 15 }])
    // The quote reached upstream (a local check cannot know the key's models) but created nothing.
    expect(effects).toMatchObject({ creations: 0, charged: 0, createRequests: 0 })
  })

  it('returns a local validation failure without sending that quote', async () => {
    const check = await checkSpend(clientFor(RICH_KEY), [
      { name: 'bad', model: 't2v', payload: { prompt: 'x', aspectRatio: '4:5', duration: '5' } }
    ])
    expect(check).toMatchObject({
      ok: false,
      errorCode: 'INVALID_PAYLOAD',
      quotes: [],
      totalCredits: 0
    })
    expect((check as { errorMessage: string }).errorMessage).toMatch(
      /^Quote for "bad" \(t2v\): .*aspectRatio/
    )
  })

  it('returns AUTH_FAILED for an unknown key and never shows the key', async () => {
    const key = 'not-a-known-key-9999'
    const check = await checkSpend(clientFor(key), [{ model: 't2v', payload: fox }])
    expect(check).toMatchObject({ ok: false, errorCode: 'AUTH_FAILED' })
    expect(JSON.stringify(check)).not.toContain(key)
  })

  it('refuses caps that are not whole credits with INVALID_INPUT before sending anything', async () => {
    let check: Awaited<ReturnType<typeof checkSpend>> | undefined
    const effects = await sideEffectsOf(async () => {
      check = await checkSpend(
        clientFor(RICH_KEY),
        [{ name: 'fox', model: 't2v', payload: fox, maxCredits: 1.5 }],
        {
          maxTotalCredits: -1
        }
      )
    })
    expect(check).toMatchObject({
      ok: false,
      errorCode: 'INVALID_INPUT',
      quotes: [],
      totalCredits: 0
    })
    const message = (check as { errorMessage: string }).errorMessage
    expect(message).toContain('max-credits of "fox" (t2v)')
    expect(message).toContain('max-total-credits')
    expect(effects.totalRequests).toBe(0)
  })

  it('answers ok with nothing to quote for an empty list', async () => {
    expect(await checkSpend(clientFor(RICH_KEY), [])).toEqual({
      ok: true,
      quotes: [],
      totalCredits: 0,
      balance: null
    })
  })

  it('reads the balance from the account when quotes do not carry it', async () => {
    const calls: string[] = []
    const client: Pick<Client, 'quote' | 'account'> = {
      quote: async model => {
        calls.push(`quote ${model}`)
        return successEnvelope({
          model,
          credits: 30,
          affordable: null,
          currentBalance: null,
          notes: []
        })
      },
      account: async () => {
        calls.push('account')
        return successEnvelope({ supportedModels: ['t2v'], currentBalance: 50 })
      }
    }
    const check = await checkSpend(client, [
      { model: 't2v', payload: fox },
      { model: 't2v', payload: fox }
    ])
    expect(check).toMatchObject({
      ok: false,
      errorCode: 'INSUFFICIENT_CREDITS',
      totalCredits: 60,
      balance: 50
    })
    expect(calls).toEqual(['quote t2v', 'quote t2v', 'account'])
  })

  it('fails closed with UNKNOWN_ERROR when a quote carries no price', async () => {
    const client: Pick<Client, 'quote'> = {
      quote: async model =>
        successEnvelope({ model, credits: null, affordable: null, currentBalance: 10, notes: [] })
    }
    const check = await checkSpend(client, [{ name: 'fox', model: 't2v', payload: fox }])
    expect(check).toMatchObject({ ok: false, errorCode: 'UNKNOWN_ERROR' })
    expect((check as { errorMessage: string }).errorMessage).toContain('carried no price')
  })

  it('stops starting quotes after one fails and keeps at most `concurrency` in flight', async () => {
    let inFlight = 0
    let peak = 0
    const asked: number[] = []
    const client: Pick<Client, 'quote'> = {
      quote: async (model, payload) => {
        const n = (payload as { n: number }).n
        asked.push(n)
        inFlight += 1
        peak = Math.max(peak, inFlight)
        await new Promise(resolve => setTimeout(resolve, 5))
        inFlight -= 1
        if (n === 2) {
          return {
            ok: false,
            status: null,
            taskId: null,
            data: null,
            errorCode: 'AUTH_FAILED',
            errorMessage: 'no',
            retryAfter: null
          }
        }
        return successEnvelope({
          model,
          credits: 1,
          affordable: true,
          currentBalance: 100,
          notes: []
        })
      }
    }
    const items = Array.from({ length: 20 }, (_, n) => ({ model: 't2v', payload: { n } }))
    const check = await checkSpend(client, items, { concurrency: 3 })
    expect(check).toMatchObject({ ok: false, errorCode: 'AUTH_FAILED' })
    expect(peak).toBeLessThanOrEqual(3)
    expect(asked.length).toBeLessThan(20)
  })
})

describe('checkAccountModels', () => {
  it('warns about each requested model the key does not support, from the real account answer', async () => {
    const account = await clientFor(NARROW_KEY).account()
    expect(account.ok).toBe(true)
    const warnings = checkAccountModels(account.data!, ['t2v', 'lv', 'minimax', 'lv'])
    expect(warnings).toHaveLength(2)
    expect(warnings[0]).toContain(
      'Model "lv" is not in this key\'s supportedModels (t2v, i2v, t2v_v3)'
    )
    expect(warnings[0]).toContain('INVALID_MODEL')
    expect(warnings[1]).toContain('Model "minimax"')
  })

  it('has no warnings when every model is supported', async () => {
    const account = await clientFor(RICH_KEY).account()
    expect(checkAccountModels(account.data!, ['t2v', 'wan27'])).toEqual([])
  })

  it('says once that nothing could be checked when the account lists no models', () => {
    const warnings = checkAccountModels({ supportedModels: [], currentBalance: 5 }, ['t2v', 'i2v'])
    expect(warnings).toEqual([
      expect.stringContaining('lists no supportedModels, so t2v, i2v could not be checked')
    ])
  })
})

describe('describeEstimate', () => {
  it('labels the local figure as an estimate and defers to the quote', () => {
    expect(describeEstimate('t2v_v3', longFox)).toBe(
      '≈ 200 credits (local estimate; the quote is authoritative)'
    )
    expect(describeEstimate('t2v', { ...fox, duration: 8 })).toBe(
      '≈ 8 credits (local estimate; the quote is authoritative)'
    )
    expect(describeEstimate('lv', { image: 'https://e.com/a.png', prompt: ['a', 'b', 'c'] })).toBe(
      '≈ 225 credits (local estimate; the quote is authoritative)'
    )
  })

  it('is null when there is no reference figure or nothing to price', () => {
    expect(describeEstimate('minimax', { content: 'x' })).toBeNull()
    expect(describeEstimate('nope', fox)).toBeNull()
    expect(describeEstimate('t2v', 'not an object')).toBeNull()
    expect(describeEstimate('t2v', { prompt: 'x' })).toBeNull()
  })

  it('may differ from the authoritative quote, which is why it is labelled', async () => {
    const quote = await clientFor(RICH_KEY).quote('t2v', fox)
    expect(quote.data?.credits).toBe(15)
    expect(describeEstimate('t2v', fox)).toBe(
      '≈ 5 credits (local estimate; the quote is authoritative)'
    )
  })
})
