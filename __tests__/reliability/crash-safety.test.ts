import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import {
  CRASH_SEED,
  CREATE_TIMINGS,
  FACES,
  LATE_CREATE_SPEED,
  MODES,
  PHASE_WINDOW_MS,
  crashPlan,
  renderCrashTable,
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
import { taskListOf } from '../../src/core/api/task-record.js'
import { startSimulator, type Simulator } from '../../src/sim/index.js'
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
    `crash-safety outcomes (seed plan, ${outcomes.length} trials)\n${renderCrashTable(PLAN, outcomes)}\n${renderLateCreateTable(PLAN, outcomes)}`
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
  const sim = await startSimulator({
    keys: [{ key, balance: 10_000 }],
    durationsMs: { submittedMs: 600, totalMs: 1_200 },
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
  try {
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
      rerun = () => startScript(command, options).done
    }
    // A create upstream still holds makes its task later: judge once it has.
    await untilCreatesCarriedOut(sim)
    const afterPost = await tasksOf(sim, key)
    const again = await rerun()
    await untilCreatesCarriedOut(sim)
    const final = await tasksOf(sim, key)
    return judge(trial, { main, post, rerun: again, killed, afterPost, final })
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
    killed: record.killed,
    detail: [] as string[]
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

describe('crash safety: kill at a random moment, post step, re-run', () => {
  for (const face of FACES) {
    for (const mode of MODES) {
      for (const creates of CREATE_TIMINGS) {
        const trials = PLAN.filter(t => t.face === face && t.mode === mode && t.creates === creates)
        const what = creates === 'late' ? 'late creates' : 'prompt creates'
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
