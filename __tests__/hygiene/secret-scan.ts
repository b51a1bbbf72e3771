import { lstat, readFile, readdir } from 'node:fs/promises'
import { basename, dirname, join, relative, resolve } from 'node:path'

/**
 * Issue 8, secret hygiene: finds an API key (or any secret) in the artefacts of a run —
 * streams, outputs, state, summary, files written — in every form it could leak in.
 * Used by the end-to-end runners (__fixtures__/runner.ts, __tests__/cli/cli-process.ts)
 * on every run, and by __tests__/hygiene directly.
 */

/** Shorter secrets would match ordinary words; the faces apply the same kind of floor. */
export const MIN_SCANNED_SECRET_LENGTH = 8

/** Larger written files are not read (no test writes one that could hold a key). */
const MAX_SCANNED_FILE_BYTES = 64 * 1024 * 1024

export interface SecretForm {
  /** How the secret was encoded, e.g. `raw`, `base64 (offset 1)`, `url-encoded`. */
  label: string
  text: string
}

/** Something a run produced: where it is, and its content. */
export interface Artefact {
  where: string
  content: string | Buffer
}

/**
 * The forms a secret can take in text: as is, JSON-escaped, URL-encoded, hex, and base64 /
 * base64url at each of the three byte alignments (the part of the encoding that does not
 * depend on the bytes around it), so `base64("user:" + key)` is found as well.
 */
export function secretForms(secret: string): SecretForm[] {
  const forms: SecretForm[] = [
    { label: 'raw', text: secret },
    { label: 'JSON-escaped', text: JSON.stringify(secret).slice(1, -1) },
    { label: 'url-encoded', text: encodeURIComponent(secret) }
  ]
  const bytes = Buffer.from(secret, 'utf8')
  forms.push({ label: 'hex', text: bytes.toString('hex') })
  forms.push({ label: 'hex (upper case)', text: bytes.toString('hex').toUpperCase() })
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64')
    // Characters of a group that mixes in a neighbour byte (or padding) are unstable.
    const start = offset === 0 ? 0 : 4
    const end = Math.floor((offset + bytes.length) / 3) * 4
    const core = encoded.slice(start, end)
    if (core.length < MIN_SCANNED_SECRET_LENGTH) continue
    forms.push({ label: `base64 (offset ${offset})`, text: core })
    forms.push({
      label: `base64url (offset ${offset})`,
      text: core.replace(/\+/g, '-').replace(/\//g, '_')
    })
  }
  const unique = new Map<string, SecretForm>()
  for (const form of forms) if (!unique.has(form.text)) unique.set(form.text, form)
  return [...unique.values()]
}

/** A secret shown in a report without revealing it: its first 4 characters and length. */
export function describeSecret(secret: string): string {
  return `${secret.slice(0, 4)}… (${secret.length} chars)`
}

/**
 * Every place a secret (in any form) occurs in the artefacts, described without the
 * secret itself: `raw form of sk-c… (30 chars) in stdout, line 3`. Empty when clean.
 */
export function findSecretLeaks(secrets: readonly string[], artefacts: Artefact[]): string[] {
  const leaks: string[] = []
  const scanned = [...new Set(secrets)].filter(s => s.length >= MIN_SCANNED_SECRET_LENGTH)
  for (const secret of scanned) {
    for (const form of secretForms(secret)) {
      for (const artefact of artefacts) {
        const at = artefact.content.indexOf(form.text)
        if (at < 0) continue
        leaks.push(`${form.label} form of ${describeSecret(secret)} in ${locate(artefact, at)}`)
      }
    }
  }
  return leaks
}

function locate(artefact: Artefact, at: number): string {
  if (typeof artefact.content !== 'string') return `${artefact.where}, byte ${at}`
  const line = artefact.content.slice(0, at).split('\n').length
  return `${artefact.where}, line ${line}`
}

/** Throws when any secret leaked, naming each place (never the secret). */
export function assertNoSecretLeak(
  secrets: readonly string[],
  artefacts: Artefact[],
  run: string
): void {
  const leaks = findSecretLeaks(secrets, artefacts)
  if (leaks.length > 0) {
    throw new Error(`secret scan of ${run}: a secret leaked:\n  ${leaks.join('\n  ')}`)
  }
}

/**
 * The files under `dir` (recursively, symbolic links not followed) modified at or after
 * `sinceMs` (Date.now() before the run): what the run wrote, as artefacts named by path.
 */
export async function writtenFiles(
  dir: string,
  sinceMs: number,
  /** Only the entries of `dir` itself whose name starts with this (not recursive). */
  prefix?: string
): Promise<Artefact[]> {
  let names: string[]
  try {
    names =
      prefix === undefined
        ? await readdir(dir, { recursive: true })
        : (await readdir(dir)).filter(name => name.startsWith(prefix))
  } catch {
    return []
  }
  const artefacts: Artefact[] = []
  for (const name of names) {
    const path = join(dir, name)
    const info = await lstat(path).catch(() => null)
    if (info === null || !info.isFile() || info.mtimeMs < sinceMs) continue
    if (info.size > MAX_SCANNED_FILE_BYTES) continue
    const content = await readFile(path).catch(() => null)
    if (content !== null) artefacts.push({ where: `file ${relative(dir, path) || path}`, content })
  }
  return artefacts
}

/**
 * stdout of an action step without its `::add-mask::` commands: the one place the key
 * may appear, since the runner reads it there to mask it everywhere else.
 */
export function stdoutWithoutMaskCommands(stdout: string): string {
  return stdout
    .split('\n')
    .map(line => (line.startsWith('::add-mask::') ? '::add-mask::<removed>' : line))
    .join('\n')
}

/**
 * The action must mask the key before it prints anything else: the first line of its
 * stdout (if it printed anything) is `::add-mask::<key>`. Returns the problem, or null.
 */
export function maskOrderProblem(stdout: string, key: string): string | null {
  if (key === '' || stdout === '') return null
  const first = stdout.split('\n')[0]
  if (first === `::add-mask::${key}`) return null
  const shown = first.startsWith('::add-mask::')
    ? '::add-mask:: of another value'
    : first.split(key).join('<key>')
  return `the key is not masked before the first line of output; stdout starts with: ${shown.slice(0, 200)}`
}

/** What `scanActionStep` needs of a runner-emulation step: its options and its result. */
export interface ActionStep {
  script: string
  inputs: Record<string, string>
  env?: Record<string, string>
  /** Further secrets to look for. */
  secrets?: string[]
  stdout: string
  stderr: string
  outputs: Record<string, string>
  state: Record<string, string>
  summary: string
  workspace: string
}

/**
 * Checks one action step (main or post): the key (input `api-key`, else env
 * AIVIDEO_API_KEY) is masked before any other output line, and no secret — the key
 * from either source, `github-token`, `step.secrets` — appears in stdout (outside the
 * mask commands), stderr, any output, the state, the summary or a file written into
 * the workspace since `sinceMs`. Throws naming every leak.
 */
export async function scanActionStep(step: ActionStep, sinceMs: number): Promise<void> {
  const { key, secrets } = actionSecrets(step)
  const problem = maskOrderProblem(step.stdout, key)
  if (problem !== null) throw new Error(`secret scan of ${step.script}: ${problem}`)
  assertNoSecretLeak(secrets, await actionStepArtefacts(step, sinceMs), step.script)
}

/** The key the step masks (`api-key`, else env AIVIDEO_API_KEY), and every secret to look for. */
export function actionSecrets(step: Pick<ActionStep, 'inputs' | 'env' | 'secrets'>): {
  key: string
  secrets: string[]
} {
  const inputKey = (step.inputs['api-key'] ?? '').trim()
  const envKey = (step.env?.AIVIDEO_API_KEY ?? '').trim()
  const token = (step.inputs['github-token'] ?? '').trim()
  return { key: inputKey || envKey, secrets: [inputKey, envKey, token, ...(step.secrets ?? [])] }
}

/** Every artefact of an action step: streams, outputs, state, summary, written files. */
export async function actionStepArtefacts(
  step: Omit<ActionStep, 'script' | 'inputs'>,
  sinceMs: number
): Promise<Artefact[]> {
  return [
    { where: 'stdout', content: stdoutWithoutMaskCommands(step.stdout) },
    { where: 'stderr', content: step.stderr },
    { where: 'the job summary', content: step.summary },
    ...Object.entries(step.outputs).map(([name, value]) => ({
      where: `output ${name}`,
      content: value
    })),
    ...Object.entries(step.state).map(([name, value]) => ({
      where: `state ${name}`,
      content: value
    })),
    ...(await writtenFiles(step.workspace, sinceMs))
  ]
}

/** What `scanCliRun` needs of a CLI process run. */
export interface CliRun {
  args: readonly string[]
  env?: Record<string, string>
  /** The working directory; scanned for written files unless it is `repoRoot`. */
  cwd: string
  repoRoot: string
  secrets?: string[]
  stdout: string
  stderr: string
}

/**
 * Checks one CLI run: neither the key (env AIVIDEO_API_KEY) nor `run.secrets` appears in
 * stdout, stderr, the `--download` file (or its partial siblings) or any file written in
 * the working directory since `sinceMs`. Throws naming every leak.
 */
export async function scanCliRun(run: CliRun, sinceMs: number): Promise<void> {
  const secrets = [(run.env?.AIVIDEO_API_KEY ?? '').trim(), ...(run.secrets ?? [])]
  const artefacts: Artefact[] = [
    { where: 'stdout', content: run.stdout },
    { where: 'stderr', content: run.stderr }
  ]
  if (run.cwd !== run.repoRoot) artefacts.push(...(await writtenFiles(run.cwd, sinceMs)))
  const download = downloadArgument(run.args)
  if (download !== undefined) {
    const target = resolve(run.cwd, download)
    const siblings = await writtenFiles(dirname(target), sinceMs, basename(target))
    artefacts.push(...siblings)
  }
  assertNoSecretLeak(secrets, artefacts, `the CLI (${run.args.slice(0, 4).join(' ')} ...)`)
}

function downloadArgument(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--download') return args[i + 1]
    if (args[i].startsWith('--download=')) return args[i].slice('--download='.length)
  }
  return undefined
}
