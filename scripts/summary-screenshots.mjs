// Renders the job summaries users see (a run, a TIMEOUT, a batch with a failed and an invalid
// item) from real steps of the built action (dist/) against the simulator, then screenshots
// them the way GitHub renders Markdown (cmark-gfm + headless Chromium, through
// ../shared/tools/render-markdown) into docs/summary-*.png, which docs/action.md shows.
//
//   npm run build && node scripts/summary-screenshots.mjs
import { execFileSync } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { runAction } from './emulate-runner.mjs'
import { BATCH_INPUTS, t2v, writeScreenshotBatch } from './screenshot-batch.mjs'
import { startSimulator } from '../dist/sim.js'

const RENDER = resolve('../shared/tools/render-markdown')
const KEY = 'demo-key'
const sim = await startSimulator({
  keys: [{ key: KEY, balance: 1000, generationRequestsPerMinute: -1 }],
  durationsMs: { submittedMs: 200, totalMs: 600 },
  videoBytes: 4096
})
const workspace = await mkdtemp(join(tmpdir(), 'aivideo-screenshots-'))
const common = { 'api-key': KEY, 'base-url': sim.url, 'poll-interval': '100ms' }
try {
  const steps = {
    run: {
      ...common,
      model: 't2v',
      payload: t2v(
        'a red fox running through fresh snow at dawn, slow motion, golden light on the frost, the camera tracking low beside it'
      ),
      'max-credits': '20',
      download: 'out/fox.mp4'
    },
    timeout: {
      ...common,
      model: 't2v',
      payload: t2v('an owl blinking on a snowy branch', '9:16'),
      'wait-timeout': '300ms',
      'fail-on-error': 'false'
    },
    batch: { ...common, ...BATCH_INPUTS }
  }
  await writeScreenshotBatch(workspace)
  for (const [name, inputs] of Object.entries(steps)) {
    const step = await runAction({ script: 'dist/index.js', workspace, inputs })
    const markdown = join(workspace, `${name}.md`)
    await writeFile(markdown, step.summary)
    execFileSync(RENDER, [markdown, resolve(`docs/summary-${name}.png`), '1012'], {
      stdio: 'inherit'
    })
  }
} finally {
  await sim.stop()
  await rm(workspace, { recursive: true, force: true })
}
