import { spawn } from 'node:child_process'
import { copyFile, cp, mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { parse } from 'yaml'
import { makeTempDir } from './temp-dirs.js'

/**
 * A small emulation of a GitHub-hosted job, enough to run the `run:` steps users copy
 * from the example workflows and the docs: `${{ }}` expressions in `env:` and `with:`
 * (context paths and `a || 'default'`; anything else is refused, so a snippet that needs
 * more fails the test rather than being skipped), bash as the runner starts it
 * (`bash --noprofile --norc -eo pipefail`), one environment string per variable (so
 * Linux's 128 KiB limit applies as on a runner), the step summary file, artifacts
 * (upload, then download by name or pattern, `merge-multiple`), matrix legs. The action
 * itself is not run here: its steps answer the outputs of a real run the test made.
 */

/** What the action's steps answer: the outputs of a real step (results-file: a real file). */
export interface ActionOutputs {
  outputs: Record<string, string>
}

export interface StepRun {
  /** Where it came from: file, job, matrix leg and step. */
  label: string
  script: string
  code: number | null
  /** The spawn error (E2BIG: "Argument list too long"), if it never started. */
  spawnError: string | null
  stdout: string
  stderr: string
  summary: string
}

type Mapping = Record<string, unknown>
interface Job {
  name: string
  env: Mapping
  steps: Mapping[]
  matrix: Record<string, unknown[]>
}
interface Workflow {
  label: string
  env: Mapping
  jobs: Job[]
}

const STEP_KEYS = ['uses', 'run']

function isMapping(value: unknown): value is Mapping {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isStepList(value: unknown): value is Mapping[] {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every(step => isMapping(step) && STEP_KEYS.some(key => key in step))
  )
}

function matrixOf(job: Mapping): Record<string, unknown[]> {
  const strategy = isMapping(job.strategy) ? job.strategy : {}
  const matrix = isMapping(strategy.matrix) ? strategy.matrix : {}
  return Object.fromEntries(
    Object.entries(matrix).filter((entry): entry is [string, unknown[]] => Array.isArray(entry[1]))
  )
}

function jobOf(name: string, value: Mapping): Job {
  return {
    name,
    env: isMapping(value.env) ? value.env : {},
    steps: isStepList(value.steps) ? value.steps : [],
    matrix: matrixOf(value)
  }
}

/**
 * The workflow a YAML text holds: a whole workflow (`jobs:`), one job (`steps:`), or a
 * list of steps; null for anything else (a batch file, a permissions block).
 */
export function workflowOf(label: string, text: string): Workflow | null {
  const value: unknown = parse(text)
  if (isStepList(value)) return { label, env: {}, jobs: [jobOf('job', { steps: value })] }
  if (!isMapping(value)) return null
  if (isMapping(value.jobs)) {
    return {
      label,
      env: isMapping(value.env) ? value.env : {},
      jobs: Object.entries(value.jobs)
        .filter((entry): entry is [string, Mapping] => isMapping(entry[1]))
        .map(([name, job]) => jobOf(name, job))
    }
  }
  if (isStepList(value.steps)) return { label, env: {}, jobs: [jobOf('job', value)] }
  return null
}

/** Every fenced ```yaml block of a Markdown page. */
export function yamlBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```ya?ml\n([\s\S]*?)^```$/gm)].map(match => match[1])
}

/** Every `run:` script of a workflow, with where it sits. */
export function runScripts(workflow: Workflow): { label: string; script: string }[] {
  return workflow.jobs.flatMap(job =>
    job.steps
      .filter(step => typeof step.run === 'string')
      .map(step => ({
        label: `${workflow.label} ${job.name} "${String(step.name ?? step.id ?? 'run')}"`,
        script: step.run as string
      }))
  )
}

type Context = Record<string, unknown>

function lookUp(context: Context, path: string): unknown {
  let value: unknown = context
  for (const part of path.split('.')) {
    value = isMapping(value) ? value[part] : undefined
  }
  return value
}

function evaluateExpression(expression: string, context: Context): string {
  const alternatives = expression.split('||').map(part => part.trim())
  for (const part of alternatives) {
    const literal = /^'([^']*)'$/.exec(part)
    if (literal !== null) return literal[1]
    if (!/^[A-Za-z_][\w-]*(\.[A-Za-z_][\w-]*)*$/.test(part)) {
      throw new Error(`The emulation does not evaluate the expression \${{ ${expression} }}`)
    }
    const value = lookUp(context, part)
    if (value !== undefined && value !== null && value !== '') return String(value)
  }
  return ''
}

/** A value with its `${{ }}` expressions replaced. */
export function evaluate(value: unknown, context: Context): string {
  return String(value).replace(/\$\{\{([\s\S]*?)\}\}/g, (_, expression: string) =>
    evaluateExpression(expression.trim(), context)
  )
}

function legsOf(matrix: Record<string, unknown[]>): Record<string, unknown>[] {
  let legs: Record<string, unknown>[] = [{}]
  for (const [name, values] of Object.entries(matrix)) {
    legs = legs.flatMap(leg => values.map(value => ({ ...leg, [name]: value })))
  }
  return legs
}

/** Artifacts by name: the folder holding what was uploaded, paths kept relative. */
type ArtifactStore = Map<string, string>

interface JobRun {
  workspace: string
  runnerTemp: string
  context: Context
  env: Record<string, string>
  artifacts: ArtifactStore
}

function withOf(step: Mapping, job: JobRun): Record<string, string> {
  const inputs = isMapping(step.with) ? step.with : {}
  return Object.fromEntries(
    Object.entries(inputs).map(([name, value]) => [name, evaluate(value, job.context)])
  )
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false
  )
}

async function uploadArtifact(inputs: Record<string, string>, job: JobRun): Promise<void> {
  const folder = await makeTempDir('aivideo-artifact-')
  for (const path of inputs.path.split('\n').filter(line => line.trim() !== '')) {
    const source = join(job.workspace, path.trim())
    if (!(await exists(source))) continue
    await cp(source, join(folder, basename(source)), { recursive: true })
  }
  job.artifacts.set(inputs.name, folder)
}

async function downloadArtifact(inputs: Record<string, string>, job: JobRun): Promise<void> {
  const pattern = new RegExp(
    `^${(inputs.pattern ?? inputs.name).replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`
  )
  const target = join(job.workspace, inputs.path ?? '.')
  for (const [name, folder] of job.artifacts) {
    if (!pattern.test(name)) continue
    const into = inputs['merge-multiple'] === 'true' ? target : join(target, name)
    await mkdir(into, { recursive: true })
    for (const entry of await readdir(folder)) {
      await cp(join(folder, entry), join(into, entry), { recursive: true })
    }
  }
}

/** The action's step: the real run's outputs, its results file copied into this job. */
async function answerActionStep(step: Mapping, job: JobRun, action: ActionOutputs) {
  const outputs = { ...action.outputs }
  if (outputs['results-file']) {
    const copy = join(job.runnerTemp, 'aivideomaker', basename(outputs['results-file']))
    await mkdir(dirname(copy), { recursive: true })
    await copyFile(outputs['results-file'], copy)
    outputs['results-file'] = copy
  }
  if (typeof step.id === 'string') (job.context.steps as Mapping)[step.id] = { outputs }
}

async function runScript(script: string, env: Record<string, string>, job: JobRun) {
  const file = join(job.runnerTemp, `step-${Math.random().toString(36).slice(2)}.sh`)
  await writeFile(file, script)
  let stdout = ''
  let stderr = ''
  return new Promise<{ code: number | null; spawnError: string | null; out: string[] }>(
    resolveRun => {
      let child: ReturnType<typeof spawn>
      try {
        child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', file], {
          cwd: job.workspace,
          env,
          stdio: ['ignore', 'pipe', 'pipe']
        })
      } catch (error) {
        // E2BIG is thrown at once: the step never starts, as on a runner.
        resolveRun({ code: null, spawnError: (error as Error).message, out: [] })
        return
      }
      child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
      child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
      child.on('error', error => resolveRun({ code: null, spawnError: error.message, out: [] }))
      child.on('close', code => resolveRun({ code, spawnError: null, out: [stdout, stderr] }))
    }
  )
}

async function runStep(
  label: string,
  step: Mapping,
  job: JobRun,
  action: ActionOutputs
): Promise<StepRun | null> {
  const uses = typeof step.uses === 'string' ? step.uses : null
  if (uses !== null) {
    if (uses === './' || uses.startsWith('org/aivideomaker-action@')) {
      await answerActionStep(step, job, action)
    } else if (uses.startsWith('actions/upload-artifact@')) {
      await uploadArtifact(withOf(step, job), job)
    } else if (uses.startsWith('actions/download-artifact@')) {
      await downloadArtifact(withOf(step, job), job)
    } else if (!/^actions\/(checkout|cache(\/restore|\/save)?)@/.test(uses)) {
      throw new Error(`${label}: the emulation does not know ${uses}`)
    }
    return null
  }
  const stepEnv = isMapping(step.env) ? step.env : {}
  const env = {
    ...job.env,
    ...Object.fromEntries(
      Object.entries(stepEnv).map(([name, value]) => [name, evaluate(value, job.context)])
    )
  }
  const summaryFile = join(job.runnerTemp, 'step-summary.md')
  await writeFile(summaryFile, '')
  const script = String(step.run)
  const outcome = await runScript(
    script,
    {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? job.workspace,
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: job.workspace,
      RUNNER_TEMP: job.runnerTemp,
      GITHUB_STEP_SUMMARY: summaryFile,
      GITHUB_OUTPUT: join(job.runnerTemp, 'output'),
      GITHUB_ENV: join(job.runnerTemp, 'env'),
      ...env
    },
    job
  )
  return {
    label: `${label} "${String(step.name ?? step.id ?? 'run')}"`,
    script,
    code: outcome.code,
    spawnError: outcome.spawnError,
    stdout: outcome.out[0] ?? '',
    stderr: outcome.out[1] ?? '',
    summary: await readFile(summaryFile, 'utf8')
  }
}

/** The `github` context of a pull request run, with the secrets the examples use. */
const GITHUB_CONTEXT = {
  github: {
    run_id: '4242',
    job: 'render',
    ref: 'refs/pull/7/merge',
    repository: 'octo-org/videos',
    token: 'ghs_emulated',
    event: { pull_request: { number: 7, head: { repo: { full_name: 'octo-org/videos' } } } }
  },
  secrets: { AIVIDEO_API_KEY: 'emulated-key' },
  inputs: {}
}

/**
 * Runs every job of `workflow` in file order (a matrix job once per leg), its action steps
 * answered by `action`; returns the run of every `run:` step.
 */
export async function runWorkflow(workflow: Workflow, action: ActionOutputs): Promise<StepRun[]> {
  const artifacts: ArtifactStore = new Map()
  const runs: StepRun[] = []
  for (const job of workflow.jobs) {
    for (const leg of legsOf(job.matrix)) {
      const context: Context = { ...GITHUB_CONTEXT, matrix: leg, steps: {}, env: {} }
      const env: Record<string, string> = {}
      for (const [name, value] of Object.entries({ ...workflow.env, ...job.env })) {
        env[name] = evaluate(value, context)
        context.env = { ...env }
      }
      const jobRun: JobRun = {
        workspace: await makeTempDir('aivideo-job-ws-'),
        runnerTemp: await makeTempDir('aivideo-job-tmp-'),
        context,
        env,
        artifacts
      }
      const label = `${workflow.label} ${job.name}${Object.keys(leg).length > 0 ? ` ${JSON.stringify(leg)}` : ''}`
      for (const step of job.steps) {
        const run = await runStep(label, step, jobRun, action)
        if (run !== null) runs.push(run)
      }
    }
  }
  return runs
}
