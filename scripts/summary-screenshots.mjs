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
const t2v = (prompt, aspectRatio = '16:9') => JSON.stringify({ prompt, aspectRatio, duration: '5' })
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
    batch: {
      ...common,
      'batch-file': 'batch.json',
      download: 'out/videos',
      'continue-on-invalid': 'true',
      'fail-on-error': 'false'
    }
  }
  const items = [
    ['fox-day', 'a red fox in snow'],
    ['fox-night', 'a red fox under the northern lights'],
    ['owl', 'an owl blinking [sim:fail]'],
    ['heron', 'a heron fishing at dusk'],
    ['otter', 'an otter floating on its back'],
    ['lynx', 'a lynx walking through a birch forest']
  ].map(([name, prompt]) => ({ name, model: 't2v', payload: JSON.parse(t2v(prompt)) }))
  // An invalid item (no such duration), sent nothing: its long error folds away.
  items.push({
    name: 'moose',
    model: 't2v',
    payload: { prompt: 'a moose wading across a misty lake', aspectRatio: '4:3', duration: '7' }
  })
  await writeFile(join(workspace, 'batch.json'), JSON.stringify(items))
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
