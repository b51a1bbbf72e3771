#!/usr/bin/env node
// Installs the skill the way its users do, with the real `skills` CLI (pinned below), and
// runs the installed copy: lists skills/aivideomaker from the repository folder, installs
// it into a temporary project for claude-code (`-y --copy`), then runs the seed's four
// commands through the installed scripts/run-workflow.mjs against the simulator (dist/sim.js).
// The skills CLI needs Node >= 22: pass that Node's path as the first argument (CI passes
// the node@24 it installs). Ends with "N passed, M failed"; exit 1 when any check failed.
// Run `npm run build` first: the installed skill runs the bundle the build copies into it.
import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { promisify } from 'node:util'

/** The `skills` release this check runs (bump it deliberately). */
const SKILLS_VERSION = '1.7.4'
const SKILL = 'aivideomaker'
const KEY = 'sk-skill-install-check-4c1d'
const PAYLOAD = JSON.stringify({ prompt: 'a red fox in snow', aspectRatio: '16:9', duration: '5' })

const run = promisify(execFile)
const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const skillsNode = process.argv[2]
if (!skillsNode) {
  console.error('usage: node scripts/skill-install-check.mjs <path to node >= 22>')
  process.exit(2)
}

let passed = 0
let failed = 0
function check(name, ok, detail = '') {
  if (ok) passed += 1
  else failed += 1
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${ok || detail === '' ? '' : `\n     ${detail}`}`)
}

// eslint-disable-next-line no-control-regex -- the CLI's colours and cursor codes
const plain = text => text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '')

/** Every file under `dir`, as paths relative to it. */
function filesUnder(dir) {
  return readdirSync(dir, { recursive: true })
    .map(name => String(name))
    .filter(name => statSync(join(dir, name)).isFile())
    .sort()
}

const work = mkdtempSync(join(tmpdir(), 'aivideo-skill-check-'))
let sim
try {
  // The pinned CLI, installed from the npm registry into the scratch folder.
  const tools = join(work, 'tools')
  await run('npm', [
    'install',
    '--prefix',
    tools,
    '--no-save',
    '--no-audit',
    '--no-fund',
    `skills@${SKILLS_VERSION}`
  ])
  const skillsCli = join(tools, 'node_modules', 'skills', 'bin', 'cli.mjs')
  // No install telemetry: CI reaches only the npm registry.
  const env = { ...process.env, DO_NOT_TRACK: '1', DISABLE_TELEMETRY: '1', CI: '1' }
  const skills = (args, cwd) =>
    run(skillsNode, [skillsCli, ...args], { cwd, env, maxBuffer: 16 * 1024 * 1024 })

  const listed = await skills(['add', root, '--list'], root)
  check(
    `skills ${SKILLS_VERSION} lists "${SKILL}" from the repository folder`,
    new RegExp(`^\\W*${SKILL}\\s*$`, 'm').test(plain(listed.stdout)),
    plain(listed.stdout)
  )

  const project = join(work, 'project')
  await run('git', ['init', '-q', project])
  await skills(['add', root, '--skill', SKILL, '-a', 'claude-code', '-y', '--copy'], project)
  const installed = join(project, '.claude', 'skills', SKILL)
  const source = join(root, 'skills', SKILL)
  const same =
    existsSync(installed) &&
    JSON.stringify(filesUnder(installed)) === JSON.stringify(filesUnder(source)) &&
    filesUnder(source).every(file =>
      readFileSync(join(installed, file)).equals(readFileSync(join(source, file)))
    )
  check(
    `installed into ${relative(work, installed)} for claude-code, every file as in the repository`,
    same,
    existsSync(installed) ? filesUnder(installed).join(', ') : 'nothing installed'
  )

  const { startSimulator } = await import(pathToFileURL(join(root, 'dist', 'sim.js')).href)
  sim = await startSimulator({
    keys: [{ key: KEY, balance: 1000 }],
    durationsMs: { submittedMs: 1000, totalMs: 2000 }
  })
  /** The installed script, from the project folder, with only the key and the simulator's URL. */
  const skillRun = async args => {
    const child = await run(
      process.execPath,
      [join(installed, 'scripts', 'run-workflow.mjs'), ...args],
      {
        cwd: project,
        env: { PATH: process.env.PATH, AIVIDEO_API_KEY: KEY, AIVIDEO_BASE_URL: sim.url }
      }
    ).catch(error => error)
    const code = typeof child.code === 'number' ? child.code : 0
    let envelope = null
    try {
      envelope = JSON.parse(child.stdout)
    } catch {
      // Reported below: stdout must be one envelope.
    }
    return { code, envelope, output: `${child.stdout}${child.stderr}` }
  }
  const expectRun = async (name, args, expected) => {
    const result = await skillRun(args)
    const ok =
      result.code === expected.code &&
      result.envelope !== null &&
      Object.entries(expected.envelope).every(([key, value]) => result.envelope[key] === value)
    check(name, ok, `exit ${result.code}: ${result.output.slice(0, 2000)}`)
    return result.envelope
  }

  const done = await expectRun(
    'seed command 1: --model t2v --payload ... runs to COMPLETED',
    ['--model', 't2v', '--payload', PAYLOAD],
    { code: 0, envelope: { ok: true, status: 'COMPLETED' } }
  )
  const taskId = done?.taskId ?? 'ck-missing'
  await expectRun(
    'seed command 2: --action getStatus --taskId',
    ['--action', 'getStatus', '--taskId', taskId],
    {
      code: 0,
      envelope: { ok: true, status: 'COMPLETED', taskId }
    }
  )
  await expectRun(
    'seed command 3: --action getTask --taskId',
    ['--action', 'getTask', '--taskId', taskId],
    {
      code: 0,
      envelope: { ok: true, status: 'COMPLETED', taskId }
    }
  )
  // Cancel needs a task still SUBMITTED: one created without waiting.
  const created = await expectRun(
    'a task created without waiting (--action createGeneration) is SUBMITTED',
    ['--action', 'createGeneration', '--model', 't2v', '--payload', PAYLOAD],
    { code: 0, envelope: { ok: true, status: 'SUBMITTED' } }
  )
  const submitted = created?.taskId ?? 'ck-missing'
  await expectRun(
    'seed command 4: --action cancelTask --taskId cancels it',
    ['--action', 'cancelTask', '--taskId', submitted],
    { code: 0, envelope: { ok: true, status: 'CANCEL', taskId: submitted } }
  )
  const stats = sim.stats()
  check(
    'the simulator saw two tasks: one COMPLETED, one cancelled and refunded',
    stats.tasks.length === 2 &&
      stats.tasks.find(task => task.id === taskId)?.status === 'COMPLETED' &&
      stats.tasks.find(task => task.id === submitted)?.status === 'CANCEL' &&
      stats.credits.refunded === 15,
    JSON.stringify(stats.tasks)
  )
} catch (error) {
  check('the check ran to its end', false, String(error?.stack ?? error))
} finally {
  await sim?.stop()
  rmSync(work, { recursive: true, force: true })
}
console.log(`${passed} passed, ${failed} failed`)
process.exitCode = failed === 0 ? 0 : 1
