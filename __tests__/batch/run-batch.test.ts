import { mkdtemp, readdir, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from '@jest/globals'
import {
  runBatch,
  deriveItemIdempotencyKey,
  type BatchProgress
} from '../../src/core/batch/batch.js'
import type { BatchItem } from '../../src/core/batch/batch-validation.js'
import { createClient, type Client } from '../../src/core/api/client.js'
import { RequestBudget } from '../../src/core/http/request-budget.js'
import type { Simulator } from '../../src/sim/index.js'
import { useTestSimulator } from '../../__fixtures__/test-simulator.js'
import { FakeClock } from '../../__fixtures__/fake-clock.js'

const KEY = 'batch-test-key'
const FOX = { prompt: 'a red fox in snow', aspectRatio: '16:9', duration: '5' }

const { startOnClock } = useTestSimulator({
  key: KEY,
  balance: 100_000,
  generationRequestsPerMinute: -1,
  durationsMs: { submittedMs: 100, totalMs: 400 }
})

/** A client whose budget matches the simulator's query limit, as one runner's would. */
function clientFor(target: Simulator, clock?: FakeClock, limit = 1000, windowMs = 1000): Client {
  return createClient({
    apiKey: KEY,
    baseUrl: target.url,
    clock,
    queryBudget: new RequestBudget({ limit, windowMs, burst: Math.min(5, limit - 1) })
  })
}

function foxes(count: number, prefix = 'fox'): BatchItem[] {
  return Array.from({ length: count }, (_, i) => ({
    name: `${prefix}-${i + 1}`,
    model: 't2v',
    payload: { ...FOX, prompt: `fox number ${i + 1}` }
  }))
}

const FAST = { pollIntervalMs: 50, maxPollIntervalMs: 200, waitTimeoutMs: 20_000 }

describe('runBatch', () => {
  it('sends nothing when an item is invalid, naming each bad item by position and name', async () => {
    const { sim: target, clock } = await startOnClock()
    const items: BatchItem[] = [
      ...foxes(2),
      { name: 'fox-night', model: 't2v', payload: { ...FOX, duration: '6' } }
    ]
    const result = await runBatch(items, { client: clientFor(target, clock), clock, ...FAST })
    expect(target.stats().totalRequests).toBe(0)
    expect(result.ok).toBe(false)
    expect(result.results.map(r => [r.name, r.errorCode, r.taskId])).toEqual([
      ['fox-1', 'INVALID_INPUT', null],
      ['fox-2', 'INVALID_INPUT', null],
      ['fox-night', 'INVALID_PAYLOAD', null]
    ])
    expect(result.results[2].errorMessage).toMatch(
      /^item 3 "fox-night": Invalid t2v payload: payload\.duration must be one of "5", "8"/
    )
    expect(result.results[0].errorMessage).toMatch(/item 1 "fox-1" is valid but was not sent/)
    expect(result.errorMessage).toMatch(
      /^1 of 3 batch items is invalid: item 3 "fox-night": payload\.duration.*Nothing was sent/
    )
    expect(result.totals).toEqual({
      items: 3,
      completed: 0,
      failed: 3,
      creditsCharged: 0,
      creditsRefunded: 0,
      reused: 0,
      creditsSaved: 0
    })
    for (const envelope of result.results) {
      expect(Object.keys(envelope).sort()).toEqual(
        ['data', 'errorCode', 'errorMessage', 'name', 'ok', 'retryAfter', 'status', 'taskId'].sort()
      )
    }
  })

  it('sends the valid items with continueOnInvalid; the invalid ones get their own failures', async () => {
    const { sim: target, clock } = await startOnClock()
    const items: BatchItem[] = [foxes(1)[0], { name: 'bad-model', model: 'nope', payload: FOX }]
    const result = await runBatch(items, {
      client: clientFor(target, clock),
      clock,
      ...FAST,
      continueOnInvalid: true
    })
    expect(target.stats().creations).toBe(1)
    expect(result.results.map(r => [r.name, r.ok, r.status, r.errorCode])).toEqual([
      ['fox-1', true, 'COMPLETED', null],
      ['bad-model', false, null, 'INVALID_MODEL']
    ])
    expect(result.results[1].errorMessage).toMatch(/^item 2 "bad-model": Unsupported model "nope"/)
    expect(result.totals).toMatchObject({ items: 2, completed: 1, failed: 1, creditsCharged: 15 })
    expect(result.errorMessage).toBe('1 of 2 batch items failed: 1 INVALID_MODEL (bad-model)')
  })

  it('waits for 20 tasks with list polling under a small query limit: no 429, few status calls', async () => {
    // 8 task queries per second: per-task polling of 20 tasks would be refused at once.
    const { sim: target, clock } = await startOnClock({
      queryLimit: 8,
      queryWindowMs: 1000,
      durationsMs: { submittedMs: 300, totalMs: 1200 }
    })
    const client = clientFor(target, clock, 8, 1000)
    const events: BatchProgress[] = []
    const result = await runBatch(foxes(20), {
      client,
      clock,
      pollIntervalMs: 150,
      maxPollIntervalMs: 600,
      waitTimeoutMs: 20_000,
      concurrency: 5,
      onProgress: progress => events.push(progress)
    })
    const stats = target.stats()
    expect(result.ok).toBe(true)
    expect(result.totals).toEqual({
      items: 20,
      completed: 20,
      failed: 0,
      creditsCharged: 300,
      creditsRefunded: 0,
      reused: 0,
      creditsSaved: 0
    })
    expect(stats.rateLimited).toBe(0)
    const list = stats.requests.list?.['200'] ?? 0
    const perTask = (stats.requests.status?.['200'] ?? 0) + (stats.requests.detail?.['200'] ?? 0)
    expect(list).toBeGreaterThanOrEqual(3)
    expect(perTask).toBeLessThanOrEqual(2)
    expect(stats.queryRequests).toBeLessThan(20)
    for (const item of result.results) {
      expect(item.data?.videoUrl).toBe(`${target.url}/files/${item.taskId}.mp4`)
      expect(item.data?.task?.status).toBe('COMPLETED')
      expect(item.data?.creditsCharged).toBe(15)
    }
    expect(new Set(result.results.map(r => r.taskId)).size).toBe(20)
    expect(events.filter(e => e.event.type === 'created')).toHaveLength(20)
    expect(events.some(e => e.event.type === 'status' && e.event.status === 'PROGRESS')).toBe(true)
    expect(events.at(-1)).toMatchObject({ items: 20, completed: 20, failed: 0, waiting: 0 })
  })

  it('waits out the per-key creation limit and creates each item exactly once', async () => {
    // speed 60: one simulated minute is one real second, so 4 creations per second.
    const { sim: target, clock } = await startOnClock({
      speed: 60,
      keys: [{ key: KEY, balance: 10_000, generationRequestsPerMinute: 4 }]
    })
    const ids: string[] = []
    const result = await runBatch(foxes(9), {
      client: clientFor(target, clock),
      clock,
      ...FAST,
      concurrency: 3,
      idempotencyKeyBase: 'nightly-2026-03-19',
      onTaskId: (_name, taskId) => ids.push(taskId)
    })
    const stats = target.stats()
    expect(result.ok).toBe(true)
    expect(stats.requests.create?.['429']).toBeGreaterThan(0)
    expect(stats.creations).toBe(9)
    expect(stats.replays).toBe(0)
    expect(new Set(ids).size).toBe(9)
    // The same base key resumes instead of paying again.
    const again = await runBatch(foxes(9), {
      client: clientFor(target, clock),
      clock,
      ...FAST,
      idempotencyKeyBase: 'nightly-2026-03-19'
    })
    expect(again.ok).toBe(true)
    expect(target.stats().creations).toBe(9)
    expect(again.results.map(r => r.taskId)).toEqual(result.results.map(r => r.taskId))
    expect(again.results.every(r => r.data?.idempotentReplay)).toBe(true)
    // The first run paid; the replays were free, and the totals say what this run paid.
    expect(result.totals.creditsCharged).toBe(9 * 15)
    expect(again.totals.creditsCharged).toBe(0)
  })

  it('refuses a pollIntervalMs longer than waitTimeoutMs for every item, sending nothing', async () => {
    const { sim: target, clock } = await startOnClock()
    const result = await runBatch(foxes(2), {
      client: clientFor(target, clock),
      clock,
      waitTimeoutMs: 5_000,
      pollIntervalMs: 60_000
    })
    expect(target.stats().totalRequests).toBe(0)
    expect(result.ok).toBe(false)
    expect(result.results.map(r => [r.name, r.errorCode, r.taskId])).toEqual([
      ['fox-1', 'INVALID_INPUT', null],
      ['fox-2', 'INVALID_INPUT', null]
    ])
    expect(result.errorMessage).toMatch(/^pollIntervalMs \(60s\) is longer than waitTimeoutMs/)
  })

  it('checks replayed items at once, not after a poll interval (their create says SUBMITTED)', async () => {
    const { sim: target, clock } = await startOnClock()
    const base = 'replay-at-once-2026-12-04'
    const first = await runBatch(foxes(2), {
      client: clientFor(target, clock),
      clock,
      ...FAST,
      idempotencyKeyBase: base
    })
    expect(first.ok).toBe(true)
    const sleepsBefore = clock.sleeps.length
    const replayStarted = clock.now()
    const again = await runBatch(foxes(2), {
      client: clientFor(target, clock),
      clock,
      pollIntervalMs: 600_000,
      waitTimeoutMs: 3_600_000,
      idempotencyKeyBase: base
    })
    expect(again.ok).toBe(true)
    expect(again.results.every(r => r.data?.idempotentReplay)).toBe(true)
    expect(clock.sleeps.slice(sleepsBefore).filter(ms => ms >= 600_000)).toEqual([])
    expect(clock.now() - replayStarted).toBeLessThan(600_000)
  })

  it('falls back to per-task status polls when the list answers something it cannot read', async () => {
    const { sim: target, clock } = await startOnClock({
      faults: [{ route: 'list', kind: 'failed-200' }]
    })
    const result = await runBatch(foxes(3), { client: clientFor(target, clock), clock, ...FAST })
    const stats = target.stats()
    expect(result.ok).toBe(true)
    expect(result.results.every(r => r.data?.videoUrl?.endsWith('.mp4'))).toBe(true)
    // Two unreadable list answers set it aside; it is tried again once per 200 ms cap.
    expect(stats.requests.list?.['200']).toBeGreaterThanOrEqual(2)
    expect(stats.requests.status?.['200']).toBeGreaterThanOrEqual(3)
    // Status polls carry no video URL: each finished task's detail is fetched once.
    expect(stats.requests.detail).toEqual({ '200': 3 })
  })

  it('ends with TIMEOUT per pending item at the one deadline, keeping task ids and statuses', async () => {
    const { sim: target, clock } = await startOnClock({
      durationsMs: { submittedMs: 200, totalMs: 60_000 }
    })
    const result = await runBatch(foxes(3), {
      client: clientFor(target, clock),
      clock,
      pollIntervalMs: 50,
      maxPollIntervalMs: 100,
      waitTimeoutMs: 700
    })
    expect(result.ok).toBe(false)
    const created = target.stats().tasks.map(t => t.id)
    for (const item of result.results) {
      expect(item.errorCode).toBe('TIMEOUT')
      expect(created).toContain(item.taskId)
      expect(item.status).toBe('PROGRESS')
      expect(item.errorMessage).toMatch(
        /still PROGRESS after .*wait-timeout reached.*resume waiting with run\(\{ taskId \}\)/
      )
    }
    expect(result.errorMessage).toBe('3 of 3 batch items failed: 3 TIMEOUT (fox-1, fox-2, fox-3)')
  })

  it('ends items the creation limit kept from being created with TIMEOUT and no task id', async () => {
    const { sim: target, clock } = await startOnClock({
      speed: 60,
      keys: [{ key: KEY, balance: 10_000, generationRequestsPerMinute: 2 }],
      durationsMs: { submittedMs: 100, totalMs: 60_000 }
    })
    const result = await runBatch(foxes(6), {
      client: clientFor(target, clock),
      clock,
      ...FAST,
      waitTimeoutMs: 1500
    })
    const created = result.results.filter(r => r.taskId !== null)
    const notCreated = result.results.filter(r => r.taskId === null)
    expect(created.length).toBe(target.stats().creations)
    expect(created.length).toBeGreaterThanOrEqual(2)
    expect(notCreated.length).toBeGreaterThanOrEqual(1)
    expect(result.results.every(r => r.errorCode === 'TIMEOUT')).toBe(true)
    for (const item of notCreated) {
      expect(item.status).toBeNull()
      expect(item.errorMessage).toMatch(/was not created within the wait-timeout \(2s\)/)
    }
  })

  it('reports failed tasks as TASK_FAILED with their refunds in the totals', async () => {
    const { sim: target, clock } = await startOnClock()
    const items: BatchItem[] = [
      ...foxes(2),
      { name: 'doomed', model: 't2v', payload: { ...FOX, prompt: 'a fox [sim:fail]' } }
    ]
    const result = await runBatch(items, { client: clientFor(target, clock), clock, ...FAST })
    expect(result.ok).toBe(false)
    const doomed = result.results[2]
    expect(doomed).toMatchObject({
      name: 'doomed',
      ok: false,
      status: 'FAILED',
      errorCode: 'TASK_FAILED'
    })
    expect(doomed.taskId).toEqual(expect.any(String))
    expect(doomed.errorMessage).toMatch(
      /^item 3 "doomed": task \S+ FAILED: Simulated failure.*refunded/
    )
    expect(doomed.data).toMatchObject({ creditsCharged: 15, creditsRefunded: 15 })
    expect(result.totals).toEqual({
      items: 3,
      completed: 2,
      failed: 1,
      creditsCharged: 45,
      creditsRefunded: 15,
      reused: 0,
      creditsSaved: 0
    })
    expect(target.stats().credits).toEqual({ charged: 45, refunded: 15 })
  })

  it('downloads each video to <downloadDir>/<name>.mp4', async () => {
    const { sim: target, clock } = await startOnClock()
    const dir = await mkdtemp(join(tmpdir(), 'batch-'))
    try {
      const result = await runBatch(foxes(3), {
        client: clientFor(target, clock),
        clock,
        ...FAST,
        downloadDir: dir
      })
      expect(result.ok).toBe(true)
      expect((await readdir(dir)).sort()).toEqual(['fox-1.mp4', 'fox-2.mp4', 'fox-3.mp4'])
      const first = result.results[0].data?.download
      expect(first?.path).toBe(join(dir, 'fox-1.mp4'))
      expect((await stat(join(dir, 'fox-1.mp4'))).size).toBe(first?.bytes)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('ends with ABORTED when the signal fires, keeping the ids of created tasks', async () => {
    const { sim: target, clock } = await startOnClock({
      durationsMs: { submittedMs: 5_000, totalMs: 60_000 }
    })
    const controller = new AbortController()
    const result = await runBatch(foxes(3), {
      client: clientFor(target, clock),
      clock,
      ...FAST,
      concurrency: 1,
      signal: controller.signal,
      onTaskId: name => {
        if (name === 'fox-2') controller.abort()
      }
    })
    expect(result.results.map(r => [r.errorCode, r.taskId !== null, r.status])).toEqual([
      ['ABORTED', true, 'SUBMITTED'],
      ['ABORTED', true, 'SUBMITTED'],
      ['ABORTED', false, null]
    ])
    expect(target.stats().creations).toBe(2)
  })

  it('lets creates in flight answer after an interrupt, and ends their items ABORTED with the task ids', async () => {
    // Upstream takes 400 ms to create; the interrupt comes while both creates are on their way.
    const { sim: target, clock } = await startOnClock({
      durationsMs: { submittedMs: 5_000, totalMs: 60_000 },
      faults: [{ route: 'create', kind: 'latency', delayMs: 400 }]
    })
    const controller = new AbortController()
    let keys = 0
    const result = await runBatch(foxes(2), {
      client: clientFor(target, clock),
      clock,
      ...FAST,
      signal: controller.signal,
      // Each key is saved just before its create is sent: the turn after the second, both are on their way.
      onIdempotencyKey: () => {
        if (++keys === 2) setImmediate(() => controller.abort())
      }
    })
    expect(result.results.map(r => [r.errorCode, r.taskId !== null, r.status])).toEqual([
      ['ABORTED', true, 'SUBMITTED'],
      ['ABORTED', true, 'SUBMITTED']
    ])
    expect(target.stats().creations).toBe(2)
  })

  it('quotes the batch first with maxTotalCredits and creates nothing above the cap', async () => {
    const { sim: target, clock } = await startOnClock()
    const result = await runBatch(foxes(3), {
      client: clientFor(target, clock),
      clock,
      ...FAST,
      maxTotalCredits: 40
    })
    const stats = target.stats()
    expect(stats.creations).toBe(0)
    expect(stats.requests.quote).toEqual({ '200': 3 })
    expect(result.results.every(r => r.errorCode === 'BUDGET_EXCEEDED' && r.taskId === null)).toBe(
      true
    )
    expect(result.errorMessage).toMatch(
      /costs 45 credits in total .*above the batch's total credit cap of 40; nothing was created/
    )
    expect(result.results[0].errorMessage).toMatch(/^item 1 "fox-1" was not sent: /)
    const fits = await runBatch(foxes(3), {
      client: clientFor(target, clock),
      clock,
      ...FAST,
      maxTotalCredits: 45
    })
    expect(fits.ok).toBe(true)
    expect(target.stats().creations).toBe(3)
  })

  it('stops creating once the key is refused', async () => {
    const { sim: target, clock } = await startOnClock()
    const client = createClient({ apiKey: 'wrong-key-1234', baseUrl: target.url, clock })
    const result = await runBatch(foxes(5), { client, clock, ...FAST, concurrency: 1 })
    expect(result.results.every(r => r.errorCode === 'AUTH_FAILED')).toBe(true)
    expect(target.stats().requests.create).toEqual({ '401': 1 })
    expect(result.results[3].errorMessage).toMatch(
      /^item 4 "fox-4" was not sent: the API key was refused/
    )
  })

  it('refuses a concurrency outside 1..100', async () => {
    const client = createClient({ apiKey: KEY, baseUrl: 'http://127.0.0.1:9' })
    await expect(runBatch(foxes(1), { client, concurrency: 0 })).rejects.toThrow(RangeError)
  })
})

describe('deriveItemIdempotencyKey', () => {
  it('is stable for the same item and changes with the base, name, model or payload', () => {
    const item = { name: 'fox', model: 't2v', payload: { b: 1, a: 2 } }
    const key = deriveItemIdempotencyKey('base-1', item)
    expect(key).toMatch(/^batch-[0-9a-f]{40}$/)
    expect(deriveItemIdempotencyKey('base-1', { ...item, payload: { a: 2, b: 1 } })).toBe(key)
    expect(deriveItemIdempotencyKey('base-2', item)).not.toBe(key)
    expect(deriveItemIdempotencyKey('base-1', { ...item, name: 'owl' })).not.toBe(key)
    expect(deriveItemIdempotencyKey('base-1', { ...item, model: 'i2v' })).not.toBe(key)
    expect(deriveItemIdempotencyKey('base-1', { ...item, payload: { a: 3, b: 1 } })).not.toBe(key)
  })
})
