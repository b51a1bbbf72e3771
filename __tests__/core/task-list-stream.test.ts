import { describe, expect, it } from '@jest/globals'
import { createClient, type Client } from '../../src/core/api/client.js'
import { RequestBudget } from '../../src/core/http/request-budget.js'
import { lookUpLineages } from '../../src/core/run/key-lineage.js'
import { checkBatchSpend } from '../../src/core/spend/replay-detection.js'
import { cancelByIdempotencyKey } from '../../src/core/tasks/key-cancellation.js'
import { TaskWatcher } from '../../src/core/watch/task-watcher.js'
import { LIST_POLL_MAX_BYTES } from '../../src/core/watch/pending-scan.js'
import type { Simulator } from '../../src/sim/index.js'
import { FakeClock } from '../../__fixtures__/fake-clock.js'
import { json, text, useScriptedServer } from '../../__fixtures__/scripted-server.js'
import { useTestSimulator } from '../../__fixtures__/test-simulator.js'

/** Issue 19 (history-independent scale) and issue 20 part 3 (lists that cannot lie). */

const KEY = 'list-stream-key-0001'
const FOX = { prompt: 'a red fox in snow', aspectRatio: '16:9', duration: '5' }
/** Long enough for the busy machine a test may run on: histories take seconds to read whole. */
const SLOW_TEST_MS = 120_000

const { start } = useTestSimulator({
  key: KEY,
  balance: 100_000,
  generationRequestsPerMinute: -1,
  // Tasks finish as soon as they are created: the tests wait on nothing but their polls.
  durationsMs: { submittedMs: 0, totalMs: 0 }
})

function clientOf(url: string, clock = new FakeClock()): Client {
  return createClient({
    apiKey: KEY,
    baseUrl: url,
    maxRetries: 0,
    clock,
    queryBudget: new RequestBudget({ limit: 1000, windowMs: 1000 })
  })
}

/** The client, with every list read's outcome recorded (the reads themselves are the real ones). */
function recordingScans(client: Client): { client: Client; scans: Envelope[] } {
  const scans: Envelope[] = []
  return {
    scans,
    client: {
      ...client,
      scanTasks: async (visit, options) => {
        const answer = await client.scanTasks(visit, options)
        scans.push(answer)
        return answer
      }
    }
  }
}

type Envelope = Awaited<ReturnType<Client['scanTasks']>>

/**
 * Waits for `taskIds` with the one watcher, on a clock the test controls: its own loop
 * keeps the deadline (a deadline signal would sleep the fake clock to the deadline first).
 */
async function waitOnFakeClock(client: Client, taskIds: readonly string[]) {
  const clock = new FakeClock()
  const watcher = new TaskWatcher(client, { clock, deadline: clock.now() + 600_000 })
  for (const taskId of taskIds) watcher.add(taskId, 'SUBMITTED')
  watcher.close()
  return watcher.run()
}

/**
 * The simulator's count of answers its client closed before their end, once the close
 * has reached it: the client returns as soon as it closes, the server hears of it a few
 * turns of the event loop later. Bounded by turns, not by time.
 */
async function unfinishedAnswers(
  sim: Simulator,
  expected: number
): Promise<Record<string, number>> {
  for (let turn = 0; turn < 10_000; turn++) {
    if ((sim.stats().unfinished.list ?? 0) >= expected) break
    await new Promise(resolve => setImmediate(resolve))
  }
  return sim.stats().unfinished
}

async function createTasks(client: Client, count: number, key?: string): Promise<string[]> {
  const ids: string[] = []
  for (let i = 0; i < count; i++) {
    const created = await client.createGeneration(
      't2v',
      { ...FOX, prompt: `fox ${i}` },
      key === undefined ? {} : { idempotencyKey: `${key}-${i}` }
    )
    if (!created.ok) throw new Error(`create failed: ${created.errorMessage}`)
    ids.push(created.taskId as string)
  }
  return ids
}

/** `count` finished tasks become the key's newest: every task created before sits behind them. */
async function addHistory(sim: Simulator, count: number): Promise<void> {
  const answer = await fetch(`${sim.url}/__sim/history`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ count })
  })
  expect(answer.status).toBe(200)
}

describe('scanTasks', () => {
  it(
    'reads a long history only as far as the visitor needs, then closes the connection',
    async () => {
      const sim = await start({ history: 20_000, seed: 7 })
      let seen = 0
      const scan = await clientOf(sim.url).scanTasks(() => ++seen === 3)

      expect(scan).toMatchObject({ ok: true, data: { end: 'stopped', items: 3, pages: 1 } })
      expect(scan.data?.bytes).toBeLessThan(LIST_POLL_MAX_BYTES)
      expect(await unfinishedAnswers(sim, 1)).toEqual({ list: 1 })
      expect(sim.stats().listing.historyTasks).toEqual({ [`${KEY.slice(0, 4)}…`]: 20_000 })
    },
    SLOW_TEST_MS
  )

  it.each(['next', 'cursor', 'page'] as const)(
    'follows a paged list (%s) to its last page',
    async paging => {
      const sim = await start({ listPageSize: 2, listPaging: paging })
      const client = clientOf(sim.url)
      const ids = await createTasks(client, 5)
      const listed = await client.listTasks()

      expect(listed.ok).toBe(true)
      expect(listed.data?.tasks.map(task => task.id)).toEqual([...ids].reverse())
      expect(sim.stats().requests.list).toEqual({ 200: 3 })
      expect(sim.stats().listing).toMatchObject({ pageSize: 2, paging })
    }
  )

  it(
    'fails a list longer than it may read instead of answering with part of it',
    async () => {
      const sim = await start({ history: 10_000, seed: 3 })
      const client = clientOf(sim.url)
      const listed = await client.listTasks()
      const capped = await client.scanTasks(() => false, { maxBytes: 100_000 })

      expect(listed).toMatchObject({ ok: false, errorCode: 'UNKNOWN_ERROR', data: null })
      expect(listed.errorMessage).toMatch(/longer than 5 MB .*not read whole/)
      expect(capped).toMatchObject({ ok: false, data: { end: 'over-cap' } })
      expect(capped.data?.bytes).toBeLessThanOrEqual(100_000)
    },
    SLOW_TEST_MS
  )
})

describe('scanTasks against a scripted upstream', () => {
  const server = useScriptedServer()

  it('fails a list whose task is too large to copy whole', async () => {
    const huge = Array.from({ length: 100_001 }, () => 0)
    server.answer(json(200, { tasks: [{ id: 'ck1', status: 'SUBMITTED', huge }] }))
    const listed = await clientOf(server.url).listTasks()
    expect(listed).toMatchObject({ ok: false, errorCode: 'UNKNOWN_ERROR' })
    expect(listed.errorMessage).toMatch(/too large to read whole/)
  })

  it('maps an HTML page or an empty body answered with 200 to UNKNOWN_ERROR, not to a network failure', async () => {
    server.answer(text(200, '<html><body>Sign in to the Wi-Fi</body></html>'))
    const listed = await clientOf(server.url).listTasks()
    expect(listed).toMatchObject({ ok: false, errorCode: 'UNKNOWN_ERROR' })
    expect(listed.errorMessage).toMatch(/not JSON/)
    server.answer(text(200, ''))
    expect(await clientOf(server.url).listTasks()).toMatchObject({ errorCode: 'UNKNOWN_ERROR' })
  })

  it('does not follow a next page on another host', async () => {
    server.answer(json(200, { tasks: [], next: 'https://elsewhere.test/api/v1/tasks?cursor=2' }))
    const listed = await clientOf(server.url).listTasks()
    expect(listed).toMatchObject({ ok: false, errorCode: 'UNKNOWN_ERROR' })
    expect(server.requests).toHaveLength(1)
  })

  it('reads an empty list and an error answered with 200 apart', async () => {
    server.answer(json(200, { tasks: [] }))
    expect(await clientOf(server.url).listTasks()).toMatchObject({ ok: true, data: { tasks: [] } })
    server.answer(json(200, { status: 'FAILED', errorCode: 'AUTH_FAILED', message: 'bad key' }))
    expect(await clientOf(server.url).listTasks()).toMatchObject({
      ok: false,
      errorCode: 'AUTH_FAILED'
    })
  })
})

describe('the watcher on a long history', () => {
  it(
    "reads each list poll only as far as the run's tasks, and closes the connection",
    async () => {
      const sim = await start({ history: 20_000, seed: 11 })
      const { client, scans } = recordingScans(clientOf(sim.url))
      const ids = await createTasks(client, 3)
      const results = await waitOnFakeClock(client, ids)

      expect([...results.values()].map(r => r.status)).toEqual([
        'COMPLETED',
        'COMPLETED',
        'COMPLETED'
      ])
      expect(scans.map(scan => scan.data?.end)).toEqual(['stopped'])
      expect(scans[0].data?.bytes).toBeLessThan(LIST_POLL_MAX_BYTES)
      expect(await unfinishedAnswers(sim, 1)).toEqual({ list: 1 })
      expect(sim.stats().requests.status).toBeUndefined()
    },
    SLOW_TEST_MS
  )

  it(
    'asks by id the tasks a list poll cannot reach within its byte cap',
    async () => {
      const sim = await start()
      const { client, scans } = recordingScans(clientOf(sim.url))
      const ids = await createTasks(client, 2)
      await addHistory(sim, 3_000)
      const results = await waitOnFakeClock(client, ids)

      expect([...results.values()].map(r => r.status)).toEqual(['COMPLETED', 'COMPLETED'])
      expect(scans.map(scan => scan.data?.end)).toEqual(['over-cap'])
      expect(scans[0].data?.bytes).toBeLessThanOrEqual(LIST_POLL_MAX_BYTES)
      expect(sim.stats().requests.status).toEqual({ 200: 2 })
    },
    SLOW_TEST_MS
  )
})

describe('lookups by key', () => {
  it(
    'cancel-by-key finds a SUBMITTED task behind 9,000 others',
    async () => {
      const sim = await start({ faults: [{ route: 'create', kind: 'stuck' }] })
      const client = clientOf(sim.url)
      const [taskId] = await createTasks(client, 1, 'claim-key-0001')
      await addHistory(sim, 9_000)
      const found = await cancelByIdempotencyKey(client, [
        { idempotencyKey: 'claim-key-0001-0', model: 't2v', payload: { ...FOX, prompt: 'fox 0' } }
      ])

      expect(found).toMatchObject({
        failure: null,
        notFound: [],
        outcomes: [{ taskId, outcome: 'cancelled', creditsRefunded: 15 }]
      })
      expect(sim.stats().tasks.find(task => task.id === taskId)?.status).toBe('CANCEL')
    },
    SLOW_TEST_MS
  )

  it(
    'cancel-by-key stops reading at the task it looks for',
    async () => {
      const sim = await start({
        history: 20_000,
        seed: 5,
        faults: [{ route: 'create', kind: 'stuck' }]
      })
      const client = clientOf(sim.url)
      const [taskId] = await createTasks(client, 1, 'claim-key-0002')
      const found = await cancelByIdempotencyKey(client, [
        { idempotencyKey: 'claim-key-0002-0', model: 't2v', payload: { ...FOX, prompt: 'fox 0' } }
      ])

      expect(found.outcomes).toMatchObject([{ taskId, outcome: 'cancelled' }])
      expect(await unfinishedAnswers(sim, 1)).toEqual({ list: 1 })
    },
    SLOW_TEST_MS
  )

  it(
    'every lookup reports a list too long to read whole as a failure, never as "no task"',
    async () => {
      const sim = await start({ history: 14_500, seed: 9 })
      const client = clientOf(sim.url)
      const key = 'never-sent-key-0001'

      const cancel = await cancelByIdempotencyKey(client, [
        { idempotencyKey: key, model: 't2v', payload: FOX }
      ])
      expect(cancel).toMatchObject({
        outcomes: [],
        notFound: [],
        failure: { errorCode: 'UNKNOWN_ERROR' }
      })
      expect(cancel.failure?.errorMessage).toMatch(/longer than 8 MB .*not read whole/)

      const spend = await checkBatchSpend(client, [
        { model: 't2v', payload: FOX, idempotencyKey: key }
      ])
      expect(spend).toMatchObject({ replayed: [], listFailure: { errorCode: 'UNKNOWN_ERROR' } })

      const lineage = await lookUpLineages(client, [{ base: key, model: 't2v', payload: FOX }], {})
      expect(lineage).toMatchObject({
        choices: [{ key, resumed: null }],
        failure: { errorCode: 'UNKNOWN_ERROR' },
        tasks: []
      })
      expect(sim.stats().requests.list).toEqual({ 200: 3 })
    },
    SLOW_TEST_MS
  )
})
