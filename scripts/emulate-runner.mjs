// Runs an action entry point (dist/index.js, dist/post.js) the way the GitHub runner does:
// INPUT_* env with action.yml's defaults, GITHUB_OUTPUT / GITHUB_STATE / GITHUB_STEP_SUMMARY
// files, STATE_* env for the post step, the workspace as working directory, and on
// cancellation SIGINT, then SIGTERM 7.5 s later, then SIGKILL. Used by the end-to-end tests
// (through __fixtures__/runner.ts) and by `npm run demo`.
//
//   node scripts/emulate-runner.mjs [--post] [--workspace DIR] name=value ...
//
// Without --workspace the step runs in a new temp directory, removed when it ends (pass
// --workspace to keep what the step wrote, e.g. a download). CONTRIBUTING.md documents it.
import { spawn } from 'node:child_process'
import { performance } from 'node:perf_hooks'
import { randomInt } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, isAbsolute, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse as parseYaml } from 'yaml'

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')

/** The runner's cancellation sequence: SIGINT, SIGTERM after 7.5 s, SIGKILL after 2.5 s more. */
export const SIGTERM_AFTER_MS = 7_500
export const SIGKILL_AFTER_MS = 2_500

/** Variables of the test host that must not leak into the emulated step. */
const HOST_ONLY = /^(INPUT_|STATE_|GITHUB_|RUNNER_|AIVIDEO_|ACTIONS_)/

/** The runner's env name for an input: upper case, spaces to `_`, hyphens kept. */
export function inputEnvName(name) {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`
}

/** Defaults of every input of an action.yml, as the runner passes them when `with:` omits one. */
export function readInputDefaults(actionYml = join(REPO_ROOT, 'action.yml')) {
  const action = parseYaml(readFileSync(actionYml, 'utf8'))
  const defaults = {}
  for (const [name, spec] of Object.entries(action.inputs ?? {})) {
    if (spec?.default === undefined) continue
    // Expressions are the runner's to evaluate; a workflow without a token context gets ''.
    defaults[name] = String(spec.default).includes('${{') ? '' : String(spec.default)
  }
  return defaults
}

/**
 * Parses a GITHUB_OUTPUT / GITHUB_STATE file: `name<<DELIMITER` heredocs (what
 * @actions/core writes) and the single-line `name=value` form. Later values win.
 */
export function parseFileCommands(text) {
  const values = {}
  const lines = text.split(/\r?\n/)
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]
    if (line === '') continue
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line)
    if (heredoc) {
      const [, name, delimiter] = heredoc
      const body = []
      for (i++; i < lines.length && lines[i] !== delimiter; i++) body.push(lines[i])
      if (i >= lines.length)
        throw new Error(`unterminated value of ${name} (delimiter ${delimiter})`)
      values[name] = body.join('\n')
      continue
    }
    const eq = line.indexOf('=')
    if (eq <= 0) throw new Error(`malformed file command line: ${line.slice(0, 80)}`)
    values[line.slice(0, eq)] = line.slice(eq + 1)
  }
  return values
}

/**
 * Runs one step. Options: `script` (path, relative to `distRoot` or the repo root),
 * `inputs`, `env`, `workspace` (default: a new temp dir, which the caller removes:
 * `createdWorkspace` says so), `stateFrom` (the main step's
 * state, passed as STATE_*), `signal` + `signalAfterMs` / `signalOn` (RegExp on stdout)
 * / `signalWhen` (a promise) / `signalOnState` (a test on the state saved so far, checked every
 * 10 ms) to cancel the job, `timeoutMs` (kill, default 60 s), `node` (the Node binary).
 * Resolves `{ code, exitSignal, stdout, stderr, outputs, state, summary,
 * durationMs, spawnedAt, workspace, createdWorkspace, signalledAtMs, signalsSent (in order;
 * `timeout` for the timeoutMs kill), exitedAfterSignalMs }`.
 */
export async function runAction(options) {
  const createdWorkspace = options.workspace === undefined
  const workspace = options.workspace ?? (await mkdtemp(join(tmpdir(), 'aivideo-workspace-')))
  const runnerTemp = await mkdtemp(join(tmpdir(), 'aivideo-runner-'))
  try {
    await mkdir(workspace, { recursive: true })
    return { ...(await runStep(options, workspace, runnerTemp)), workspace, createdWorkspace }
  } catch (error) {
    if (createdWorkspace) await rm(workspace, { recursive: true, force: true })
    throw error
  } finally {
    await rm(runnerTemp, { recursive: true, force: true })
  }
}

async function runStep(options, workspace, runnerTemp) {
  const files = {
    GITHUB_OUTPUT: join(runnerTemp, 'output'),
    GITHUB_STATE: join(runnerTemp, 'state'),
    GITHUB_STEP_SUMMARY: join(runnerTemp, 'summary.md'),
    GITHUB_ENV: join(runnerTemp, 'env'),
    GITHUB_PATH: join(runnerTemp, 'path')
  }
  for (const file of Object.values(files)) await writeFile(file, '')
  const host = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !HOST_ONLY.test(name))
  )
  const inputs = { ...readInputDefaults(options.actionYml), ...(options.inputs ?? {}) }
  const env = {
    ...host,
    // NODE_OPTIONS of a test runner (e.g. --experimental-vm-modules) is not the runner's.
    NODE_OPTIONS: '',
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    RUNNER_TEMP: runnerTemp,
    RUNNER_OS: 'Linux',
    GITHUB_WORKSPACE: workspace,
    GITHUB_REPOSITORY: 'octo-org/videos',
    GITHUB_WORKFLOW: 'video',
    GITHUB_JOB: 'render',
    GITHUB_RUN_ID: String(randomInt(1e9, 1e10)),
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_ACTION: 'video',
    GITHUB_EVENT_NAME: 'push',
    ...files,
    ...Object.fromEntries(
      Object.entries(inputs).map(([name, value]) => [inputEnvName(name), value])
    ),
    ...Object.fromEntries(
      Object.entries(options.stateFrom ?? {}).map(([name, value]) => [`STATE_${name}`, value])
    ),
    ...(options.env ?? {})
  }
  const script = isAbsolute(options.script)
    ? options.script
    : resolve(options.distRoot ?? REPO_ROOT, options.script)
  const started = performance.now()
  const child = spawn(options.node ?? process.execPath, [script], {
    cwd: workspace,
    env,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  const timers = []
  let signalledAtMs = null
  // What the runner sent, in order, so a test asserts which step of the plan ended the
  // process rather than how long it took.
  const signalsSent = []
  const send = (signal, as = signal) => {
    if (child.exitCode !== null || child.signalCode !== null) return
    signalsSent.push(as)
    child.kill(signal)
  }
  const cancelJob = () => {
    if (signalledAtMs !== null) return
    signalledAtMs = performance.now() - started
    send(options.signal ?? 'SIGINT')
    timers.push(setTimeout(() => send('SIGTERM'), SIGTERM_AFTER_MS))
    timers.push(setTimeout(() => send('SIGKILL'), SIGTERM_AFTER_MS + SIGKILL_AFTER_MS))
  }
  const delay = options.signalAfterMs ?? 0
  let waitingFor = options.signalOn
  child.stdout.on('data', chunk => {
    stdout += chunk
    if (waitingFor?.test(stdout)) {
      waitingFor = undefined
      timers.push(setTimeout(cancelJob, delay))
    }
  })
  child.stderr.on('data', chunk => (stderr += chunk))
  if (options.signalAfterMs !== undefined && !waitingFor) timers.push(setTimeout(cancelJob, delay))
  // A test's own moment (e.g. a request reaching the simulator) to cancel at.
  options.signalWhen?.then(
    () => child.exitCode === null && child.signalCode === null && cancelJob()
  )
  // The step's own moment (e.g. every task id saved), read from its state file as it grows.
  let looking = false
  const stateCheck = options.signalOnState
    ? setInterval(() => {
        if (looking || signalledAtMs !== null) return
        looking = true
        readFile(files.GITHUB_STATE, 'utf8')
          .then(text => {
            const running = child.exitCode === null && child.signalCode === null
            if (running && options.signalOnState(parseFileCommands(text))) cancelJob()
          })
          .catch(() => undefined)
          .finally(() => (looking = false))
      }, 10)
    : undefined
  timers.push(setTimeout(() => send('SIGKILL', 'timeout'), options.timeoutMs ?? 60_000))
  const [code, exitSignal] = await new Promise((resolveExit, reject) => {
    child.on('error', reject)
    child.on('close', (exitCode, signal) => resolveExit([exitCode, signal]))
  })
  timers.forEach(clearTimeout)
  clearInterval(stateCheck)
  const durationMs = performance.now() - started
  const outputs = parseFileCommands(await readFile(files.GITHUB_OUTPUT, 'utf8'))
  const state = parseFileCommands(await readFile(files.GITHUB_STATE, 'utf8'))
  const summary = await readFile(files.GITHUB_STEP_SUMMARY, 'utf8')
  return {
    code,
    exitSignal,
    stdout,
    stderr,
    outputs,
    state,
    summary,
    durationMs,
    /** performance.now() of this process when the step was spawned. */
    spawnedAt: started,
    signalledAtMs,
    signalsSent,
    exitedAfterSignalMs: signalledAtMs === null ? null : durationMs - signalledAtMs
  }
}

async function main(argv) {
  const post = argv.includes('--post')
  const at = argv.indexOf('--workspace')
  const workspace = at >= 0 ? resolve(argv[at + 1]) : undefined
  const pairs = argv.filter((arg, i) => arg.includes('=') && argv[i - 1] !== '--workspace')
  const inputs = Object.fromEntries(
    pairs.map(pair => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)])
  )
  const script = post ? 'dist/post.js' : 'dist/index.js'
  if (!existsSync(join(REPO_ROOT, script)))
    throw new Error(`${script} is missing: run npm run build`)
  const result = await runAction({ script, inputs, workspace, env: pickEnv(process.env) })
  if (result.createdWorkspace) await rm(result.workspace, { recursive: true, force: true })
  process.stderr.write(result.stdout)
  console.log(
    JSON.stringify(
      { code: result.code, outputs: result.outputs, state: result.state, summary: result.summary },
      null,
      2
    )
  )
  process.exitCode = result.code ?? 1
}

/** From the command line the caller's own AIVIDEO_* settings apply. */
function pickEnv(env) {
  return Object.fromEntries(Object.entries(env).filter(([name]) => name.startsWith('AIVIDEO_')))
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main(process.argv.slice(2))
}
