import { afterAll, afterEach, beforeAll, expect } from '@jest/globals'
import { spawn, type ChildProcess } from 'node:child_process'
import { EventEmitter } from 'node:events'
import { readFileSync } from 'node:fs'
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Ajv } from 'ajv'
import { build } from 'esbuild'
import { BUNDLE_OPTIONS, ENTRY_POINTS } from '../../scripts/build-options.mjs'
import type { CliIo } from '../../src/cli/index.js'
import { type DurationOverride, type KeyOptions, type Simulator } from '../../src/sim/index.js'
import { scanCliRun } from '../hygiene/secret-scan.js'
import { useSharedSimulator } from '../../__fixtures__/test-simulator.js'

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url))
export const SCRIPT = join(ROOT, 'scripts', 'run-workflow.mjs')
export const BIN = join(ROOT, 'bin', 'aivideomaker.mjs')
export const CLI_BUNDLE = join(ROOT, 'dist', 'cli.js')

/** Distinctive, so a leak anywhere in any output is unmistakable. */
export const API_KEY = 'sk-cli-test-5f8a2c91e7d34b60aa'

export const T2V_PAYLOAD = { prompt: 'a red fox in snow', aspectRatio: '16:9', duration: '5' }

/**
 * Bundles src/cli/index.ts to dist/cli.js with scripts/build.mjs's options. Written to a
 * temporary file and renamed, so a test file starting its script while another builds
 * never reads half a bundle.
 */
export async function buildCli(): Promise<void> {
  const result = await build({
    ...BUNDLE_OPTIONS,
    entryPoints: [join(ROOT, ENTRY_POINTS.cli)],
    outfile: CLI_BUNDLE,
    write: false
  })
  await mkdir(join(ROOT, 'dist'), { recursive: true })
  const temporary = join(ROOT, 'dist', `.cli.${process.pid}.${Date.now()}.js`)
  await writeFile(temporary, result.outputFiles[0].contents)
  await rename(temporary, CLI_BUNDLE)
}

/**
 * A simulator accepting API_KEY (with `key`'s settings) whose tasks take `durationsMs`,
 * shared by the file or describe block that calls this (started in its beforeAll, stopped
 * in its afterAll, faults cleared after each test).
 */
export function useCliSimulator(
  durationsMs: DurationOverride,
  key: Omit<KeyOptions, 'key'> = {}
): Simulator {
  return useSharedSimulator({ keys: [{ key: API_KEY, ...key }], durationsMs })
}

/** What most CLI test files run against; set once their `beforeAll` has run. */
export interface CliHarness {
  sim: Simulator
  /** AIVIDEO_API_KEY and AIVIDEO_BASE_URL for `sim`. */
  env: Record<string, string>
  /** A scratch directory, deleted after all tests. */
  workDir: string
}

/**
 * The setup most CLI test files share: before all tests, bundles dist/cli.js, starts a
 * shared simulator accepting API_KEY (with `key`'s settings) and makes a scratch directory
 * named `workDirPrefix...`; after all, stops and deletes them.
 */
export function useCliHarness(options: {
  durationsMs: DurationOverride
  key?: Omit<KeyOptions, 'key'>
  workDirPrefix: string
}): CliHarness {
  let current: CliHarness | undefined
  const harness = (): CliHarness => {
    if (current === undefined) throw new Error('the CLI harness starts in beforeAll')
    return current
  }
  const sim = useSharedSimulator({
    keys: [{ key: API_KEY, ...options.key }],
    durationsMs: options.durationsMs
  })
  beforeAll(async () => {
    await buildCli()
    current = {
      sim,
      env: { AIVIDEO_API_KEY: API_KEY, AIVIDEO_BASE_URL: sim.url },
      workDir: await mkdtemp(join(tmpdir(), options.workDirPrefix))
    }
  })
  afterAll(async () => {
    await rm(harness().workDir, { recursive: true, force: true })
  })
  return {
    get sim() {
      return harness().sim
    },
    get env() {
      return harness().env
    },
    get workDir() {
      return harness().workDir
    }
  }
}

export interface ScriptResult {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

export interface ScriptOptions {
  /** Variables beside PATH; nothing else leaks in from the test process. */
  env?: Record<string, string>
  /** Written to the child's stdin, which is then closed. */
  stdin?: string
  cwd?: string
  /** Default: scripts/run-workflow.mjs. */
  script?: string
  // secret-scan:start (issue 8, __tests__/hygiene/secret-scan.ts)
  /**
   * Every run is scanned for AIVIDEO_API_KEY and `secrets` (stdout, stderr, the download
   * and files written in `cwd`); a leak rejects `done`. `false` (or env
   * AIVIDEO_SECRET_SCAN=0) skips.
   */
  secretScan?: boolean
  secrets?: string[]
  // secret-scan:end
}

/** The outputs of the runs of the current test, for `checkRunsForTheKey`. */
const allOutputs: string[] = []

/**
 * After every test, checks that none of that test's runs printed API_KEY (in-process
 * runs included, which the per-process secret scan does not see), so each test carries
 * the check itself, whatever ran before it.
 */
export function checkRunsForTheKey(): void {
  afterEach(() => {
    for (const output of allOutputs.splice(0)) expect(output).not.toContain(API_KEY)
  })
}

export interface RunningScript {
  child: ChildProcess
  stdout(): string
  stderr(): string
  /** Resolves once stderr matches (rejects after `timeoutMs`). */
  waitForStderr(pattern: RegExp, timeoutMs?: number): Promise<void>
  done: Promise<ScriptResult>
}

/** Starts the real script as `node <script> ...args` with a clean environment. */
export function startScript(args: readonly string[], options: ScriptOptions = {}): RunningScript {
  const startedAt = Date.now() // secret-scan (issue 8): files written since then are scanned
  const child = spawn(process.execPath, [options.script ?? SCRIPT, ...args], {
    cwd: options.cwd ?? ROOT,
    env: { PATH: process.env.PATH ?? '', ...options.env },
    stdio: ['pipe', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  const waiters: { pattern: RegExp; resolve: () => void; reject: () => void }[] = []
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk
    for (const waiter of waiters.filter(w => w.pattern.test(stderr))) {
      waiters.splice(waiters.indexOf(waiter), 1)
      waiter.resolve()
    }
  })
  // bad-input:start (issue 8: a CLI refusing a 15 MB stdin exits before reading it all)
  child.stdin?.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error
  })
  // bad-input:end
  if (options.stdin !== undefined) child.stdin?.end(options.stdin)
  else child.stdin?.end()
  const done = new Promise<ScriptResult>((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code, signal) => {
      allOutputs.push(stdout, stderr)
      // A script that exited can print nothing more: its waiters fail now, not at their timeout.
      for (const waiter of waiters.splice(0)) waiter.reject()
      // secret-scan:start (issue 8)
      if (options.secretScan === false || process.env.AIVIDEO_SECRET_SCAN === '0') {
        return resolve({ code, signal, stdout, stderr })
      }
      const run = { ...options, args, cwd: options.cwd ?? ROOT, repoRoot: ROOT, stdout, stderr }
      scanCliRun(run, startedAt - 100).then(() => resolve({ code, signal, stdout, stderr }), reject)
      // secret-scan:end
    })
  })
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    waitForStderr: (pattern, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        if (pattern.test(stderr)) return resolve()
        const fail = (): void => {
          clearTimeout(timer)
          reject(new Error(`stderr never matched ${pattern}; it was:\n${stderr}`))
        }
        const timer = setTimeout(fail, timeoutMs)
        waiters.push({
          pattern,
          resolve: () => {
            clearTimeout(timer)
            resolve()
          },
          reject: fail
        })
      }),
    done
  }
}

export function runScript(
  args: readonly string[],
  options: ScriptOptions = {}
): Promise<ScriptResult> {
  return startScript(args, options).done
}

const envelopeSchema = JSON.parse(
  readFileSync(join(ROOT, 'schemas', 'envelope.schema.json'), 'utf8')
)
const validateEnvelope = new Ajv({ allErrors: true, strict: false }).compile(envelopeSchema)

export interface CliEnvelope {
  ok: boolean
  status: string | null
  taskId: string | null
  data: Record<string, unknown> | null
  errorCode: string | null
  errorMessage: string | null
  retryAfter: number | null
}

/**
 * stdout must be exactly one JSON document, on one line (the child's stdout is a pipe),
 * valid against schemas/envelope.schema.json. Returns it.
 */
export function envelopeOf(stdout: string): CliEnvelope {
  const lines = stdout.split('\n')
  if (lines.length !== 2 || lines[1] !== '') {
    throw new Error(`stdout is not exactly one line of JSON:\n${stdout}`)
  }
  const value: unknown = JSON.parse(lines[0])
  if (!validateEnvelope(value)) {
    throw new Error(
      `stdout does not match the envelope schema: ${JSON.stringify(validateEnvelope.errors)}\n${stdout}`
    )
  }
  return value as CliEnvelope
}

/**
 * Runs the bundled CLI in this process with `runCli`, as if on a terminal (TTY stdin,
 * stdout and stderr), in `cwd` with only `env`. Its output joins `allOutputs`.
 */
export async function runCliOnTerminal(
  args: string[],
  { env, cwd }: { env: Record<string, string>; cwd: string }
): Promise<{ code: number; stdout: string; stderr: string }> {
  const { runCli } = (await import(CLI_BUNDLE)) as typeof import('../../src/cli/index.js')
  let stdout = ''
  let stderr = ''
  const io: Partial<CliIo> = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env,
    isTTY: { stdin: true, stdout: true, stderr: true },
    cwd,
    signals: new EventEmitter(),
    exit: () => undefined
  }
  const code = await runCli(args, io)
  allOutputs.push(stdout, stderr)
  return { code, stdout, stderr }
}
