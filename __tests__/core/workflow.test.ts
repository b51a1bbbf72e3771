import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createClient } from '../../src/core/api/client.js'
import { RequestBudget } from '../../src/core/http/request-budget.js'
import { run as runWorkflow } from '../../src/core/run/workflow.js'
import { useSharedSimulator } from '../../__fixtures__/test-simulator.js'
import { expectValidEnvelope } from '../../__fixtures__/envelope-schema.js'
import { FakeClock } from '../../__fixtures__/fake-clock.js'
import type { Envelope } from '../../src/core/api/envelope.js'

const KEY = 'workflow-test-key'
const fox = { prompt: 'a red fox in snow', aspectRatio: '16:9', duration: '5' }
/** The simulator, the clients and the runs share this clock: no test waits for real time. */
const clock = new FakeClock()
const sim = useSharedSimulator({
  clock,
  keys: [{ key: KEY, balance: 1000 }],
  durationsMs: { submittedMs: 150, totalMs: 400 },
  // The file's runs share one simulator: its per-minute query limit is not under test here
  // (the rate-limit case injects its own 429s).
  queryLimit: 10_000
})
let dir: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'workflow-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

function client(
  overrides: Parameters<typeof createClient>[0] extends infer O ? Partial<O> : never = {}
) {
  return createClient({
    apiKey: KEY,
    baseUrl: sim.url,
    timeoutMs: 2000,
    backoff: { baseDelayMs: 5, maxDelayMs: 20 },
    clock,
    queryBudget: new RequestBudget({ limit: 600, windowMs: 60_000, burst: 100 }),
    ...overrides
  })
}

/** Every envelope the workflow returns must match schemas/envelope.schema.json. */
async function run(
  request: Parameters<typeof runWorkflow>[0],
  deps: Parameters<typeof runWorkflow>[1]
): ReturnType<typeof runWorkflow> {
  const result = await runWorkflow(request, { clock, ...deps })
  expectValidEnvelope(JSON.parse(JSON.stringify(result)) as Envelope)
  return result
}

const fast = { pollIntervalMs: 50, maxPollIntervalMs: 100, waitTimeoutMs: 10_000 }

describe('run', () => {
  it('creates, waits, fetches the detail and returns the video URL', async () => {
    const taskIds: string[] = []
    const result = await run(
      { model: 't2v', payload: fox, ...fast },
      { client: client(), onTaskId: id => taskIds.push(id) }
    )
    expect(result).toMatchObject({ ok: true, status: 'COMPLETED', errorCode: null })
    expect(result.taskId).toMatch(/^ck/)
    expect(taskIds).toEqual([result.taskId])
    expect(result.data?.videoUrl).toMatch(new RegExp(`^${sim.url}/files/`))
    expect(result.data?.task?.status).toBe('COMPLETED')
    expect(result.data?.creditsCharged).toBeGreaterThan(0)
    expect(result.data?.timings.polls).toBeGreaterThan(0)
  })

  it('coerces a numeric duration with a note instead of failing', async () => {
    const notes: string[] = []
    const result = await run(
      { model: 't2v', payload: { ...fox, duration: 5 }, ...fast },
      { client: client(), onNote: n => notes.push(n) }
    )
    expect(result.ok).toBe(true)
    expect(notes.join()).toMatch(/duration was the number 5/)
  })

  it('sends nothing when validation fails', async () => {
    const before = sim.stats().totalRequests
    const { aspectRatio, ...rest } = fox
    const payload = { ...rest, aspect_ratio: aspectRatio }
    const result = await run({ model: 't2v', payload, ...fast }, { client: client() })
    expect(result).toMatchObject({ ok: false, errorCode: 'INVALID_PAYLOAD', taskId: null })
    expect(result.errorMessage).toMatch(/did you mean "aspectRatio"/)
    expect(sim.stats().totalRequests).toBe(before)
  })

  it('downloads the video atomically and checks its size', async () => {
    const path = join(dir, 'nested', 'fox.mp4')
    const result = await run(
      { model: 't2v', payload: fox, ...fast, download: { path } },
      { client: client() }
    )
    expect(result.ok).toBe(true)
    const file = await stat(path)
    expect(result.data?.download).toEqual({ path, bytes: file.size })
    const head = await readFile(path)
    expect(head.subarray(4, 8).toString('latin1')).toBe('ftyp')
  })

  it('refuses a download over the size limit and keeps the task id and link', async () => {
    const path = join(dir, 'too-big.mp4')
    const result = await run(
      { model: 't2v', payload: fox, ...fast, download: { path, maxBytes: 100 } },
      { client: client() }
    )
    expect(result).toMatchObject({ ok: false, status: 'COMPLETED' })
    expect(result.taskId).toMatch(/^ck/)
    expect(result.data?.videoUrl).toBeTruthy()
    await expect(stat(path)).rejects.toThrow()
  })

  it('maps a FAILED task to TASK_FAILED with the upstream reason and the refund', async () => {
    const result = await run(
      { model: 't2v', payload: { ...fox, prompt: 'fox [sim:fail]' }, ...fast },
      { client: client() }
    )
    expect(result).toMatchObject({ ok: false, status: 'FAILED', errorCode: 'TASK_FAILED' })
    expect(result.taskId).toMatch(/^ck/)
    expect(result.data?.creditsRefunded).toBe(result.data?.creditsCharged)
  })

  it('times out at the deadline with the task id and last status, so the caller can resume', async () => {
    sim.setFaults([{ route: 'create', kind: 'stuck' }])
    const result = await run(
      { model: 't2v', payload: fox, pollIntervalMs: 50, waitTimeoutMs: 600 },
      { client: client() }
    )
    expect(result).toMatchObject({ ok: false, errorCode: 'TIMEOUT', status: 'SUBMITTED' })
    sim.clearFaults()
    const cancelled = await client().cancelTask(result.taskId as string)
    expect(cancelled).toMatchObject({ ok: true, status: 'CANCEL' })
  })

  it('resumes waiting for an existing task without creating another', async () => {
    const created = await client().createGeneration('t2v', fox)
    const creations = sim.stats().creations
    const result = await run(
      { model: 't2v', payload: null, taskId: created.taskId as string, ...fast },
      { client: client() }
    )
    expect(result).toMatchObject({ ok: true, status: 'COMPLETED', taskId: created.taskId })
    expect(sim.stats().creations).toBe(creations)
  })

  it('replays the same task for the same idempotency key and charges once', async () => {
    const before = sim.stats()
    const first = await run(
      { model: 't2v', payload: fox, idempotencyKey: 'workflow-idem-0001', ...fast },
      { client: client() }
    )
    const second = await run(
      { model: 't2v', payload: fox, idempotencyKey: 'workflow-idem-0001', ...fast },
      { client: client() }
    )
    expect(second.taskId).toBe(first.taskId)
    expect(second.data?.idempotentReplay).toBe(true)
    const after = sim.stats()
    expect(after.creations - before.creations).toBe(1)
    expect(after.credits.charged - before.credits.charged).toBe(first.data?.creditsCharged)
  })

  it('refuses a pollIntervalMs longer than waitTimeoutMs in option names, sending nothing', async () => {
    const before = sim.stats().totalRequests
    const result = await run(
      { model: 't2v', payload: fox, waitTimeoutMs: 5_000, pollIntervalMs: 60_000 },
      { client: client() }
    )
    expect(result).toMatchObject({ ok: false, errorCode: 'INVALID_INPUT', taskId: null })
    expect(result.errorMessage).toMatch(
      /^pollIntervalMs \(60s\) is longer than waitTimeoutMs \(5s\): .*Fix the option named above/
    )
    expect(sim.stats().totalRequests).toBe(before)
  })

  it('checks a replayed task at once: its create answer says SUBMITTED even when it is done', async () => {
    const key = 'workflow-idem-replay-at-once'
    const first = await run(
      { model: 't2v', payload: fox, idempotencyKey: key, ...fast },
      {
        client: client()
      }
    )
    expect(first).toMatchObject({ ok: true, status: 'COMPLETED' })
    const sleepsBefore = clock.sleeps.length
    const seen: (string | null)[] = []
    const second = await run(
      {
        model: 't2v',
        payload: fox,
        idempotencyKey: key,
        pollIntervalMs: 600_000,
        waitTimeoutMs: 3_600_000
      },
      { client: client(), clock, onTaskId: (_id, status) => seen.push(status) }
    )
    expect(second).toMatchObject({ ok: true, status: 'COMPLETED', taskId: first.taskId })
    expect(second.data?.idempotentReplay).toBe(true)
    // No poll interval was slept through: one poll, at once, on the run's own clock.
    expect(clock.sleeps.slice(sleepsBefore)).not.toContain(600_000)
    expect(second.data?.timings).toMatchObject({ elapsedMs: 0, polls: 1 })
    // The face is not told the replay's stale SUBMITTED (a CLI would print "created task").
    expect(seen).toEqual([null])
  })

  it('retries an idempotent create after a dropped connection without a second task', async () => {
    sim.setFaults([{ route: 'create', kind: 'drop', times: 1 }])
    const before = sim.stats().creations
    const result = await run(
      { model: 't2v', payload: fox, idempotencyKey: 'workflow-idem-drop1', ...fast },
      { client: client() }
    )
    expect(result.ok).toBe(true)
    expect(sim.stats().creations - before).toBe(1)
  })

  it('refuses over max-credits before charging', async () => {
    const before = sim.stats().credits.charged
    const result = await run(
      { model: 't2v_v3', payload: { ...fox, duration: '20' }, maxCredits: 5, ...fast },
      { client: client() }
    )
    expect(result).toMatchObject({ ok: false, errorCode: 'BUDGET_EXCEEDED', taskId: null })
    expect(sim.stats().credits.charged).toBe(before)
  })

  it('ends with ABORTED and the task id when the signal fires mid-wait', async () => {
    const controller = new AbortController()
    const result = await run(
      { model: 't2v', payload: fox, pollIntervalMs: 50, waitTimeoutMs: 10_000 },
      {
        client: client(),
        signal: controller.signal,
        // Mid-wait: the first poll has answered.
        onProgress: () => controller.abort()
      }
    )
    expect(result).toMatchObject({ ok: false, errorCode: 'ABORTED' })
    expect(result.taskId).toMatch(/^ck/)
  })

  it('rides out rate limiting while waiting', async () => {
    sim.setFaults([
      { route: 'status', kind: 'rate-limit', times: 2, retryAfter: 'seconds', retryAfterSeconds: 1 }
    ])
    const result = await run(
      { model: 't2v', payload: fox, ...fast },
      { client: client({ maxRetries: 0 }) }
    )
    expect(result).toMatchObject({ ok: true, status: 'COMPLETED' })
  })
})
