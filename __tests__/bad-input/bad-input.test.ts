import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as prettier from 'prettier'
import { useSharedSimulator } from '../../__fixtures__/test-simulator.js'
import {
  E2E_KEY,
  REPO_ROOT,
  buildActionBundle,
  removeActionBundle,
  runAction
} from '../../__fixtures__/runner.js'
import { buildCli, envelopeOf, runScript } from '../cli/cli-process.js'
import {
  BAD_INPUT_CASES,
  FORGED_COMMAND,
  WORKSPACE_FILES,
  type BadInputCase,
  type BadInputCode
} from './cases.js'
import { DOCS_PATH, renderTable, replaceTable, type TableRow } from './table.js'

/**
 * Issue 8, bad input: every case of cases.ts runs through the action (runner emulation,
 * the bundle built once) and through the CLI (the real script), 4 at a time, against one
 * simulator. Each must end with its stable code, a short actionable message, no task,
 * and not one request. The table is printed and kept in docs/bad-input.md.
 */

type Face = 'action' | 'cli'

interface Outcome {
  testCase: BadInputCase
  face: Face
  exitCode: number | null
  ok: string | boolean | null
  errorCode: string | null
  errorMessage: string
  taskId: string | null
  /** Requests the simulator counted while the run (and the 3 beside it) ran. */
  requestsDuring: number
  failure?: string
}

const PARALLEL = 4
/** A message should say what is wrong and what to do, not echo a 15 MB payload. */
const MAX_MESSAGE_CHARS = 1_500

let distRoot: string
const sim = useSharedSimulator({ keys: [{ key: E2E_KEY, balance: 1000 }] })
let root: string
let workspace: string
let outside: string
const outcomes: Outcome[] = []
let tableMs = 0

beforeAll(async () => {
  ;[distRoot] = await Promise.all([buildActionBundle(), buildCli()])
  root = await mkdtemp(join(tmpdir(), 'aivideo-bad-input-'))
  workspace = join(root, 'ws')
  outside = join(root, 'outside')
  await prepareFiles()
  const started = Date.now()
  const runs = BAD_INPUT_CASES.flatMap(testCase =>
    (['action', 'cli'] as const)
      .filter(face => typeof testCase[face] !== 'string')
      .map(face => () => runCase(testCase, face))
  )
  outcomes.push(...(await runLimited(runs, PARALLEL)))
  tableMs = Date.now() - started
  console.log(
    `bad-input table: ${BAD_INPUT_CASES.length} cases, ${outcomes.length} runs ` +
      `(action ${count('action')}, CLI ${count('cli')}), ${sim.stats().totalRequests} requests sent, ` +
      `${(tableMs / 1000).toFixed(1)} s at ${PARALLEL} in parallel\n${renderTable(tableRows())}`
  )
}, 180_000)

afterAll(async () => {
  await removeActionBundle(distRoot)
  await rm(root, { recursive: true, force: true })
})

const count = (face: Face): number => outcomes.filter(o => o.face === face).length

async function prepareFiles(): Promise<void> {
  await mkdir(join(workspace, WORKSPACE_FILES.directory), { recursive: true })
  await mkdir(outside)
  const valid = JSON.stringify({ prompt: 'a red fox in snow', aspectRatio: '16:9', duration: '5' })
  await writeFile(join(workspace, WORKSPACE_FILES.valid), valid)
  await writeFile(join(outside, 'payload.json'), valid)
  await symlink(outside, join(workspace, 'linked'))
  await writeFile(join(workspace, WORKSPACE_FILES.huge), dataUriPayload(15 * 1024 * 1024))
  await writeFile(join(workspace, WORKSPACE_FILES.overLimit), dataUriPayload(10.5 * 1024 * 1024))
}

/** An i2v payload of `bytes` bytes, nearly all of it a (valid) PNG data URI. */
function dataUriPayload(bytes: number): string {
  const head = '{"image":"data:image/png;base64,'
  const tail = '","duration":"5"}'
  const data = 'A'.repeat(Math.floor((bytes - head.length - tail.length) / 4) * 4)
  return `${head}${data}${tail}`
}

function fill(text: string): string {
  return text
    .replaceAll('$WS', workspace)
    .replaceAll('$OUTSIDE', outside)
    .replaceAll('$PORT', new URL(sim.url).port)
}

const fillAll = (values: Record<string, string> = {}): Record<string, string> =>
  Object.fromEntries(Object.entries(values).map(([name, value]) => [name, fill(value)]))

function expectedCode(testCase: BadInputCase, face: Face): BadInputCode {
  return typeof testCase.code === 'string' ? testCase.code : testCase.code[face]
}

async function runCase(testCase: BadInputCase, face: Face): Promise<Outcome> {
  const before = sim.stats().totalRequests
  const outcome: Outcome = {
    testCase,
    face,
    exitCode: null,
    ok: null,
    errorCode: null,
    errorMessage: '',
    taskId: null,
    requestsDuring: 0
  }
  try {
    if (face === 'action') await runActionCase(testCase, outcome)
    else await runCliCase(testCase, outcome)
  } catch (error) {
    outcome.failure = error instanceof Error ? error.message : String(error)
  }
  outcome.requestsDuring = sim.stats().totalRequests - before
  return outcome
}

async function runActionCase(testCase: BadInputCase, outcome: Outcome): Promise<void> {
  const spec = testCase.action
  if (typeof spec === 'string') throw new Error('no action input')
  const result = await runAction({
    script: 'dist/index.js',
    distRoot,
    workspace,
    inputs: {
      'api-key': E2E_KEY,
      'base-url': sim.url,
      'poll-interval': '100ms',
      ...fillAll(spec.inputs)
    },
    env: fillAll(spec.env),
    timeoutMs: 30_000
  })
  outcome.exitCode = result.code
  outcome.ok = result.outputs.ok ?? null
  outcome.errorCode = result.outputs.errorCode ?? null
  outcome.errorMessage = result.outputs.errorMessage ?? ''
  outcome.taskId = result.outputs.taskId ?? null
  if (!result.summary.includes(outcome.errorCode ?? '?')) {
    outcome.failure = 'the job summary does not name the error code'
  }
  if (result.stdout.split('\n').some(line => line.startsWith(FORGED_COMMAND))) {
    outcome.failure = `an input forged a workflow command in the log:\n${result.stdout}`
  }
}

async function runCliCase(testCase: BadInputCase, outcome: Outcome): Promise<void> {
  const spec = testCase.cli
  if (typeof spec === 'string') throw new Error('no CLI input')
  const stdin =
    typeof spec.stdin === 'object'
      ? await readFile(join(workspace, spec.stdin.file), 'utf8')
      : spec.stdin
  const result = await runScript(spec.args.map(fill), {
    env: { AIVIDEO_API_KEY: E2E_KEY, AIVIDEO_BASE_URL: sim.url, ...fillAll(spec.env) },
    cwd: workspace,
    stdin
  })
  const envelope = envelopeOf(result.stdout)
  outcome.exitCode = result.code
  outcome.ok = envelope.ok
  outcome.errorCode = envelope.errorCode
  outcome.errorMessage = envelope.errorMessage ?? ''
  outcome.taskId = envelope.taskId
  if (result.stderr.trim().split('\n').length !== 1) {
    outcome.failure = `stderr is not one line:\n${result.stderr.slice(0, 500)}`
  }
}

/** Runs the thunks `limit` at a time, keeping their order in the answer. */
async function runLimited<T>(thunks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array(thunks.length)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < thunks.length) {
      const index = next++
      results[index] = await thunks[index]()
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, thunks.length) }, worker))
  return results
}

function tableRows(): TableRow[] {
  return BAD_INPUT_CASES.map(testCase => {
    const cell = (face: Face): string => {
      const spec = testCase[face]
      if (typeof spec === 'string') return `n/a (${spec})`
      const outcome = outcomes.find(o => o.testCase === testCase && o.face === face)
      const code = outcome?.errorCode ?? '?'
      return code === expectedCode(testCase, face)
        ? code
        : `${code} (expected ${expectedCode(testCase, face)})`
    }
    return { group: testCase.group, name: testCase.name, action: cell('action'), cli: cell('cli') }
  })
}

describe('bad input', () => {
  it('the table has at least 40 cases, each run through every face that has the input', () => {
    expect(BAD_INPUT_CASES.length).toBeGreaterThanOrEqual(40)
    expect(outcomes.filter(o => o.face === 'action').length).toBeGreaterThanOrEqual(40)
    expect(outcomes.filter(o => o.face === 'cli').length).toBeGreaterThanOrEqual(40)
    expect(new Set(BAD_INPUT_CASES.map(c => c.name)).size).toBe(BAD_INPUT_CASES.length)
  })

  it.each(
    BAD_INPUT_CASES.flatMap(c =>
      (['action', 'cli'] as const)
        .filter(face => typeof c[face] !== 'string')
        .map(face => [face, c.name, c] as const)
    )
  )(
    '%s refuses %s with its code, a short message, no task and no request',
    (face, _name, testCase) => {
      const outcome = outcomes.find(o => o.testCase === testCase && o.face === face)
      expect(outcome).toBeDefined()
      expect(outcome?.failure).toBeUndefined()
      expect(outcome).toMatchObject({
        errorCode: expectedCode(testCase, face),
        exitCode: face === 'action' ? 1 : 2,
        ok: face === 'action' ? 'false' : false,
        taskId: face === 'action' ? '' : null,
        requestsDuring: 0
      })
      const message = testCase.message ?? /\S/
      expect(outcome?.errorMessage).toMatch(message instanceof RegExp ? message : message[face])
      expect(outcome?.errorMessage.length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS)
    }
  )

  it('sent not one request and created no task in the whole table', () => {
    const stats = sim.stats()
    expect(stats.totalRequests).toBe(0)
    expect(stats.creations).toBe(0)
  })

  it('docs/bad-input.md holds the table (AIVIDEO_UPDATE_DOCS=1 rewrites it)', async () => {
    const path = join(REPO_ROOT, DOCS_PATH)
    const docs = await readFile(path, 'utf8')
    // Formatted as `npm run format` would, so format:check and this test agree.
    const updated = await prettier.format(replaceTable(docs, renderTable(tableRows())), {
      ...(await prettier.resolveConfig(path)),
      filepath: path
    })
    if (process.env.AIVIDEO_UPDATE_DOCS === '1') await writeFile(path, updated)
    else expect(docs).toBe(updated)
  })
})
