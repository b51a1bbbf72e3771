import { describe, expect, it } from '@jest/globals'
import { createClient, type Client } from '../../src/core/api/client.js'
import { RequestBudget } from '../../src/core/http/request-budget.js'
import { waitForTasks, watchTasks, type PollReport } from '../../src/core/watch/wait-many.js'
import type { Simulator } from '../../src/sim/index.js'
import { FakeClock } from '../../__fixtures__/fake-clock.js'
import { untilSimulator, useTestSimulator } from '../../__fixtures__/test-simulator.js'

const KEY = 'wait-many-key'
const FOX = { prompt: 'a red fox in snow', aspectRatio: '16:9', duration: '5' }

const { start } = useTestSimulator({
  key: KEY,
  balance: 100_000,
  generationRequestsPerMinute: -1,
  durationsMs: { submittedMs: 100, totalMs: 400 }
})

function clientFor(target: Simulator, maxRetries = 3): Client {
  return createClient({
    apiKey: KEY,
    baseUrl: target.url,
    maxRetries,
    queryBudget: new RequestBudget({ limit: 1000, windowMs: 1000 })
  })
}

async function createTasks(client: Client, count: number, prompt = 'fox'): Promise<string[]> {
  const ids: string[] = []
  for (let i = 0; i < count; i++) {
    const created = await client.createGeneration('t2v', { ...FOX, prompt: `${prompt} ${i}` })
    ids.push(created.taskId as string)
  }
  return ids
}

const deadlineIn = (ms: number): number => Date.now() + ms

describe('waitForTasks', () => {
  it('answers with one list request per cycle while several tasks are pending, with each task detail', async () => {
    const target = await start()
    const client = clientFor(target)
    const ids = await createTasks(client, 6)
    const polls: PollReport[] = []
    const results = await waitForTasks(client, ids, {
      deadline: deadlineIn(10_000),
      pollIntervalMs: 50,
      maxPollIntervalMs: 200,
      onPoll: report => polls.push(report)
    })
    expect([...results.keys()]).toEqual(ids)
    const stats = target.stats()
    for (const id of ids) {
      const outcome = results.get(id)
      expect(outcome).toMatchObject({ ok: true, taskId: id, status: 'COMPLETED' })
      // A task left alone is asked with a status poll, which carries no detail.
      if (outcome?.data?.task !== null) {
        expect(outcome?.data?.task?.videoUrl).toBe(`${target.url}/files/${id}.mp4`)
      }
      const terminalAt = stats.tasks.find(t => t.id === id)?.terminalAtMs as number
      expect(outcome?.data?.detectedAt).toBeGreaterThanOrEqual(terminalAt)
    }
    // Promptness is the schedule's: no cycle waited longer than the longest poll interval.
    expect(polls.every(p => p.nextPollMs === null || p.nextPollMs <= 200)).toBe(true)
    const listCycles = polls.filter(p => p.via === 'list')
    expect(listCycles.length).toBeGreaterThan(0)
    expect(stats.requests.list?.['200']).toBe(listCycles.length)
    expect(stats.requests.status?.['200'] ?? 0).toBe(polls.length - listCycles.length)
    expect(polls.every(p => p.requests === 1)).toBe(true)
    expect([...results.values()].filter(r => r.data?.task !== null).length).toBeGreaterThan(0)
    expect(polls.at(-1)?.nextPollMs).toBeNull()
  })

  it('polls a task missing from the list on its own, and keeps its id when it is unknown', async () => {
    const target = await start()
    const client = clientFor(target)
    const [id] = await createTasks(client, 1)
    const results = await waitForTasks(client, [id, 'not-my-task'], {
      deadline: deadlineIn(10_000),
      pollIntervalMs: 50
    })
    expect(results.get(id)).toMatchObject({ ok: true, status: 'COMPLETED' })
    expect(results.get('not-my-task')).toMatchObject({
      ok: false,
      taskId: 'not-my-task',
      errorCode: 'TASK_NOT_FOUND'
    })
    expect(target.stats().requests.status?.['404']).toBe(1)
  })

  it('grows the interval by 1.5x to the cap while nothing changes, and resets on a change', async () => {
    const target = await start({ durationsMs: { submittedMs: 700, totalMs: 900 } })
    const client = clientFor(target)
    const ids = await createTasks(client, 1)
    const delays: (number | null)[] = []
    await waitForTasks(client, ids, {
      deadline: deadlineIn(10_000),
      pollIntervalMs: 40,
      maxPollIntervalMs: 150,
      onPoll: report => delays.push(report.nextPollMs)
    })
    expect(delays.slice(0, 4)).toEqual([60, 90, 135, 150])
    const progressAt = delays.indexOf(40)
    expect(progressAt).toBeGreaterThan(3)
    expect(delays[progressAt - 1]).toBe(150)
    expect(delays.at(-1)).toBeNull()
  })

  it('never polls again before a rate-limited list answer’s Retry-After', async () => {
    const target = await start({
      faults: [{ route: 'list', kind: 'rate-limit', times: 1, retryAfterSeconds: 1 }]
    })
    const ids = await createTasks(clientFor(target, 0), 2)
    await untilSimulator(target, s => s.tasks.every(t => t.status === 'COMPLETED'), 'both done')
    const clock = new FakeClock(0)
    const client = createClient({
      apiKey: KEY,
      baseUrl: target.url,
      maxRetries: 0,
      clock,
      queryBudget: new RequestBudget({ limit: 1000, windowMs: 1000 })
    })
    const polls: PollReport[] = []
    const results = await waitForTasks(client, ids, {
      clock,
      deadline: 10_000,
      pollIntervalMs: 50,
      onPoll: report => polls.push(report)
    })
    expect([...results.values()].every(r => r.ok)).toBe(true)
    expect(polls[0].nextPollMs).toBe(1000)
    // The answer after the refusal came no sooner than its Retry-After on the watcher's clock.
    expect(clock.now()).toBeGreaterThanOrEqual(1000)
    expect(target.stats().requests.list?.['429']).toBe(1)
    expect(target.stats().requests.status).toBeUndefined()
  })

  it.each([
    ['list', 2],
    ['status', 1]
  ] as const)(
    'ends at once with RATE_LIMITED when a %s answer’s Retry-After reaches past the deadline',
    async (route, count) => {
      const target = await start({
        faults: [{ route, kind: 'rate-limit', times: 1, retryAfterSeconds: 5 }]
      })
      const client = clientFor(target, 0)
      const ids = await createTasks(client, count)
      const results = await waitForTasks(client, ids, {
        deadline: deadlineIn(2_000),
        pollIntervalMs: 50
      })
      // Waiting out the 5 s would have slept into TIMEOUT at 2 s.
      for (const outcome of results.values()) {
        expect(outcome).toMatchObject({ ok: false, errorCode: 'RATE_LIMITED', retryAfter: 5 })
      }
    }
  )

  it('sets the list aside when its failures persist, and asks each task instead', async () => {
    // A list answer that never arrives whole (as one too large to read would).
    const target = await start({ faults: [{ route: 'list', kind: 'drop' }] })
    const client = clientFor(target, 0)
    const ids = await createTasks(client, 2)
    const results = await waitForTasks(client, ids, {
      deadline: deadlineIn(10_000),
      pollIntervalMs: 20
    })
    expect([...results.values()].every(r => r.ok && r.status === 'COMPLETED')).toBe(true)
    const stats = target.stats()
    expect(stats.requests.list).toEqual({ dropped: 5 })
    expect(stats.requests.status?.['200']).toBeGreaterThanOrEqual(2)
  })

  it('gives up on a task whose status stays unknown, and says so', async () => {
    const target = await start({ faults: [{ route: 'list', kind: 'unknown-status' }] })
    const client = clientFor(target)
    const ids = await createTasks(client, 2)
    const results = await waitForTasks(client, ids, {
      deadline: deadlineIn(10_000),
      pollIntervalMs: 30
    })
    expect(results.get(ids[0])).toMatchObject({
      ok: false,
      errorCode: 'UNKNOWN_ERROR',
      status: 'QUEUED_EXTERNAL',
      taskId: ids[0]
    })
    expect(results.get(ids[0])?.errorMessage).toMatch(
      /unknown status "QUEUED_EXTERNAL" \(3 polls in a row\)/
    )
  })

  it('fails every task at once when the key is refused', async () => {
    const target = await start()
    const client = createClient({ apiKey: 'some-other-key', baseUrl: target.url })
    const results = await waitForTasks(client, ['task-a', 'task-b'], {
      deadline: deadlineIn(10_000),
      pollIntervalMs: 10
    })
    expect([...results.values()].map(r => [r.taskId, r.errorCode])).toEqual([
      ['task-a', 'AUTH_FAILED'],
      ['task-b', 'AUTH_FAILED']
    ])
    expect(target.stats().queryRequests).toBe(1)
  })
})

describe('watchTasks', () => {
  it('accepts tasks while it runs and ends once closed and all are settled', async () => {
    const target = await start()
    const client = clientFor(target)
    const settled: string[] = []
    let firstPolled = (): void => undefined
    const polled = new Promise<void>(resolve => (firstPolled = resolve))
    const watch = watchTasks(client, {
      deadline: deadlineIn(10_000),
      pollIntervalMs: 40,
      onSettled: taskId => settled.push(taskId),
      onPoll: () => firstPolled()
    })
    const [first] = await createTasks(client, 1, 'first')
    watch.add(first, 'SUBMITTED')
    // The second is added to a watch already polling the first.
    await polled
    const [second] = await createTasks(client, 1, 'second')
    watch.add(second, 'SUBMITTED')
    watch.add(first)
    watch.close()
    const results = await watch.done
    expect([...results.keys()]).toEqual([first, second])
    expect(settled).toEqual([first, second])
  })

  it('ends an empty watch at the deadline without a request', async () => {
    const target = await start()
    const watch = watchTasks(clientFor(target), { deadline: deadlineIn(100) })
    expect((await watch.done).size).toBe(0)
    expect(target.stats().totalRequests).toBe(0)
  })
})
