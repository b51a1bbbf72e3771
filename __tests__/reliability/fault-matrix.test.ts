import { mkdtemp, readdir, rm, stat } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createClient, type Client } from '../../src/core/api/client.js'
import type { Envelope } from '../../src/core/api/envelope.js'
import { RequestBudget } from '../../src/core/http/request-budget.js'
import { run, type RunData, type RunRequest } from '../../src/core/run/workflow.js'
import type { Fault, SimStats } from '../../src/sim/index.js'
import { FakeClock } from '../../__fixtures__/fake-clock.js'
import { useTestSimulator } from '../../__fixtures__/test-simulator.js'
import { startLostAnswerProxy, type LostAnswerProxy } from './lost-answer-proxy.js'
import {
  MATRIX_SETTINGS as S,
  PHASE_ROUTE,
  PHASES,
  SCENARIOS,
  countCases,
  renderMatrix,
  type CaseResult,
  type Expectation,
  type Phase,
  type Scenario
} from '../../__fixtures__/fault-matrix.js'

const KEY = 'matrix-test-key'
const BALANCE = 1000
/** The cases run in beforeAll and stop their simulators as they go; the fixture is the backstop. */
const simulators = useTestSimulator({ key: KEY, balance: BALANCE, durationsMs: S.durationsMs })
const PAYLOAD = { prompt: 'a red fox in snow', aspectRatio: '16:9', duration: '5' }
const FAILING_PAYLOAD = { ...PAYLOAD, prompt: 'a red fox in snow [sim:fail]' }
/** Cases run side by side; each has its own simulator, so faults never cross. */
const CONCURRENCY = 12

interface Call {
  method: string
  retries: number
}

interface Observation {
  scenario: Scenario
  phase: Phase
  expectation: Expectation
  envelope: Envelope<unknown> | null
  thrown: Error | null
  elapsedMs: number
  /** Deadline the phase was given, in ms from its start. */
  budgetMs: number
  calls: Call[]
  stats: SimStats
  rerun: Envelope<RunData> | null
  downloadDir: string | null
  leftovers: string[]
  downloadedBytes: number | null
}

/** A client whose every call is logged with the retries the transport made for it. */
function instrumentedClient(baseUrl: string, calls: Call[], clock: FakeClock): Client {
  let current: Call | null = null
  const inner = createClient({
    apiKey: KEY,
    baseUrl,
    clock,
    timeoutMs: S.timeoutMs,
    maxRetries: S.maxRetries,
    backoff: S.backoff,
    queryBudget: new RequestBudget({ limit: 100_000, windowMs: 1000 }),
    onRetry: () => {
      if (current) current.retries++
    }
  })
  const wrap =
    <A extends unknown[], R>(method: string, fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const call: Call = { method, retries: 0 }
      calls.push(call)
      const outer = current
      current = call
      try {
        return await fn(...args)
      } finally {
        current = outer
      }
    }
  return {
    baseUrl: inner.baseUrl,
    retryPolicy: inner.retryPolicy,
    createGeneration: wrap('createGeneration', inner.createGeneration),
    getStatus: wrap('getStatus', inner.getStatus),
    getTask: wrap('getTask', inner.getTask),
    cancelTask: wrap('cancelTask', inner.cancelTask),
    listTasks: wrap('listTasks', inner.listTasks),
    scanTasks: wrap('scanTasks', inner.scanTasks),
    account: wrap('account', inner.account),
    quote: wrap('quote', inner.quote)
  }
}

async function closedPortUrl(): Promise<string> {
  const server = createServer()
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>(resolve => server.close(() => resolve()))
  return `http://127.0.0.1:${port}`
}

function faultsFor(scenario: Scenario, phase: Phase, expectation: Expectation): Fault[] {
  const { cause } = scenario
  const times = expectation.variant === 'once' ? { times: 1 } : {}
  switch (cause.kind) {
    case 'fault':
      return [{ ...cause.fault, route: PHASE_ROUTE[phase], ...times }]
    case 'stuck':
      return [{ route: 'create', kind: 'stuck' }]
    case 'abort':
      return phase === 'status'
        ? []
        : [{ route: PHASE_ROUTE[phase], kind: 'latency', delayMs: cause.latencyMs, times: 1 }]
    default:
      return []
  }
}

/** Longest time a simulator handler may still be busy after the client gave up. */
function settleMs(scenario: Scenario): number {
  const { cause } = scenario
  if (cause.kind === 'abort') return (cause.latencyMs ?? 0) + 150
  if (cause.kind === 'fault' && cause.fault.kind === 'latency')
    return (cause.fault.delayMs ?? 0) + 150
  if (cause.kind === 'fault' && cause.fault.kind === 'slow-drip') return 150
  return 50
}

async function runCase(
  scenario: Scenario,
  phase: Phase,
  expectation: Expectation
): Promise<Observation> {
  const { cause } = scenario
  const waitTimeoutMs = scenario.waitTimeoutMs ?? S.waitTimeoutMs
  // Each case keeps its own time: the simulator, the client's request timeouts, the run's
  // deadline and the caller's abort all wait on one FakeClock, so "ends by its deadline" is
  // a fact of the case, not of how busy the machine was.
  const { sim, clock } = await simulators.startOnClock({
    keys: [{ key: KEY, balance: BALANCE, generationRequestsPerMinute: -1 }],
    // A task-failed case needs the task FAILED before it cancels: the short life.
    durationsMs:
      phase === 'cancel' && cause.kind !== 'task-failed' ? S.cancelDurationsMs : S.durationsMs,
    queryLimit: 100_000
  })
  const calls: Call[] = []
  const good = instrumentedClient(sim.url, calls, clock)
  let proxy: LostAnswerProxy | null = null
  if (cause.kind === 'lost-answer') {
    const route = phase === 'cancel' ? /\/cancel$/ : /^\/api\/v1\/generate\//
    proxy = await startLostAnswerProxy(sim.url, {
      matches: (_method, path) => route.test(path),
      times: expectation.variant === 'once' ? 1 : undefined
    })
  }
  const client =
    cause.kind === 'refused'
      ? instrumentedClient(await closedPortUrl(), calls, clock)
      : cause.kind === 'dns'
        ? instrumentedClient('https://nonexistent.invalid', calls, clock)
        : proxy
          ? instrumentedClient(proxy.url, calls, clock)
          : good
  const downloadDir =
    phase === 'download' ? await mkdtemp(join(tmpdir(), 'aivideomaker-matrix-')) : null
  const controller = new AbortController()
  const idempotencyKey = `matrix-${scenario.id}-${phase}-${expectation.variant}`
  const payload = cause.kind === 'task-failed' ? FAILING_PAYLOAD : PAYLOAD
  let envelope: Envelope<unknown> | null = null
  let thrown: Error | null = null
  let started = clock.now()
  const caseOver = new AbortController()
  const abortIn = (ms: number): void => {
    if (cause.kind !== 'abort') return
    clock.sleep(ms, caseOver.signal).then(
      () => controller.abort(),
      () => undefined
    )
  }
  try {
    sim.setFaults(faultsFor(scenario, phase, expectation))
    if (phase === 'cancel') {
      const created = await good.createGeneration('t2v', payload, { idempotencyKey })
      if (!created.ok || created.taskId === null) throw new Error('setup create failed')
      if (cause.kind === 'task-failed') await clock.sleep(S.durationsMs.totalMs + 100)
      calls.length = 0
      started = clock.now()
      abortIn(150)
      envelope = await client.cancelTask(created.taskId, {
        signal: controller.signal,
        deadline: started + waitTimeoutMs
      })
    } else {
      const request: RunRequest = {
        model: 't2v',
        payload,
        idempotencyKey,
        waitTimeoutMs,
        pollIntervalMs: S.pollIntervalMs,
        maxPollIntervalMs: S.maxPollIntervalMs,
        download: downloadDir ? { path: join(downloadDir, 'video.mp4') } : undefined
      }
      if (client !== good && phase !== 'create') {
        // Resuming an existing task through an unreachable host.
        const created = await good.createGeneration('t2v', payload, { idempotencyKey })
        request.taskId = created.taskId ?? undefined
        calls.length = 0
      }
      started = clock.now()
      if (phase === 'create') abortIn(150)
      envelope = await run(request, {
        client,
        clock,
        signal: controller.signal,
        onTaskId: () => {
          if (phase === 'status') abortIn(60)
        },
        onProgress: progress => {
          if (progress.nextPollMs === null && (phase === 'detail' || phase === 'download')) {
            abortIn(150)
          }
        }
      })
    }
  } catch (error) {
    thrown = error instanceof Error ? error : new Error(String(error))
  }
  const elapsedMs = clock.now() - started
  caseOver.abort()
  // Lets the simulator finish what the client gave up on (a late answer, a latency fault).
  await clock.sleep(settleMs(scenario))
  let rerun: Envelope<RunData> | null = null
  if (expectation.recoveredByRerun) {
    sim.clearFaults()
    rerun = await run(
      {
        model: 't2v',
        payload,
        idempotencyKey,
        waitTimeoutMs,
        pollIntervalMs: S.pollIntervalMs,
        maxPollIntervalMs: S.maxPollIntervalMs
      },
      { client: instrumentedClient(sim.url, calls, clock), clock }
    )
  }
  const stats = sim.stats()
  await sim.stop()
  await proxy?.close()
  let leftovers: string[] = []
  let downloadedBytes: number | null = null
  if (downloadDir) {
    const files = await readdir(downloadDir)
    leftovers = files.filter(f => f !== 'video.mp4')
    if (files.includes('video.mp4'))
      downloadedBytes = (await stat(join(downloadDir, 'video.mp4'))).size
    await rm(downloadDir, { recursive: true, force: true })
  }
  return {
    scenario,
    phase,
    expectation,
    envelope,
    thrown,
    elapsedMs,
    budgetMs: waitTimeoutMs,
    calls,
    stats,
    rerun,
    downloadDir,
    leftovers,
    downloadedBytes
  }
}

function outcomeOf(observation: Observation): string {
  if (observation.thrown) return `throws ${observation.thrown.name}`
  const envelope = observation.envelope as Envelope<unknown>
  return envelope.ok ? 'ok' : String(envelope.errorCode)
}

async function pool<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++
      results[index] = await work(items[index])
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return results
}

const cases = SCENARIOS.flatMap(scenario =>
  PHASES.flatMap(phase =>
    (scenario.cells[phase] ?? []).map(expectation => ({ scenario, phase, expectation }))
  )
)
const observations = new Map<string, Observation>()
const caseName = (c: { scenario: Scenario; phase: Phase; expectation: Expectation }): string =>
  `${c.scenario.id} x ${c.phase} (${c.expectation.variant})`

beforeAll(async () => {
  const started = Date.now()
  const results = await pool(cases, CONCURRENCY, c => runCase(c.scenario, c.phase, c.expectation))
  results.forEach((o, i) => observations.set(caseName(cases[i]), o))
  console.log(`fault matrix: ${results.length} cases in ${Date.now() - started} ms`)
}, 120_000)

afterAll(() => {
  const results: CaseResult[] = [...observations.values()].map(o => ({
    scenario: o.scenario.id,
    phase: o.phase,
    variant: o.expectation.variant,
    outcome: outcomeOf(o),
    elapsedMs: o.elapsedMs
  }))
  const scenarios = SCENARIOS.length
  console.log(
    `Fault matrix (scenario x phase -> outcome): ${scenarios} scenarios, ${countCases()} cases\n\n${renderMatrix(results)}`
  )
})

function sumOf(values: number[]): number {
  return values.reduce((a, b) => a + b, 0)
}

function requestsOn(stats: SimStats, route: string): number {
  return sumOf(Object.values(stats.requests[route] ?? {}))
}

/** Every invariant of issue 8 the case breaks, in words; empty when all hold. */
function violations(o: Observation): string[] {
  const { expectation: e, stats } = o
  const found: string[] = []
  const check = (ok: boolean, what: string): void => {
    if (!ok) found.push(what)
  }

  // The envelope's code (or ok), and the last status seen.
  const outcome = outcomeOf(o)
  check(outcome === e.outcome, `outcome ${outcome}, expected ${e.outcome}`)
  if (o.envelope && e.status !== undefined) {
    check(o.envelope.status === e.status, `status ${o.envelope.status}, expected ${e.status}`)
  }

  // No duplicate task: one logical create makes at most one task; retries replay.
  check(stats.creations === e.created, `${stats.creations} tasks created, expected ${e.created}`)
  if (o.scenario.cause.kind === 'lost-answer' && o.phase === 'create') {
    // Every retry after the first (and the re-run) was answered from the Idempotency-Key.
    const creates = requestsOn(stats, 'create')
    check(stats.replays === creates - 1, `${stats.replays} replays of ${creates} creates`)
  }
  const task = stats.tasks[0]
  if (e.simStatus !== undefined) {
    check(task?.status === e.simStatus, `sim task ${task?.status}, expected ${e.simStatus}`)
  }

  // Credits charged are the tasks' credits minus their refunds.
  const charged = sumOf(stats.tasks.map(t => t.creditsCharged))
  const refunded = sumOf(stats.tasks.map(t => t.creditsRefunded))
  check(
    stats.credits.charged === charged && stats.credits.refunded === refunded,
    `credits ${JSON.stringify(stats.credits)} but tasks charged ${charged}, refunded ${refunded}`
  )
  const balances = Object.values(stats.balances)
  check(
    balances.length === 1 && balances[0] === BALANCE - charged + refunded,
    `balance ${balances.join()} != ${BALANCE} - ${charged} + ${refunded}`
  )
  for (const t of stats.tasks) {
    const due = t.status === 'FAILED' || t.status === 'CANCEL' ? t.creditsCharged : 0
    check(t.creditsRefunded === due, `task ${t.status} refunded ${t.creditsRefunded}, not ${due}`)
  }
  const data = o.envelope?.data as Partial<RunData> | null | undefined
  if (task && data && typeof data.creditsCharged === 'number') {
    check(
      data.creditsCharged === task.creditsCharged,
      `envelope says ${data.creditsCharged} credits`
    )
  }

  // The task id is never lost once created.
  const seenId = o.envelope?.taskId ?? null
  if (task === undefined) check(seenId === null, `taskId ${seenId} but no task exists`)
  else if (e.recoveredByRerun) {
    const replay = o.rerun?.data?.idempotentReplay === true
    check(
      o.rerun?.ok === true && o.rerun.taskId === task.id && replay,
      `re-run with the same key did not recover ${task.id}: ${JSON.stringify(o.rerun && { ...o.rerun, data: null })}`
    )
  } else if (o.thrown === null) {
    check(seenId === task.id, `taskId ${seenId}, but the sim created ${task.id}`)
  }

  // The run ends by its deadline, in the case's own clock time: a request in flight at the
  // deadline may run out its own timeout, and nothing starts after it.
  const limit = o.budgetMs + S.timeoutMs
  check(
    o.elapsedMs <= limit,
    `took ${o.elapsedMs} ms, deadline ${o.budgetMs} ms (+ ${S.timeoutMs} for a request in flight)`
  )

  // Every logical call was retried at most max-retries times (client side) ...
  for (const call of o.calls) {
    check(call.retries <= S.maxRetries, `${call.method} retried ${call.retries} times`)
  }
  // ... and the simulator saw at most 1 + max-retries requests per logical call.
  const callsOf = (method: string): number => o.calls.filter(x => x.method === method).length
  const perCall = 1 + S.maxRetries
  const routeBound: [string, number][] = [
    // cancelTask reads the status back after TASK_NOT_CANCELLABLE.
    ['status', (callsOf('getStatus') + callsOf('cancelTask')) * perCall],
    ['detail', callsOf('getTask') * perCall],
    // downloadFile: at most 1 + 3 attempts per download.
    ['video', 4]
  ]
  if (o.phase === 'cancel') routeBound.push(['cancel', callsOf('cancelTask') * perCall])
  else routeBound.push(['create', callsOf('createGeneration') * perCall])
  const remote = o.scenario.cause.kind === 'refused' || o.scenario.cause.kind === 'dns'
  for (const [route, bound] of remote ? [] : routeBound) {
    const seen = requestsOn(stats, route)
    check(seen <= bound, `${seen} ${route} requests for ${bound / perCall} logical calls`)
  }

  // A download lands whole or leaves nothing behind.
  if (o.phase === 'download') {
    check(o.leftovers.length === 0, `left ${o.leftovers.join(', ')} behind`)
    const landed = o.downloadedBytes !== null && o.downloadedBytes > 0
    check(
      landed === (o.envelope?.ok === true),
      `download ok=${o.envelope?.ok}, file ${o.downloadedBytes}`
    )
  }
  return found
}

describe('fault matrix', () => {
  it.each(cases.map(c => [caseName(c)] as const))('%s', name => {
    const o = observations.get(name) as Observation
    const detail = {
      errorMessage: o.envelope?.errorMessage,
      thrown: o.thrown?.message,
      elapsedMs: o.elapsedMs,
      calls: o.calls,
      requests: o.stats.requests
    }
    expect({ violations: violations(o), detail }).toEqual({ violations: [], detail })
  })
})

describe('createGeneration without an Idempotency-Key', () => {
  // Without a key the client cannot tell "not created" from "created, answer lost", so it
  // never repeats the POST; after a timeout the task may exist upstream (hence key: auto).
  it.each([
    ['reset-mid-body', { kind: 'reset-mid-body' }, 0],
    ['HTTP 503', { kind: 'http-error', status: 503 }, 0],
    ['latency past the timeout', { kind: 'latency', delayMs: 700 }, 1]
  ] as const)('is sent once on %s, never retried', async (_name, f, createdUpstream) => {
    const { sim, clock } = await simulators.startOnClock({ faults: [{ route: 'create', ...f }] })
    // Counted at a proxy: the sim does not count a request whose client went away (SIM-1).
    const proxy = simulators.closeAfterTest(await startLostAnswerProxy(sim.url))
    const calls: Call[] = []
    const client = instrumentedClient(proxy.url, calls, clock)
    const created = await client.createGeneration('t2v', PAYLOAD)
    expect(created).toMatchObject({ ok: false, errorCode: 'NETWORK_ERROR', taskId: null })
    expect(calls).toEqual([{ method: 'createGeneration', retries: 0 }])
    // Past the fault's latency, so a create the client gave up on has been carried out.
    await clock.sleep(f.kind === 'latency' ? 850 : 50)
    expect([...proxy.counts.values()]).toEqual([1])
    expect(sim.stats().creations).toBe(createdUpstream)
  })
})
