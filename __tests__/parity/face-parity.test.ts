import { beforeAll, describe, expect, it } from '@jest/globals'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { useActionHarness } from '../../__fixtures__/action-harness.js'
import { E2E_KEY, T2V_PAYLOAD, envelopeOf as actionEnvelope } from '../../__fixtures__/runner.js'
import { makeTempDir } from '../../__fixtures__/temp-dirs.js'
import type { Simulator } from '../../src/sim/index.js'
import type { Fault } from '../../src/sim/faults.js'
import type { Envelope } from '../../src/core/api/envelope.js'
import {
  LIBRARY_ADVICE,
  WORDED_ADVICE_CODES,
  adviceText,
  type AdviceWords
} from '../../src/core/api/advice.js'
import { ERROR_CODES } from '../../src/core/api/error-codes.js'
import { ACTION_ADVICE } from '../../src/action/advice-words.js'
import { CLI_ADVICE } from '../../src/cli/advice-words.js'
import { createClient } from '../../src/core/api/client.js'
import { run } from '../../src/core/run/workflow.js'
import { envelopeOf as cliEnvelope, runScript, startScript } from '../cli/cli-process.js'
import { AGENT_ADVICE } from '../../src/mcp/agent-advice.js'
import { buildMcpServer, startMcpSession } from '../mcp/mcp-client.js'

const FAST = { submittedMs: 200, totalMs: 500 }
const { start, main, step } = useActionHarness({ durationsMs: FAST })

beforeAll(async () => {
  await buildMcpServer()
})

/** What a case's setup made: task ids and a workspace both faces share. */
interface Setup {
  /** A task of its own for this face (created, and finished unless `live`). */
  taskId: string
  /** An Idempotency-Key of this face's own, so the other face's create is no replay of it. */
  key: string
}

/**
 * One case, said once and run through both faces: the action's inputs and the CLI's
 * flags say the same thing, each in its face's names.
 */
interface FaceCase {
  name: string
  sim?: { durationsMs?: { submittedMs: number; totalMs: number }; failureRate?: number }
  balance?: number
  /** Set before each face's run (a fault with `times` is used up by the first face). */
  faults?: Fault[]
  /** Make a task for each face first: finished (default), or `live` (still SUBMITTED), or `cancelled`. */
  task?: 'finished' | 'live' | 'cancelled'
  /** Files of the shared workspace (batch files). */
  files?: Record<string, unknown>
  inputs: (s: Setup) => Record<string, string>
  args: (s: Setup) => string[]
  /** CLI environment beside the key and base URL. */
  env?: Record<string, string>
  /** Action inputs and CLI flags instead of the simulator's address (an unreachable one). */
  baseUrl?: (sim: Simulator) => string
  /** Run once before, with the same key: the measured run is a re-run attempt. */
  rerun?: boolean
  /**
   * The message's "what" names the face's own setting (`task-id` / `--taskId`): only the
   * rest of the envelope and the advice are compared.
   */
  namesSetting?: boolean
  /** The same call through the MCP face too: its generate_video arguments. */
  mcp?: (s: Setup) => Record<string, unknown>
  /**
   * Signal the face once it has seen the wait get where the case wants it (each face's own
   * progress line); the action's post step then runs on the main step's state, and the
   * simulator's end state is compared too.
   */
  interrupt?: Interrupt
  expected: { ok: boolean; errorCode: string | null; status?: string | null }
}

interface Interrupt {
  signal: 'SIGINT' | 'SIGTERM'
  /** The main step's stdout line that says the wait got there. */
  action: RegExp
  /** The CLI's stderr line that says the same. */
  cli: RegExp
}

const PAYLOAD = JSON.stringify(T2V_PAYLOAD)
const OTHER_PAYLOAD = JSON.stringify({ ...T2V_PAYLOAD, prompt: 'a grey wolf at dusk' })
const GITHUB_RUN = { GITHUB_RUN_ID: '8080', GITHUB_REPOSITORY: 'o/parity', GITHUB_ACTION: 'video' }
const fox = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  model: 't2v',
  payload: { ...T2V_PAYLOAD, prompt: `${name}: a red fox in snow` },
  ...extra
})

const create = { inputs: { model: 't2v', payload: PAYLOAD }, args: ['--payload', PAYLOAD] }
const runInputs =
  (extra: Record<string, string> = {}) =>
  () => ({
    ...create.inputs,
    'poll-interval': '100ms',
    ...extra
  })
const runArgs =
  (...extra: string[]) =>
  () => ['--model', 't2v', '--payload', PAYLOAD, '--poll-interval', '100ms', ...extra]
const onTask =
  (action: string, extra: Record<string, string> = {}) =>
  (s: Setup) => ({ action, 'task-id': s.taskId, ...extra })
const onTaskArgs =
  (action: string, ...extra: string[]) =>
  (s: Setup) => ['--action', action, '--taskId', s.taskId, ...extra]
const mcpRun =
  (extra: Record<string, unknown> = {}) =>
  () => ({ model: 't2v', payload: T2V_PAYLOAD, poll_interval: '100ms', ...extra })
const batchInputs =
  (file: string, extra: Record<string, string> = {}) =>
  () => ({ 'batch-file': file, 'poll-interval': '100ms', ...extra })
const batchArgs =
  (file: string, ...extra: string[]) =>
  () => ['--batch', file, '--poll-interval', '100ms', ...extra]

/** Tasks that go to PROGRESS at once and stay there for the whole case. */
const RUNNING = { submittedMs: 0, totalMs: 60_000 }
/** Tasks that stay SUBMITTED (cancellable) for the whole case. */
const QUEUED = { submittedMs: 60_000, totalMs: 70_000 }
/** Each face has read the status PROGRESS (its progress line says so). */
const SEEN_IN_PROGRESS = { action: /Task \S+: PROGRESS/, cli: /is PROGRESS/ }
const SEEN_SUBMITTED = { action: /Task \S+: SUBMITTED/, cli: /is SUBMITTED/ }
/** Each face has read the status of both batch tasks (a polling cycle's progress line). */
const BATCH_POLLED = {
  action: /Batch: 0 done, 0 failed, 2 waiting of 2/,
  cli: /batch: 0\/2 done/
}

const CASES: FaceCase[] = [
  // Every operation.
  {
    name: 'run: a plain run completes',
    inputs: runInputs(),
    args: runArgs(),
    mcp: mcpRun(),
    expected: { ok: true, errorCode: null, status: 'COMPLETED' }
  },
  {
    name: 'run: max-credits above the quote, quoted first, completes',
    inputs: runInputs({ 'max-credits': '100' }),
    args: runArgs('--max-credits', '100'),
    expected: { ok: true, errorCode: null, status: 'COMPLETED' }
  },
  {
    name: 'run: a re-run attempt resumes the finished task',
    rerun: true,
    inputs: runInputs(),
    args: runArgs('--idempotency-key', 'auto'),
    mcp: mcpRun({ idempotency_key: 'auto' }),
    expected: { ok: true, errorCode: null, status: 'COMPLETED' }
  },
  {
    name: 'run: resuming a finished task answers at once',
    task: 'finished',
    inputs: s => ({ 'task-id': s.taskId }),
    args: s => ['--taskId', s.taskId],
    mcp: s => ({ task_id: s.taskId }),
    expected: { ok: true, errorCode: null, status: 'COMPLETED' }
  },
  {
    name: 'run: resuming a live task waits for it',
    task: 'live',
    inputs: s => ({ 'task-id': s.taskId, 'poll-interval': '100ms' }),
    args: s => ['--taskId', s.taskId, '--poll-interval', '100ms'],
    expected: { ok: true, errorCode: null, status: 'COMPLETED' }
  },
  {
    name: 'run: with download saves the video',
    inputs: runInputs({ download: 'out/fox.mp4' }),
    args: runArgs('--download', 'out/fox.mp4'),
    expected: { ok: true, errorCode: null, status: 'COMPLETED' }
  },
  {
    name: 'createGeneration returns at once',
    inputs: () => ({ action: 'createGeneration', ...create.inputs }),
    args: () => ['--action', 'createGeneration', '--model', 't2v', ...create.args],
    expected: { ok: true, errorCode: null, status: 'SUBMITTED' }
  },
  {
    name: 'createGeneration with an explicit key and max-credits',
    inputs: s => ({
      action: 'createGeneration',
      ...create.inputs,
      'idempotency-key': s.key,
      'max-credits': '50'
    }),
    args: s => [
      '--action',
      'createGeneration',
      '--model',
      't2v',
      ...create.args,
      '--idempotency-key',
      s.key,
      '--max-credits',
      '50'
    ],
    expected: { ok: true, errorCode: null, status: 'SUBMITTED' }
  },
  {
    name: 'getStatus of a finished task',
    task: 'finished',
    inputs: onTask('getStatus'),
    args: onTaskArgs('getStatus'),
    expected: { ok: true, errorCode: null, status: 'COMPLETED' }
  },
  {
    name: 'getStatus of a live task',
    sim: { durationsMs: { submittedMs: 60_000, totalMs: 70_000 } },
    task: 'live',
    inputs: onTask('getStatus'),
    args: onTaskArgs('getStatus'),
    expected: { ok: true, errorCode: null, status: 'SUBMITTED' }
  },
  {
    name: 'getTask of a finished task',
    task: 'finished',
    inputs: onTask('getTask'),
    args: onTaskArgs('getTask'),
    expected: { ok: true, errorCode: null, status: 'COMPLETED' }
  },
  {
    name: 'getTask with download saves the video',
    task: 'finished',
    inputs: onTask('getTask', { download: 'out/task.mp4' }),
    args: onTaskArgs('getTask', '--download', 'out/task.mp4'),
    expected: { ok: true, errorCode: null, status: 'COMPLETED' }
  },
  {
    name: 'getTask with download of a live task: nothing to save yet, still ok',
    sim: { durationsMs: { submittedMs: 60_000, totalMs: 70_000 } },
    task: 'live',
    inputs: onTask('getTask', { download: 'out/live.mp4' }),
    args: onTaskArgs('getTask', '--download', 'out/live.mp4'),
    expected: { ok: true, errorCode: null, status: 'SUBMITTED' }
  },
  {
    name: 'cancelTask of a SUBMITTED task',
    sim: { durationsMs: { submittedMs: 60_000, totalMs: 70_000 } },
    task: 'live',
    inputs: onTask('cancelTask'),
    args: onTaskArgs('cancelTask'),
    expected: { ok: true, errorCode: null }
  },
  {
    name: 'listTasks',
    task: 'finished',
    inputs: () => ({ action: 'listTasks' }),
    args: () => ['--action', 'listTasks'],
    expected: { ok: true, errorCode: null }
  },
  {
    name: 'account',
    inputs: () => ({ action: 'account' }),
    args: () => ['--action', 'account'],
    expected: { ok: true, errorCode: null }
  },
  {
    name: 'account with a model to check',
    inputs: () => ({ action: 'account', model: 'wan27' }),
    args: () => ['--action', 'account', '--model', 'wan27'],
    expected: { ok: true, errorCode: null }
  },
  {
    name: 'quote',
    inputs: () => ({ action: 'quote', ...create.inputs }),
    args: () => ['--action', 'quote', '--model', 't2v', ...create.args],
    expected: { ok: true, errorCode: null }
  },
  // Batch.
  {
    name: 'batch: every item valid',
    files: { 'ok.json': [fox('one'), fox('two')] },
    inputs: batchInputs('ok.json'),
    args: batchArgs('ok.json'),
    expected: { ok: true, errorCode: null, status: null }
  },
  {
    name: 'batch: with a download directory',
    files: { 'ok.json': [fox('one'), fox('two')] },
    inputs: batchInputs('ok.json', { download: 'out/videos' }),
    args: batchArgs('ok.json', '--download', 'out/videos'),
    expected: { ok: true, errorCode: null, status: null }
  },
  {
    name: 'batch: an invalid item holds the batch back, nothing sent',
    files: { 'bad.json': [fox('one'), fox('bad', { payload: { prompt: 'x', duration: '6' } })] },
    inputs: batchInputs('bad.json'),
    args: batchArgs('bad.json'),
    expected: { ok: false, errorCode: 'INVALID_PAYLOAD', status: null }
  },
  {
    name: 'batch: mixed, continue-on-invalid sends the valid item',
    files: { 'mixed.json': [fox('one'), fox('bad', { model: 't2x' })] },
    inputs: batchInputs('mixed.json', { 'continue-on-invalid': 'true' }),
    args: batchArgs('mixed.json', '--continue-on-invalid'),
    expected: { ok: false, errorCode: 'INVALID_MODEL', status: null }
  },
  {
    name: 'batch: refused by max-total-credits, nothing created',
    files: { 'ok.json': [fox('one'), fox('two')] },
    inputs: batchInputs('ok.json', { 'max-total-credits': '20' }),
    args: batchArgs('ok.json', '--max-total-credits', '20'),
    expected: { ok: false, errorCode: 'BUDGET_EXCEEDED', status: null }
  },
  {
    name: 'batch: refused by the balance, nothing created',
    balance: 20,
    files: { 'ok.json': [fox('one'), fox('two')] },
    inputs: batchInputs('ok.json'),
    args: batchArgs('ok.json'),
    expected: { ok: false, errorCode: 'INSUFFICIENT_CREDITS', status: null }
  },
  {
    name: 'batch: an item over its own max-credits',
    files: { 'capped.json': [fox('one'), fox('two', { maxCredits: 5 })] },
    inputs: batchInputs('capped.json'),
    args: batchArgs('capped.json'),
    expected: { ok: false, errorCode: 'BUDGET_EXCEEDED', status: null }
  },
  {
    name: 'batch: the deadline passes with every task running',
    sim: { durationsMs: { submittedMs: 60_000, totalMs: 70_000 } },
    files: { 'ok.json': [fox('one'), fox('two')] },
    inputs: batchInputs('ok.json', { 'wait-timeout': '700ms' }),
    args: batchArgs('ok.json', '--wait-timeout', '700ms'),
    expected: { ok: false, errorCode: 'TIMEOUT', status: null }
  },
  {
    name: 'batch: failed tasks',
    sim: { failureRate: 1 },
    files: { 'ok.json': [fox('one'), fox('two')] },
    inputs: batchInputs('ok.json'),
    args: batchArgs('ok.json'),
    expected: { ok: false, errorCode: 'TASK_FAILED', status: null }
  },
  // Interrupts during the wait, single and batch: the action's main step is signalled and
  // its post step claims what it left; the CLI's Ctrl-C handler claims it in the process.
  ...(['SIGINT', 'SIGTERM'] as const).map(signal => ({
    name: `interrupt: ${signal} while the task is in PROGRESS leaves it running`,
    sim: { durationsMs: RUNNING },
    inputs: runInputs(),
    args: runArgs(),
    interrupt: { signal, ...SEEN_IN_PROGRESS },
    expected: { ok: false, errorCode: 'ABORTED', status: 'PROGRESS' }
  })),
  {
    name: 'interrupt: SIGINT while the task is SUBMITTED cancels it, refunded',
    sim: { durationsMs: QUEUED },
    inputs: runInputs(),
    args: runArgs(),
    interrupt: { signal: 'SIGINT', ...SEEN_SUBMITTED },
    expected: { ok: false, errorCode: 'TASK_CANCELLED', status: 'CANCEL' }
  },
  {
    name: 'interrupt: SIGINT during a batch wait with every task in PROGRESS',
    sim: { durationsMs: RUNNING },
    files: { 'ok.json': [fox('one'), fox('two')] },
    inputs: batchInputs('ok.json'),
    args: batchArgs('ok.json'),
    interrupt: { signal: 'SIGINT', ...BATCH_POLLED },
    expected: { ok: false, errorCode: 'ABORTED', status: null }
  },
  {
    name: 'interrupt: SIGINT during a batch wait with every task SUBMITTED',
    sim: { durationsMs: QUEUED },
    files: { 'ok.json': [fox('one'), fox('two')] },
    inputs: batchInputs('ok.json'),
    args: batchArgs('ok.json'),
    interrupt: { signal: 'SIGINT', ...BATCH_POLLED },
    expected: { ok: false, errorCode: 'ABORTED', status: null }
  },
  // The advice of every error code.
  {
    name: 'INVALID_MODEL',
    inputs: runInputs({ model: 't2x' }),
    args: () => ['--model', 't2x', '--payload', PAYLOAD],
    expected: { ok: false, errorCode: 'INVALID_MODEL', status: null }
  },
  {
    name: 'INVALID_PAYLOAD',
    inputs: runInputs({ payload: JSON.stringify({ prompt: 'a red fox', duration: '5' }) }),
    args: () => [
      '--model',
      't2v',
      '--payload',
      JSON.stringify({ prompt: 'a red fox', duration: '5' })
    ],
    mcp: mcpRun({ payload: { prompt: 'a red fox', duration: '5' } }),
    expected: { ok: false, errorCode: 'INVALID_PAYLOAD', status: null }
  },
  {
    name: 'AUTH_FAILED: a key the service does not know',
    inputs: () => ({ action: 'account', 'api-key': 'parity-unknown-key' }),
    args: () => ['--action', 'account'],
    env: { AIVIDEO_API_KEY: 'parity-unknown-key' },
    expected: { ok: false, errorCode: 'AUTH_FAILED', status: null }
  },
  {
    name: 'RATE_LIMITED: the create is refused by the rate limit',
    faults: [{ route: 'create', kind: 'rate-limit', retryAfterSeconds: 7 }],
    // A run sends a refused create again within its deadline: this one ends before the wait.
    inputs: runInputs({ 'idempotency-key': 'none', 'wait-timeout': '2s' }),
    args: runArgs('--wait-timeout', '2s'),
    expected: { ok: false, errorCode: 'RATE_LIMITED', status: null }
  },
  {
    name: 'INSUFFICIENT_CREDITS',
    balance: 0,
    inputs: runInputs(),
    args: runArgs(),
    expected: { ok: false, errorCode: 'INSUFFICIENT_CREDITS', status: null }
  },
  {
    name: 'TASK_NOT_FOUND',
    inputs: () => ({ action: 'getStatus', 'task-id': 'nosuchtask42' }),
    args: () => ['--action', 'getStatus', '--taskId', 'nosuchtask42'],
    expected: { ok: false, errorCode: 'TASK_NOT_FOUND', status: null }
  },
  {
    name: 'NETWORK_ERROR: nothing listens at the base URL',
    baseUrl: () => 'http://127.0.0.1:9',
    inputs: () => ({ action: 'getStatus', 'task-id': 'anytask42', 'max-retries': '0' }),
    args: () => ['--action', 'getStatus', '--taskId', 'anytask42'],
    env: { AIVIDEO_MAX_RETRIES: '0' },
    expected: { ok: false, errorCode: 'NETWORK_ERROR', status: null }
  },
  {
    name: 'UNKNOWN_ERROR: an answer no rule explains',
    task: 'finished',
    faults: [{ route: 'status', kind: 'http-error', status: 418, errorCode: 'TEAPOT' }],
    inputs: onTask('getStatus'),
    args: onTaskArgs('getStatus'),
    expected: { ok: false, errorCode: 'UNKNOWN_ERROR' }
  },
  {
    name: 'INVALID_INPUT: a task id that is none',
    namesSetting: true,
    inputs: () => ({ action: 'getStatus', 'task-id': 'bad id!' }),
    args: () => ['--action', 'getStatus', '--taskId', 'bad id!'],
    expected: { ok: false, errorCode: 'INVALID_INPUT', status: null }
  },
  {
    name: 'TIMEOUT keeps the task id and status',
    sim: { durationsMs: { submittedMs: 60_000, totalMs: 70_000 } },
    inputs: runInputs({ 'wait-timeout': '500ms' }),
    args: runArgs('--wait-timeout', '500ms'),
    mcp: mcpRun({ wait_timeout: '500ms' }),
    expected: { ok: false, errorCode: 'TIMEOUT', status: 'SUBMITTED' }
  },
  {
    name: 'TASK_FAILED',
    sim: { failureRate: 1 },
    inputs: runInputs(),
    args: runArgs(),
    expected: { ok: false, errorCode: 'TASK_FAILED', status: 'FAILED' }
  },
  {
    name: 'TASK_CANCELLED: resuming a cancelled task',
    task: 'cancelled',
    inputs: s => ({ 'task-id': s.taskId }),
    args: s => ['--taskId', s.taskId],
    expected: { ok: false, errorCode: 'TASK_CANCELLED', status: 'CANCEL' }
  },
  {
    name: 'BUDGET_EXCEEDED: refused by the quote before any create',
    inputs: runInputs({ 'max-credits': '5' }),
    args: runArgs('--max-credits', '5'),
    mcp: mcpRun({ max_credits: 5 }),
    expected: { ok: false, errorCode: 'BUDGET_EXCEEDED', status: null }
  },
  {
    name: 'IDEMPOTENCY_CONFLICT: a key used before with another payload',
    task: 'finished',
    inputs: () => ({
      action: 'createGeneration',
      model: 't2v',
      payload: OTHER_PAYLOAD,
      'idempotency-key': 'parity-setup-key-0001'
    }),
    args: () => [
      '--action',
      'createGeneration',
      '--model',
      't2v',
      '--payload',
      OTHER_PAYLOAD,
      '--idempotency-key',
      'parity-setup-key-0001'
    ],
    expected: { ok: false, errorCode: 'IDEMPOTENCY_CONFLICT' }
  },
  {
    name: 'TASK_NOT_CANCELLABLE: cancel of a finished task',
    task: 'finished',
    inputs: onTask('cancelTask'),
    args: onTaskArgs('cancelTask'),
    expected: { ok: false, errorCode: 'TASK_NOT_CANCELLABLE' }
  },
  {
    name: 'ROUTE_NOT_FOUND: a base URL without the API',
    baseUrl: sim => `${sim.url}/not-the-api`,
    inputs: () => ({ action: 'getStatus', 'task-id': 'anytask42' }),
    args: () => ['--action', 'getStatus', '--taskId', 'anytask42'],
    expected: { ok: false, errorCode: 'ROUTE_NOT_FOUND', status: null }
  },
  {
    name: 'RESULT_EXPIRED: the result link answers 410',
    task: 'finished',
    faults: [{ route: 'video', kind: 'http-error', status: 410 }],
    inputs: onTask('getTask', { download: 'out/gone.mp4' }),
    args: onTaskArgs('getTask', '--download', 'out/gone.mp4'),
    expected: { ok: false, errorCode: 'RESULT_EXPIRED', status: 'COMPLETED' }
  },
  {
    name: 'LOCAL_IO_ERROR: the download folder is a file',
    task: 'finished',
    files: { occupied: 'a file, not a folder' },
    inputs: onTask('getTask', { download: 'occupied/fox.mp4' }),
    args: onTaskArgs('getTask', '--download', 'occupied/fox.mp4'),
    expected: { ok: false, errorCode: 'LOCAL_IO_ERROR', status: 'COMPLETED' }
  },
  {
    name: 'DOWNLOAD_REFUSED: the result link serves no video',
    task: 'finished',
    faults: [{ route: 'video', kind: 'html', status: 200 }],
    inputs: onTask('getTask', { download: 'out/page.mp4' }),
    args: onTaskArgs('getTask', '--download', 'out/page.mp4'),
    expected: { ok: false, errorCode: 'DOWNLOAD_REFUSED', status: 'COMPLETED' }
  }
]

type FaceName = 'action' | 'cli'

/** Each face's own task for a case: made through the library, so neither face is measured twice. */
async function makeTask(sim: Simulator, kind: FaceCase['task']): Promise<string> {
  const client = createClient({ apiKey: E2E_KEY, baseUrl: sim.url, maxRetries: 0 })
  if (kind === 'finished') {
    const done = await run(
      {
        model: 't2v',
        payload: T2V_PAYLOAD,
        idempotencyKey: 'parity-setup-key-0001',
        pollIntervalMs: 50
      },
      { client }
    )
    return done.taskId ?? ''
  }
  const created = await client.createGeneration('t2v', {
    ...T2V_PAYLOAD,
    prompt: 'a red fox, live'
  })
  if (kind === 'cancelled') await client.cancelTask(created.taskId ?? '')
  return created.taskId ?? ''
}

async function runFace(
  face: FaceName,
  sim: Simulator,
  c: FaceCase,
  workspace: string
): Promise<Record<string, unknown>> {
  const setup: Setup = {
    taskId: c.task === undefined ? '' : await makeTask(sim, c.task),
    key: `parity-${face}-key-0001`
  }
  sim.clearFaults()
  if (c.faults !== undefined) sim.setFaults(c.faults)
  const baseUrl = c.baseUrl?.(sim) ?? sim.url
  if (face === 'action') {
    const inputs = { 'api-key': E2E_KEY, 'base-url': baseUrl, ...c.inputs(setup) }
    const attempt = (n: number) =>
      main({ inputs, workspace, env: { ...GITHUB_RUN, GITHUB_RUN_ATTEMPT: String(n) } })
    if (c.interrupt !== undefined) {
      const { signal, action: signalOn } = c.interrupt
      const env = { ...GITHUB_RUN, GITHUB_RUN_ATTEMPT: '1' }
      const signalled = await main({ inputs, workspace, env, signal, signalOn })
      expect(signalled.signalledAtMs).not.toBeNull()
      const post = await step('dist/post.js', {
        inputs,
        workspace,
        env,
        stateFrom: signalled.state
      })
      expect(post.code).toBe(0)
      return actionEnvelope(signalled)
    }
    if (c.rerun) await attempt(1)
    return actionEnvelope(await attempt(c.rerun ? 2 : 1))
  }
  const env = { AIVIDEO_API_KEY: E2E_KEY, AIVIDEO_BASE_URL: baseUrl, ...c.env }
  const args = c.args(setup)
  if (c.interrupt !== undefined) {
    const running = startScript(args, { env, cwd: workspace })
    await running.waitForStderr(c.interrupt.cli, 30_000)
    running.child.kill(c.interrupt.signal)
    return cliEnvelope((await running.done).stdout) as unknown as Record<string, unknown>
  }
  if (c.rerun) await runScript(args, { env, cwd: workspace })
  const result = await runScript(args, { env, cwd: workspace })
  return cliEnvelope(result.stdout) as unknown as Record<string, unknown>
}

/** The MCP face: the case's generate_video call to `aivideomaker mcp` (a re-run calls twice). */
async function throughMcp(
  sim: Simulator,
  c: FaceCase,
  mcp: (s: Setup) => Record<string, unknown>
): Promise<Record<string, unknown>> {
  const setup: Setup = {
    taskId: c.task === undefined ? '' : await makeTask(sim, c.task),
    key: 'parity-mcp-key-0001'
  }
  const session = await startMcpSession({ AIVIDEO_API_KEY: E2E_KEY, AIVIDEO_BASE_URL: sim.url })
  try {
    const call = () => session.client.callTool({ name: 'generate_video', arguments: mcp(setup) })
    if (c.rerun) await call()
    const result = await call()
    const envelope = result.structuredContent as Record<string, unknown>
    expect(result.isError === true).toBe(envelope.ok === false)
    return envelope
  } finally {
    await session.close()
  }
}

/** What may differ between two runs of one case: ids, times (and elapsed times in messages), keys, the simulator's address. */
function normalise(value: unknown, sim: Simulator, ids: Map<string, string>): unknown {
  if (typeof value === 'string') {
    return value
      .split(sim.url)
      .join('<sim>')
      .replace(/after \d+(\.\d+)?(ms|s|m|h)\b/g, 'after <elapsed>')
      .replace(/ck[a-z0-9]{20,}/g, id => {
        if (!ids.has(id)) ids.set(id, `<task ${ids.size + 1}>`)
        return ids.get(id) as string
      })
  }
  if (Array.isArray(value)) return value.map(item => normalise(item, sim, ids))
  if (typeof value !== 'object' || value === null) return value
  const TIMES = ['createdAt', 'completedAt', 'startedAt', 'finishedAt', 'elapsedMs', 'polls']
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      key,
      TIMES.includes(key)
        ? '<time>'
        : key === 'idempotencyKey'
          ? '<key>'
          : normalise(item, sim, ids)
    ])
  )
}

/**
 * The envelope with each message's next steps — which must be the face's own words, said
 * once — replaced by `<advice>` (and, when the case says so, its "what" by `<what>`); a
 * batch's item envelopes too.
 */
function withoutAdvice(
  value: Record<string, unknown>,
  words: AdviceWords,
  namesSetting: boolean
): Record<string, unknown> {
  const envelope = value as unknown as Envelope<unknown>
  const data = envelope.data as { results?: Record<string, unknown>[] } | null
  const results = Array.isArray(data?.results)
    ? { data: { ...data, results: data.results.map(r => withoutAdvice(r, words, false)) } }
    : {}
  const { errorCode, errorMessage, taskId } = envelope
  if (errorCode === null || errorMessage === null) return { ...value, ...results }
  const advice = [...ERROR_CODES, 'BATCH_INVALID' as const, 'BATCH_BUDGET_EXCEEDED' as const]
    .map(code => adviceText(code, words, taskId))
    .flatMap(text => [text, text.slice(/^[^.]*\.\s*/.exec(text)?.[0].length ?? 0)])
    .filter(text => text !== '' && errorMessage.endsWith(text))
    .sort((a, b) => b.length - a.length)[0]
  // No message (a batch item's neither) carries another face's words, nor the library's;
  // the steps it ends with are said once.
  const others = [ACTION_ADVICE, CLI_ADVICE, AGENT_ADVICE, LIBRARY_ADVICE]
  for (const other of others.filter(w => w !== words)) {
    expect(adviceOf(errorMessage, other, taskId)).toBeNull()
  }
  const what = advice === undefined ? errorMessage : errorMessage.slice(0, -advice.length)
  return {
    ...value,
    ...results,
    errorMessage: `${namesSetting ? '<what>' : what}${advice === undefined ? '' : '<advice>'}`
  }
}

/** The first next steps in `words` that `message` carries, or null. */
function adviceOf(message: string, words: AdviceWords, taskId: string | null): string | null {
  const worded = WORDED_ADVICE_CODES.map(code => adviceText(code, words, taskId))
  return worded.find(text => message.includes(text)) ?? null
}

/**
 * The tasks the simulator made since the last call (`seen` holds those it reported before),
 * as their end state: status and credits, in a stable order.
 */
function newTasks(sim: Simulator, seen: Set<string>): string[] {
  const fresh = sim.stats().tasks.filter(task => !seen.has(task.id))
  for (const task of fresh) seen.add(task.id)
  return fresh
    .map(task => `${task.model} ${task.status} ${task.creditsCharged}/${task.creditsRefunded}`)
    .sort()
}

describe('every face gives the same envelope', () => {
  it('covers at least 40 cases, every operation and every error code', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40)
    const covered = new Set(CASES.map(c => c.expected.errorCode))
    expect(ERROR_CODES.filter(code => !covered.has(code))).toEqual([])
  })

  it.each(CASES.map(c => [c.name, c] as const))('%s', async (_name, c) => {
    const sim = await start({
      ...c.sim,
      ...(c.balance === undefined ? {} : { balance: c.balance })
    })
    const workspace = await makeTempDir('aivideo-parity-')
    for (const [file, content] of Object.entries(c.files ?? {})) {
      await writeFile(join(workspace, file), JSON.stringify(content))
    }
    const seen = new Set<string>()
    const action = await runFace('action', sim, c, workspace)
    const actionTasks = newTasks(sim, seen)
    const cli = await runFace('cli', sim, c, workspace)
    const cliTasks = newTasks(sim, seen)

    expect(action).toMatchObject(c.expected)
    if (c.interrupt !== undefined) {
      // What the interrupt left upstream: each face's tasks, cancelled (refunded) or left running alike.
      expect(actionTasks.length).toBeGreaterThan(0)
      expect(cliTasks).toEqual(actionTasks)
    }
    const namesSetting = c.namesSetting === true
    // The one allowed difference: each face's advice names its own inputs or flags.
    const expected = normalise(withoutAdvice(action, ACTION_ADVICE, namesSetting), sim, new Map())
    const got = normalise(withoutAdvice(cli, CLI_ADVICE, namesSetting), sim, new Map())
    expect(got).toEqual(expected)
    if (c.mcp !== undefined) {
      // The agent face: the same call as tool arguments, its advice naming tools.
      const mcp = await throughMcp(sim, c, c.mcp)
      expect(normalise(withoutAdvice(mcp, AGENT_ADVICE, namesSetting), sim, new Map())).toEqual(
        expected
      )
    }
  })
})
