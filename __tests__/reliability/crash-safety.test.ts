import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import {
  CRASH_SEED,
  CREATE_TIMINGS,
  FACES,
  HISTORIES,
  HISTORY_TASKS,
  LATE_CREATE_SPEED,
  MODES,
  PHASE_WINDOW_MS,
  crashPlan,
  renderCrashTable,
  renderHistoryTable,
  renderLateCreateTable,
  type CrashTrial,
  type TrialOutcome
} from '../../__fixtures__/crash-plan.js'
import {
  E2E_KEY,
  buildActionBundle,
  removeActionBundle,
  runAction,
  type RunActionResult
} from '../../__fixtures__/runner.js'
import { createClient } from '../../src/core/api/client.js'
import { taskListOf } from '../../src/core/api/task-record.js'
import type { Simulator } from '../../src/sim/index.js'
import { useTestSimulator } from '../../__fixtures__/test-simulator.js'
import { API_KEY, buildCli, startScript, type ScriptResult } from '../cli/cli-process.js'
import { startPhaseProxy } from './phase-proxy.js'

/**
 * Issue 12 item 7: kill the real action bundle (through the runner emulation) and the real
 * CLI script at a seeded random moment of create, wait or download, run the post step
 * (action; the CLI's own Ctrl-C handler has run for SIGINT/SIGTERM), then re-run the same
 * logical request, and check per logical request: at most one live task, no SUBMITTED task
 * left unclaimed, no task id lost, and credits charged minus refunded equal to one price
 * per finished video. docs/crash-safety.md shows the plan (scripts/crash-safety-report.mjs).
 */

const PLAN = crashPlan()
/** Each trial's simulator; the fixture stops any a failed trial leaves behind. */
const { start } = useTestSimulator({
  key: E2E_KEY,
  durationsMs: { submittedMs: 600, totalMs: 1_200 }
})
/** t2v, 5 seconds: the simulator's price. */
const PRICE = 15
/** Trials of one group in flight at once: each has its own simulator and proxy. */
const PARALLEL = 4
const PROMPTS = ['a red fox in snow', 'a grey owl at dusk', 'a hare in a meadow']
const payloadOf = (prompt: string) => ({ prompt, aspectRatio: '16:9', duration: '5' })
const JOBS = PROMPTS.map((prompt, i) => ({
  name: `clip-${i + 1}`,
  model: 't2v',
  payload: payloadOf(prompt)
}))

let distRoot: string
const outcomes: TrialOutcome[] = []

beforeAll(async () => {
  ;[distRoot] = await Promise.all([buildActionBundle(), buildCli()])
})

afterAll(async () => {
  await removeActionBundle(distRoot)
  console.log(
    `crash-safety outcomes (seed plan, ${outcomes.length} trials)\n${renderCrashTable(PLAN, outcomes)}\n${renderLateCreateTable(PLAN, outcomes)}\n${renderHistoryTable(PLAN, outcomes)}`
  )
})

interface Upstream {
  id: string
  prompt: string
  status: string
  charged: number
  refunded: number
}

/** Every task upstream, with the prompt it was made for (its logical request). */
async function tasksOf(sim: Simulator, key: string): Promise<Upstream[]> {
  const answer = await fetch(`${sim.url}/api/v1/tasks`, { headers: { key } })
  const listed = taskListOf(await answer.json()) ?? []
  const stats = new Map(sim.stats().tasks.map(task => [task.id, task]))
  return listed.map(task => ({
    id: task.id,
    prompt: String(task.input?.prompt ?? ''),
    status: stats.get(task.id)?.status ?? task.status,
    charged: stats.get(task.id)?.creditsCharged ?? 0,
    refunded: stats.get(task.id)?.creditsRefunded ?? 0
  }))
}

/**
 * Creates a neighbour: a task of another request under `key`, straight at the simulator
 * (not through the trial's proxy), and returns its id.
 */
async function createNeighbour(sim: Simulator, apiKey: string, key: string, prompt: string) {
  const client = createClient({ apiKey, baseUrl: sim.url, maxRetries: 0 })
  const created = await client.createGeneration('t2v', payloadOf(prompt), { idempotencyKey: key })
  expect(created.taskId).not.toBeNull()
  return created.taskId as string
}

/** Waits (bounded) until every create a `late` fault held has been carried out. */
async function untilCreatesCarriedOut(sim: Simulator): Promise<void> {
  const isDone = () => {
    const { arrived, carriedOut } = sim.stats().lateCreates
    return carriedOut === arrived
  }
  for (let i = 0; i < 1_000 && !isDone(); i++) await sleep(10)
  expect(isDone()).toBe(true)
}

const isLive = (task: Upstream) => task.status === 'SUBMITTED' || task.status === 'PROGRESS'

/** The texts a user has: logs, outputs and state of every step. */
function textsOf(result: RunActionResult | ScriptResult): string {
  const action = result as Partial<RunActionResult>
  return [
    result.stdout,
    result.stderr,
    JSON.stringify(action.outputs ?? {}),
    JSON.stringify(action.state ?? {})
  ].join('\n')
}

type BatchItem = { ok: boolean; taskId: string | null; name?: string }

/** Envelopes of the re-run per prompt: single runs have one, batches one per job. */
function finishedPrompts(
  trial: CrashTrial,
  rerun: RunActionResult | ScriptResult
): Map<string, string> {
  const finished = new Map<string, string>()
  const envelopeText =
    trial.face === 'action' ? (rerun as RunActionResult).outputs.envelope : rerun.stdout.trim()
  if (!envelopeText) return finished
  const envelope = JSON.parse(envelopeText) as {
    ok: boolean
    taskId: string | null
    data: { results?: BatchItem[]; items?: BatchItem[] } | null
  }
  if (trial.mode === 'single') {
    if (envelope.ok && envelope.taskId) finished.set(PROMPTS[0], envelope.taskId)
    return finished
  }
  // The CLI lists the jobs' envelopes under `results`, the action its items under `items`.
  for (const result of envelope.data?.results ?? envelope.data?.items ?? []) {
    const job = JOBS.find(j => j.name === result.name)
    if (job && result.ok && result.taskId) finished.set(job.payload.prompt, result.taskId)
  }
  return finished
}

async function runTrial(trial: CrashTrial): Promise<TrialOutcome & { detail: string[] }> {
  const key = trial.face === 'action' ? E2E_KEY : API_KEY
  const late = trial.creates === 'late'
  const hostile = trial.history === 'hostile'
  const sim = await start({
    keys: [{ key, balance: 10_000, ...(hostile ? { generationRequestsPerMinute: 1_000 } : {}) }],
    history: hostile ? HISTORY_TASKS : 0,
    queryLimit: 100_000,
    // Late trials: every create (the run's, a replay, the re-run's) is carried out a seeded
    // 2 to 20 simulated seconds after it arrives.
    ...(late ? { speed: LATE_CREATE_SPEED, seed: CRASH_SEED + trial.index } : {})
  })
  sim.setFaults([
    late
      ? { route: 'create', kind: 'late' }
      : { route: 'create', kind: 'latency', delayMs: PHASE_WINDOW_MS.create },
    { route: 'video', kind: 'latency', delayMs: PHASE_WINDOW_MS.download }
  ])
  const proxy = await startPhaseProxy(sim.url)
  const workspace = await mkdtemp(join(tmpdir(), 'aivideo-crash-'))
  const prompts = trial.mode === 'single' ? PROMPTS.slice(0, 1) : PROMPTS
  const neighbours: string[] = []
  try {
    // Other jobs on the same key, asking for the very same videos under their own keys.
    if (hostile) {
      for (const [i, prompt] of prompts.entries()) {
        neighbours.push(await createNeighbour(sim, key, `neighbour-${trial.index}-${i}`, prompt))
      }
    }
    const killAt = proxy.reached(trial.phase).then(() => sleep(trial.killAfterMs))
    const single = trial.mode === 'single'
    if (!single) await writeFile(join(workspace, 'jobs.json'), JSON.stringify(JOBS))
    let main: RunActionResult | ScriptResult
    let post: RunActionResult | null = null
    let killed = false
    let rerun: () => Promise<RunActionResult | ScriptResult>
    if (trial.face === 'action') {
      const inputs: Record<string, string> = {
        'api-key': key,
        'base-url': proxy.url,
        'poll-interval': '100ms',
        'wait-timeout': '30s',
        summary: 'false',
        ...(single
          ? {
              model: 't2v',
              payload: JSON.stringify(payloadOf(PROMPTS[0])),
              download: 'out/video.mp4'
            }
          : { 'batch-file': 'jobs.json' })
      }
      // One logical request: the same run id, a later attempt.
      const env = { GITHUB_RUN_ID: String(1e9 + trial.index), GITHUB_RUN_ATTEMPT: '1' }
      const step = { inputs, env, workspace, distRoot, timeoutMs: 30_000 }
      main = await runAction({
        ...step,
        script: 'dist/index.js',
        signal: trial.signal,
        signalWhen: killAt
      })
      killed = main.signalledAtMs !== null
      if (hostile) neighbours.push(...(await lookAlikes(sim, key, proxy.createKeys(), trial)))
      post = await runAction({ ...step, script: 'dist/post.js', stateFrom: main.state })
      rerun = () =>
        runAction({ ...step, script: 'dist/index.js', env: { ...env, GITHUB_RUN_ATTEMPT: '2' } })
    } else {
      const args = single
        ? [
            '--model',
            't2v',
            '--payload',
            JSON.stringify(payloadOf(PROMPTS[0])),
            '--download',
            'video.mp4'
          ]
        : ['--batch', 'jobs.json']
      const command = [
        ...args,
        '--idempotency-key',
        'auto',
        '--poll-interval',
        '100ms',
        '--wait-timeout',
        '30s'
      ]
      const options = { env: { AIVIDEO_API_KEY: key, AIVIDEO_BASE_URL: proxy.url }, cwd: workspace }
      const running = startScript(command, options)
      void killAt.then(() => {
        if (running.child.exitCode !== null || running.child.signalCode !== null) return
        killed = true
        running.child.kill(trial.signal)
      })
      main = await running.done
      if (hostile) neighbours.push(...(await lookAlikes(sim, key, proxy.createKeys(), trial)))
      rerun = () => startScript(command, options).done
    }
    // A create upstream still holds makes its task later: judge once it has.
    await untilCreatesCarriedOut(sim)
    const afterPost = await tasksOf(sim, key)
    const again = await rerun()
    await untilCreatesCarriedOut(sim)
    const final = await tasksOf(sim, key)
    // History tasks live only in the list; the run's own are the simulator's other tasks.
    const ownIds = new Set(sim.stats().tasks.map(task => task.id))
    const ownTasks = (tasks: Upstream[]) =>
      tasks.filter(task => ownIds.has(task.id) && !neighbours.includes(task.id))
    return judge(trial, {
      main,
      post,
      rerun: again,
      killed,
      afterPost: ownTasks(afterPost),
      final: ownTasks(final),
      neighbours: final.filter(task => neighbours.includes(task.id))
    })
  } finally {
    await proxy.close()
    await sim.stop()
    await rm(workspace, { recursive: true, force: true })
  }
}

interface TrialRecord {
  main: RunActionResult | ScriptResult
  post: RunActionResult | null
  rerun: RunActionResult | ScriptResult
  killed: boolean
  afterPost: Upstream[]
  final: Upstream[]
  /** Tasks of other requests made beside the run (hostile history), as they ended. */
  neighbours: Upstream[]
}

/**
 * After the kill, before the post step and the re-run: for every key the run sent, a task
 * of another request (another prompt) under that key's 1.x lineage tail, which the old
 * lineage rule took for a later attempt of the run; and, again, the same prompts under
 * unrelated keys, live while the claims run.
 */
async function lookAlikes(
  sim: Simulator,
  apiKey: string,
  sentKeys: readonly string[],
  trial: CrashTrial
): Promise<string[]> {
  const ids: string[] = []
  for (const [i, sent] of sentKeys.entries()) {
    ids.push(
      await createNeighbour(sim, apiKey, `${sent}-a2`, `another request ${trial.index}-${i}`)
    )
  }
  const prompts = trial.mode === 'single' ? PROMPTS.slice(0, 1) : PROMPTS
  for (const [i, prompt] of prompts.entries()) {
    ids.push(await createNeighbour(sim, apiKey, `late-neighbour-${trial.index}-${i}`, prompt))
  }
  return ids
}

function judge(trial: CrashTrial, record: TrialRecord): TrialOutcome & { detail: string[] } {
  const prompts = trial.mode === 'single' ? PROMPTS.slice(0, 1) : PROMPTS
  const finished = finishedPrompts(trial, record.rerun)
  const texts = [record.main, record.post, record.rerun]
    .filter((r): r is RunActionResult | ScriptResult => r !== null)
    .map(textsOf)
    .join('\n')
  // Without a handler or post step (the CLI killed by SIGKILL), a SUBMITTED task is
  // claimed when the re-run resumes it.
  const noCleanup = trial.face === 'cli' && trial.signal === 'SIGKILL'
  const outcome = {
    trial,
    requests: prompts.length,
    multipleLive: 0,
    unclaimedSubmitted: 0,
    lostIds: 0,
    creditMismatches: 0,
    doubleCharges: 0,
    crossings: 0,
    killed: record.killed,
    detail: [] as string[]
  }
  // A neighbour crosses when this request's steps cancelled it or named it anywhere.
  for (const task of record.neighbours) {
    const cancelled = task.status === 'CANCELLED'
    if (!cancelled && !texts.includes(task.id)) continue
    outcome.crossings++
    outcome.detail.push(
      `neighbour ${task.id} ("${task.prompt}") was ${cancelled ? 'cancelled' : 'named'} by this request's steps`
    )
  }
  for (const prompt of prompts) {
    const afterPost = record.afterPost.filter(task => task.prompt === prompt)
    const final = record.final.filter(task => task.prompt === prompt)
    const video = finished.get(prompt)
    const live = Math.max(afterPost.filter(isLive).length, final.filter(isLive).length)
    if (live > 1) outcome.multipleLive++
    const unclaimed = afterPost.filter(
      task => task.status === 'SUBMITTED' && !(noCleanup && task.id === video)
    )
    outcome.unclaimedSubmitted += unclaimed.length
    const lost = final.filter(task => !texts.includes(task.id))
    outcome.lostIds += lost.length
    const net = final.reduce((sum, task) => sum + task.charged - task.refunded, 0)
    const expected = video === undefined ? 0 : PRICE
    if (net !== expected) outcome.creditMismatches++
    if (net > expected) outcome.doubleCharges++
    const shown = final.map(task => `${task.id}:${task.status}`).join(', ')
    if (live > 1 || unclaimed.length > 0 || lost.length > 0 || net !== expected) {
      outcome.detail.push(
        `"${prompt}": tasks [${shown}], after post ${afterPost.map(t => t.status).join('/') || 'none'}, ` +
          `net ${net} credits for ${video === undefined ? 0 : 1} video, ${lost.length} id(s) in no output`
      )
    }
  }
  return outcome
}

/** Runs `trials` PARALLEL at a time. */
async function runAll(trials: readonly CrashTrial[]) {
  const results: (TrialOutcome & { detail: string[] })[] = []
  let next = 0
  const worker = async () => {
    while (next < trials.length) {
      const trial = trials[next++]
      results.push(await runTrial(trial))
    }
  }
  await Promise.all(Array.from({ length: PARALLEL }, worker))
  return results.sort((a, b) => a.trial.index - b.trial.index)
}

/** The trial kinds: prompt and late creates on a fresh key, prompt creates beside a hostile history. */
const KINDS = [
  ...CREATE_TIMINGS.map(creates => [creates, HISTORIES[0]] as const),
  ['prompt', 'hostile'] as const
]

describe('crash safety: kill at a random moment, post step, re-run', () => {
  for (const face of FACES) {
    for (const mode of MODES) {
      for (const [creates, history] of KINDS) {
        const trials = PLAN.filter(
          t => t.face === face && t.mode === mode && t.creates === creates && t.history === history
        )
        const what =
          history === 'hostile'
            ? `a hostile history of ${HISTORY_TASKS} tasks`
            : creates === 'late'
              ? 'late creates'
              : 'prompt creates'
        it(`${face}, ${mode}, ${what}: ${trials.length} trials keep every invariant`, async () => {
          const results = await runAll(trials)
          outcomes.push(...results)
          const failures = results
            .filter(r => r.detail.length > 0)
            .map(r => {
              const t = r.trial
              return `#${t.index} ${t.signal} in ${t.phase} after ${t.killAfterMs} ms${r.killed ? '' : ' (ran out before the kill)'}: ${r.detail.join('; ')}`
            })
          expect(failures).toEqual([])
          // The kills must land: a plan whose processes finish first tests nothing.
          expect(results.filter(r => r.killed).length).toBeGreaterThanOrEqual(trials.length * 0.8)
        }, 400_000)
      }
    }
  }
})
