// Incremental media build benchmark (`npm run bench:incremental`): a pull request with a
// 20-item manifest and 10 pushes, the first rendering everything and each later one
// changing one item, run through the action's real bundle (the runner emulation, a new
// workspace and run id per push) against one simulator, side by side:
//   today:       idempotency-key auto, no cache-dir: every push pays for every video;
//   with cache:  cache-dir kept between pushes (copied out and back, as actions/cache
//                restores and saves it) and idempotency-key content.
// Then one more push that changes nothing (the cache arm): it must send no create and end
// within 10 s of real time.
//
// Writes bench/incremental.json and the table in docs/pr-media-build.md. Exits 1 when a
// target is missed (29 videos against 200; 0 creates; under 10 s; every video delivered).
import { cp, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { availableParallelism, tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { build } from 'esbuild'
import { ACTION_BUNDLE_OPTIONS, ENTRY_POINTS } from '../scripts/build-options.mjs'
import { updateGeneratedSection } from '../scripts/generated-section.mjs'
import { runAction } from '../scripts/emulate-runner.mjs'
import { bundleLibraryAndSimulator } from './bundle.mjs'
import {
  TABLE_END,
  TABLE_START,
  missedTargets,
  renderIncrementalTable
} from './incremental-table.mjs'

const HERE = dirname(fileURLToPath(import.meta.url))
const ROOT = join(HERE, '..')
const RESULTS = join(HERE, 'incremental.json')
const DOCS = join(ROOT, 'docs', 'pr-media-build.md')

const ITEMS = 20
const PUSHES = 10
const KEY = 'bench-incremental-key'
const DURATIONS_MS = { submittedMs: 200, totalMs: 1200 }
const CACHE_DIR = '.video-cache'

/** The manifest at `push` (1-based): push p > 1 gives item p - 1 (counted from 1) a new take. */
function manifestAt(push) {
  return Array.from({ length: ITEMS }, (_, i) => ({
    name: `clip-${String(i + 1).padStart(2, '0')}`,
    model: 't2v',
    payload: {
      prompt: `scene ${i + 1} of the product tour${push >= i + 2 ? ', take 2' : ''}`,
      aspectRatio: '16:9',
      duration: '5'
    }
  }))
}

async function buildAction(work) {
  await build({
    ...ACTION_BUNDLE_OPTIONS,
    entryPoints: {
      index: join(ROOT, ENTRY_POINTS.index),
      post: join(ROOT, ENTRY_POINTS.post)
    },
    outdir: join(work, 'action', 'dist')
  })
  return join(work, 'action')
}

/** One push of one arm: a fresh checkout, the cache restored, the step, the cache saved. */
async function push(arm, index, context, manifestIndex = index) {
  const workspace = await mkdtemp(join(tmpdir(), `bench-incremental-${arm.name}-`))
  try {
    await writeFile(join(workspace, 'videos.json'), JSON.stringify(manifestAt(manifestIndex)))
    if (arm.cache)
      await cp(context.savedCache, join(workspace, CACHE_DIR), { recursive: true }).catch(
        () => undefined
      )
    const before = context.sim.stats()
    const result = await runAction({
      script: 'dist/index.js',
      distRoot: context.distRoot,
      workspace,
      timeoutMs: 120_000,
      inputs: {
        'batch-file': 'videos.json',
        'api-key': KEY,
        'base-url': context.sim.url,
        'poll-interval': '250ms',
        download: 'out',
        concurrency: '8',
        ...(arm.cache ? { 'cache-dir': CACHE_DIR, 'idempotency-key': 'content' } : {})
      }
    })
    const after = context.sim.stats()
    if (result.code !== 0)
      throw new Error(`${arm.name} push ${index} failed:\n${result.stdout}\n${result.stderr}`)
    if (arm.cache) {
      await rm(context.savedCache, { recursive: true, force: true })
      await cp(join(workspace, CACHE_DIR), context.savedCache, { recursive: true })
    }
    const delivered = (await readdir(join(workspace, 'out'))).filter(name =>
      name.endsWith('.mp4')
    ).length
    const creates =
      Object.values(after.requests.create ?? {}).reduce((a, b) => a + b, 0) -
      Object.values(before.requests.create ?? {}).reduce((a, b) => a + b, 0)
    return {
      push: index,
      changed: index === 1 ? ITEMS : index > PUSHES ? 0 : 1,
      creations: after.creations - before.creations,
      creates,
      requests: after.totalRequests - before.totalRequests,
      creditsCharged: after.credits.charged - before.credits.charged,
      delivered,
      wallMs: Math.round(result.durationMs)
    }
  } finally {
    await rm(workspace, { recursive: true, force: true })
  }
}

function totalsOf(pushes) {
  return {
    creations: pushes.reduce((sum, p) => sum + p.creations, 0),
    creditsCharged: pushes.reduce((sum, p) => sum + p.creditsCharged, 0)
  }
}

async function main() {
  const work = await mkdtemp(join(tmpdir(), 'bench-incremental-'))
  try {
    await bundleLibraryAndSimulator(work, { entryPoints: [join(ROOT, 'src/index.ts')] })
    const distRoot = await buildAction(work)
    const { startSimulator } = await import(pathToFileURL(join(work, 'sim.mjs')).href)
    const sim = await startSimulator({
      keys: [{ key: KEY, balance: 1_000_000, generationRequestsPerMinute: -1 }],
      speed: 60,
      durationsMs: DURATIONS_MS
    })
    try {
      const savedCache = join(work, 'saved-cache')
      await mkdir(savedCache, { recursive: true })
      const context = { sim, distRoot, savedCache }
      const arms = { today: [], cached: [] }
      for (let index = 1; index <= PUSHES; index++) {
        for (const arm of [
          { name: 'today', cache: false },
          { name: 'cached', cache: true }
        ]) {
          const measured = await push(arm, index, context)
          arms[arm.name].push(measured)
          console.error(
            `${arm.name} push ${index}: ${measured.creations} created, ${measured.creditsCharged} credits, ${measured.delivered} videos, ${(measured.wallMs / 1000).toFixed(1)} s`
          )
        }
      }
      // One more push with the manifest of the last one: nothing changed.
      const unchanged = await push({ name: 'cached', cache: true }, PUSHES + 1, context, PUSHES)
      const report = {
        generatedAt: new Date().toISOString(),
        machine: {
          node: process.version,
          cpus: availableParallelism(),
          platform: process.platform
        },
        config: { items: ITEMS, pushes: PUSHES, durationsMs: DURATIONS_MS, speed: 60 },
        today: { pushes: arms.today, totals: totalsOf(arms.today) },
        cached: { pushes: arms.cached, totals: totalsOf(arms.cached) },
        unchangedPush: unchanged
      }
      await writeFile(RESULTS, `${JSON.stringify(report, null, 2)}\n`)
      await updateGeneratedSection({
        path: DOCS,
        start: TABLE_START,
        end: TABLE_END,
        body: renderIncrementalTable(report),
        check: false,
        staleMessage: ''
      })
      const missed = missedTargets(report)
      console.error(renderIncrementalTable(report))
      if (missed.length > 0) {
        console.error(`Targets missed: ${missed.join('; ')}`)
        process.exitCode = 1
      }
    } finally {
      await sim.stop()
    }
  } finally {
    await rm(work, { recursive: true, force: true })
  }
}

await main()
