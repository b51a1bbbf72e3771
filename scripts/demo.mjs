// npm run demo: the real action bundle (dist/index.js), run the way the GitHub runner runs it,
// against the bundled AIVideoMaker simulator. Offline, no key, no credits.
import { spawnSync } from 'node:child_process'
import { mkdir, writeFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { join, relative } from 'node:path'
import { REPO_ROOT, runAction } from './emulate-runner.mjs'

const DIST = ['dist/index.js', 'dist/post.js', 'dist/sim.js']
if (DIST.some(file => !existsSync(join(REPO_ROOT, file)))) {
  console.log('dist/ is incomplete: building it first (npm run build)')
  const build = spawnSync(process.execPath, ['scripts/build.mjs'], {
    cwd: REPO_ROOT,
    stdio: 'inherit'
  })
  if (build.status !== 0) process.exit(build.status ?? 1)
}

const { startSimulator } = await import('../dist/sim.js')
const KEY = 'demo-key-not-a-secret'
// 120 simulated seconds per real second: the ~6.5 minute t2v task takes about 3 seconds.
const sim = await startSimulator({ keys: [{ key: KEY, balance: 500 }], speed: 120 })
const workspace = REPO_ROOT
const outDir = join(workspace, 'demo-output')
await mkdir(outDir, { recursive: true })

console.log(`Simulator listening on ${sim.url}`)
console.log(`Running dist/index.js with workspace ${workspace} (Node ${process.version})\n`)
let ok = false
try {
  const result = await runAction({
    script: 'dist/index.js',
    workspace,
    inputs: {
      model: 't2v',
      payload: JSON.stringify({
        prompt: 'a red fox running through fresh snow',
        aspectRatio: '16:9',
        duration: '5'
      }),
      'api-key': KEY,
      'base-url': sim.url,
      'poll-interval': '250ms',
      'max-credits': '20',
      download: 'demo-output/fox.mp4'
    }
  })
  const log = result.stdout
    .split('\n')
    .filter(line => line !== '' && !line.startsWith('::add-mask::'))
    .map(line => `  | ${line}`)
  console.log(`Step log:\n${log.join('\n')}\n`)
  const envelope = JSON.parse(result.outputs.envelope ?? 'null')
  ok = result.code === 0 && envelope?.ok === true
  const shown = envelope?.data
    ? { ...envelope, data: { ...envelope.data, task: '(full task detail, left out here)' } }
    : envelope
  console.log(`Envelope (step output "envelope"):\n${JSON.stringify(shown, null, 2)}\n`)
  const summary = join(outDir, 'summary.md')
  await writeFile(summary, result.summary)
  console.log(`Exit code:     ${result.code} (${Math.round(result.durationMs)} ms)`)
  console.log(
    `Job summary:   ${relative(process.cwd(), summary) || summary} (what the step wrote to GITHUB_STEP_SUMMARY)`
  )
  console.log(`Video:         ${result.outputs.videoPath || '(not downloaded)'}`)
  console.log(`Result link:   ${result.outputs.videoUrl || '(none)'}`)
  const stats = sim.stats()
  console.log(
    `Simulator:     ${stats.totalRequests} requests, ${stats.creations} task created, ${stats.credits.charged} credits charged`
  )
} finally {
  await sim.stop()
}
console.log(ok ? '\nDemo OK' : '\nDemo FAILED')
process.exitCode = ok ? 0 : 1
