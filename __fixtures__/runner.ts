import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { build } from 'esbuild'
import { ACTION_BUNDLE_OPTIONS, ENTRY_POINTS } from '../scripts/build-options.mjs'
import { scanActionStep } from '../__tests__/hygiene/secret-scan.js'
import { removeAfterAll } from './temp-dirs.js'
import { ACCEPTED_SETTINGS } from '../src/core/api/operation-settings.js'
import { findOperationName } from '../src/core/api/operation-names.js'

/** Options of `runAction` (scripts/emulate-runner.mjs holds the implementation). */
export interface RunActionOptions {
  /** `dist/index.js` or `dist/post.js`, relative to `distRoot` (default: the repo root). */
  script: 'dist/index.js' | 'dist/post.js'
  inputs: Record<string, string>
  env?: Record<string, string>
  workspace?: string
  /** The main step's saved state, passed to the post step as STATE_<name>. */
  stateFrom?: Record<string, string>
  /** Delay of the cancellation, after start or after `signalOn` matched stdout. */
  signalAfterMs?: number
  signalOn?: RegExp
  /** Cancels when this settles (SIGKILL: the process dies without a word, e.g. out of memory). */
  signalWhen?: Promise<unknown>
  /** Cancels once the state the step has saved so far passes this test (checked every 10 ms). */
  signalOnState?: (state: Record<string, string>) => boolean
  signal?: 'SIGINT' | 'SIGTERM' | 'SIGKILL'
  timeoutMs?: number
  distRoot?: string
  /** Node binary; default AIVIDEO_E2E_NODE, else the current one. */
  node?: string
  // secret-scan:start (issue 8, __tests__/hygiene/secret-scan.ts)
  /**
   * Every step is scanned for the key (api-key / AIVIDEO_API_KEY, github-token and
   * `secrets`): mask first, then nowhere in stdout, stderr, outputs, state, summary or
   * written files; a leak rejects the run. `false` (or env AIVIDEO_SECRET_SCAN=0) skips.
   */
  secretScan?: boolean
  secrets?: string[]
  // secret-scan:end
}

export interface RunActionResult {
  code: number | null
  exitSignal: string | null
  stdout: string
  stderr: string
  outputs: Record<string, string>
  state: Record<string, string>
  summary: string
  durationMs: number
  /** performance.now() of the test process when the step was spawned. */
  spawnedAt: number
  workspace: string
  /** The emulator made `workspace` (none was given); it is removed after the file's last test. */
  createdWorkspace: boolean
  signalledAtMs: number | null
  /** Signals the runner sent, in order (`timeout`: the `timeoutMs` SIGKILL). */
  signalsSent: string[]
  exitedAfterSignalMs: number | null
}

interface Emulator {
  runAction(options: RunActionOptions): Promise<RunActionResult>
  parseFileCommands(text: string): Record<string, string>
  inputEnvName(name: string): string
  REPO_ROOT: string
}

// A variable specifier: the script is plain JavaScript without type declarations.
const EMULATOR = '../scripts/emulate-runner.mjs'
let emulator: Promise<Emulator> | undefined

export function loadEmulator(): Promise<Emulator> {
  emulator ??= import(EMULATOR) as Promise<Emulator>
  return emulator
}

export const REPO_ROOT = resolve(import.meta.dirname ?? '.', '..')

/**
 * Bundles the action's two entry points from the current source into a fresh directory,
 * with scripts/build.mjs's options, so the tests run what `npm run build` would commit
 * (and CI's check-dist proves dist/ is exactly that). Returns the directory to use as
 * `distRoot`; `removeActionBundle` deletes it.
 */
export async function buildActionBundle(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'aivideo-e2e-bundle-'))
  await build({
    ...ACTION_BUNDLE_OPTIONS,
    entryPoints: {
      index: join(REPO_ROOT, ENTRY_POINTS.index),
      post: join(REPO_ROOT, ENTRY_POINTS.post)
    },
    outdir: join(root, 'dist')
  })
  return root
}

export async function removeActionBundle(root: string): Promise<void> {
  await rm(root, { recursive: true, force: true })
}

/** Runs a step of the action through the runner emulation, with the e2e Node binary. */
export async function runAction(options: RunActionOptions): Promise<RunActionResult> {
  const { runAction: run } = await loadEmulator()
  const startedAt = Date.now()
  const result = await run({ node: process.env.AIVIDEO_E2E_NODE ?? process.execPath, ...options })
  if (result.createdWorkspace) removeAfterAll(result.workspace)
  // secret-scan:start (issue 8)
  if (options.secretScan !== false && process.env.AIVIDEO_SECRET_SCAN !== '0') {
    await scanActionStep({ ...options, ...result }, startedAt - SCAN_SLACK_MS)
  }
  // secret-scan:end
  return result
}

// secret-scan:start (issue 8)
/** File times lag Date.now() by the kernel's coarse clock: scan files a little older too. */
const SCAN_SLACK_MS = 100
// secret-scan:end

/** The key every end-to-end simulator accepts; tests check it never leaks. */
export const E2E_KEY = 'sim-e2e-key-7f3a9c'

export const T2V_PAYLOAD = { prompt: 'a red fox in snow', aspectRatio: '16:9', duration: '5' }

/** Inputs of a quick `run` against a simulator: fast polls, the e2e key. */
export function simInputs(
  baseUrl: string,
  extra: Record<string, string> = {}
): Record<string, string> {
  // Only what the chosen action reads: the action refuses inputs that do not apply to it.
  const accepts = ACCEPTED_SETTINGS[findOperationName(extra.action ?? '') ?? 'run']
  return {
    ...(accepts.includes('model') ? { model: 't2v' } : {}),
    ...(accepts.includes('payload') ? { payload: JSON.stringify(T2V_PAYLOAD) } : {}),
    'api-key': E2E_KEY,
    'base-url': baseUrl,
    ...(accepts.includes('pollInterval') ? { 'poll-interval': '100ms' } : {}),
    ...extra
  }
}

/** The `envelope` output, parsed. */
export function envelopeOf(result: RunActionResult): Record<string, unknown> {
  return JSON.parse(result.outputs.envelope ?? 'null') as Record<string, unknown>
}
