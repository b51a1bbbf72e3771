// Batch polling benchmark (`npm run bench`): the same batch, waited for two ways, against
// the simulator at a time scale with upstream's limit of 60 task queries per minute per IP.
//
//   per-task  each task polls GET /tasks/{id}/status on its own backoff, as the seed's
//             workflow does (5 s, x1.5, capped at 30 s, honouring Retry-After)
//   batch     runBatch: one GET /tasks per cycle through the shared request budget
//
// Writes bench/results.json and prints a Markdown table. Exits 1 when the batch strategy
// misses a target at N = 100 (zero 429s, at most 1/10 of per-task's query requests,
// p95 detection within one poll-interval cap).
import { spawn } from 'node:child_process'
import { mkdir, rm, writeFile } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { build } from 'esbuild'

const HERE = dirname(fileURLToPath(import.meta.url))
const ROOT = join(HERE, '..')
const WORK = join(HERE, '.work')

/** Simulated seconds per real second: a 6.5-minute t2v task takes 6.5 s. */
const SPEED = 60
const SIM_MINUTE_MS = 60_000 / SPEED
const QUERY_LIMIT = 60
const POLL_START_MS = 5_000 / SPEED
const POLL_CAP_MS = 30_000 / SPEED
const WAIT_TIMEOUT_MS = (30 * 60_000) / SPEED
const CONCURRENCY = 4
const SIZES = [10, 50, 100]
const KEY = 'bench-key-0001'

/** A mix of upstream's generation times: t2v 5 s (390 s), t2v 8 s (480 s), t2v_v3 (210 s). */
const JOBS = [
  { model: 't2v', payload: { aspectRatio: '16:9', duration: '5' } },
  { model: 't2v', payload: { aspectRatio: '9:16', duration: '8' } },
  { model: 't2v_v3', payload: { aspectRatio: '1:1', duration: '5' } }
]

function batchOf(n) {
  return Array.from({ length: n }, (_, i) => {
    const job = JOBS[i % JOBS.length]
    return {
      name: `clip-${i + 1}`,
      model: job.model,
      payload: { ...job.payload, prompt: `benchmark clip ${i + 1}` }
    }
  })
}

/** Bundles src/ (library plus batch API, and the simulator) the way dist/ is built. */
async function bundle() {
  await mkdir(WORK, { recursive: true })
  const common = {
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);"
    }
  }
  await Promise.all([
    build({
      ...common,
      stdin: {
        contents: [
          "export * from './src/index.ts'",
          "export { runBatch } from './src/core/batch/batch.ts'",
          "export { waitForTasks } from './src/core/watch/wait-many.ts'"
        ].join('\n'),
        resolveDir: ROOT,
        loader: 'ts',
        sourcefile: 'bench-entry.ts'
      },
      outfile: join(WORK, 'lib.mjs')
    }),
    build({
      ...common,
      entryPoints: [join(ROOT, 'src/sim/index.ts')],
      outfile: join(WORK, 'sim.mjs')
    })
  ])
  const lib = await import(pathToFileURL(join(WORK, 'lib.mjs')).href)
  const sim = await import(pathToFileURL(join(WORK, 'sim.mjs')).href)
  return { lib, sim }
}

function startSim(sim) {
  return sim.startSimulator({
    speed: SPEED,
    queryLimit: QUERY_LIMIT,
    // Creation is not what is measured: no per-key creation limit.
    keys: [{ key: KEY, balance: 10_000_000, generationRequestsPerMinute: -1 }]
  })
}

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms))

/** Creates every item with CONCURRENCY creations in flight, calling `onCreated` for each. */
async function createAll(client, items, onCreated) {
  const queue = [...items]
  const worker = async () => {
    for (let item = queue.shift(); item; item = queue.shift()) {
      const created = await client.createGeneration(item.model, item.payload, {
        idempotencyKey: `bench-${item.name}-${process.pid}`
      })
      if (!created.ok) throw new Error(`create failed: ${created.errorMessage}`)
      onCreated(created.taskId)
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker))
}

/** The seed's way: every task polls its own status, with no budget shared between them. */
async function runPerTask(lib, url, items) {
  const client = lib.createClient({
    apiKey: KEY,
    baseUrl: url,
    maxRetries: 0,
    queryBudget: new lib.RequestBudget({ limit: 1e9, windowMs: 1000, burst: 1e9 })
  })
  const detected = new Map()
  const loops = []
  const deadline = Date.now() + WAIT_TIMEOUT_MS
  const poll = async taskId => {
    let delay = POLL_START_MS
    while (Date.now() < deadline) {
      await sleep(delay)
      const answer = await client.getStatus(taskId)
      if (answer.ok && ['COMPLETED', 'FAILED', 'CANCEL'].includes(answer.status)) {
        detected.set(taskId, Date.now())
        return
      }
      const retryAfterMs = answer.retryAfter === null ? 0 : answer.retryAfter * 1000
      delay = Math.max(Math.min(POLL_CAP_MS, delay * 1.5), retryAfterMs)
    }
  }
  await createAll(client, items, taskId => loops.push(poll(taskId)))
  await Promise.all(loops)
  return detected
}

/** This project's way: runBatch, one list request per cycle through the shared budget. */
async function runBatchStrategy(lib, url, items) {
  const client = lib.createClient({
    apiKey: KEY,
    baseUrl: url,
    queryBudget: new lib.RequestBudget({ limit: QUERY_LIMIT, windowMs: SIM_MINUTE_MS })
  })
  const detected = new Map()
  const result = await lib.runBatch(items, {
    client,
    concurrency: CONCURRENCY,
    waitTimeoutMs: WAIT_TIMEOUT_MS,
    pollIntervalMs: POLL_START_MS,
    maxPollIntervalMs: POLL_CAP_MS,
    idempotencyKeyBase: `bench-${process.pid}`,
    onProgress: ({ event }) => {
      if (event.type === 'status' && ['COMPLETED', 'FAILED', 'CANCEL'].includes(event.status)) {
        detected.set(event.taskId, Date.now())
      }
    }
  })
  if (!result.ok) throw new Error(`batch failed: ${result.errorMessage}`)
  return detected
}

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]
}

async function measure(libs, strategy, n) {
  const sim = await startSim(libs.sim)
  try {
    const started = Date.now()
    const run = strategy === 'batch' ? runBatchStrategy : runPerTask
    const detected = await run(libs.lib, sim.url, batchOf(n))
    const wallMs = Date.now() - started
    const stats = sim.stats()
    const lags = stats.tasks.map(task => {
      const seen = detected.get(task.id)
      if (seen === undefined || task.terminalAtMs === null)
        throw new Error(`task ${task.id} was never seen finished`)
      return Math.max(0, seen - task.terminalAtMs)
    })
    const p95 = percentile(lags, 95)
    return {
      tasks: stats.tasks.length,
      queryRequests: stats.queryRequests,
      rateLimited: stats.rateLimited,
      p95DetectMs: { simulated: Math.round(p95 * SPEED), real: p95 },
      wallMs: { real: wallMs, simulated: wallMs * SPEED },
      creditsCharged: stats.credits.charged
    }
  } finally {
    await sim.stop()
  }
}

/** Peak RSS of a child process that runs a 100-task batch (or, with 0, only loads the bundle). */
function childRss(url, tasks) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [fileURLToPath(import.meta.url), '--rss-child', url, String(tasks)],
      {
        stdio: ['ignore', 'pipe', 'inherit']
      }
    )
    let out = ''
    child.stdout.on('data', chunk => (out += chunk))
    child.on('error', reject)
    child.on('close', code =>
      code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`rss child exited ${code}`))
    )
  })
}

async function rssChild(url, tasks) {
  const lib = await import(pathToFileURL(join(WORK, 'lib.mjs')).href)
  if (tasks > 0) await runBatchStrategy(lib, url, batchOf(tasks))
  process.stdout.write(JSON.stringify({ tasks, maxRssKb: process.resourceUsage().maxRSS }))
}

function table(results) {
  const rows = [
    '| N | strategy | query requests | 429s | p95 detection (simulated) | p95 detection (real) | wall (real) | credits |',
    '| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |'
  ]
  for (const n of SIZES) {
    for (const strategy of ['per-task', 'batch']) {
      const r = results[strategy][n]
      rows.push(
        `| ${n} | ${strategy} | ${r.queryRequests} | ${r.rateLimited} | ${(r.p95DetectMs.simulated / 1000).toFixed(1)} s | ${r.p95DetectMs.real} ms | ${(r.wallMs.real / 1000).toFixed(1)} s | ${r.creditsCharged} |`
      )
    }
  }
  return rows.join('\n')
}

async function main() {
  const began = Date.now()
  const libs = await bundle()
  const results = { 'per-task': {}, batch: {} }
  for (const n of SIZES) {
    for (const strategy of ['per-task', 'batch']) {
      results[strategy][n] = await measure(libs, strategy, n)
      const r = results[strategy][n]
      console.error(
        `N=${n} ${strategy}: ${r.queryRequests} queries, ${r.rateLimited} x 429, p95 ${r.p95DetectMs.real} ms`
      )
    }
  }
  const sim = await startSim(libs.sim)
  let peakRss
  try {
    const baseline = await childRss(sim.url, 0)
    const loaded = await childRss(sim.url, 100)
    peakRss = { tasks: 100, maxRssMb: toMb(loaded.maxRssKb), baselineMb: toMb(baseline.maxRssKb) }
  } finally {
    await sim.stop()
  }
  const perTask = results['per-task'][100]
  const batch = results.batch[100]
  const targets = {
    zeroRateLimited: batch.rateLimited === 0,
    queryRatio: Number((batch.queryRequests / perTask.queryRequests).toFixed(3)),
    atMostTenthOfQueries: batch.queryRequests * 10 <= perTask.queryRequests,
    p95WithinCap: batch.p95DetectMs.simulated <= 30_000
  }
  const report = {
    generatedAt: new Date().toISOString(),
    machine: { node: process.version, cpus: availableParallelism(), platform: process.platform },
    config: {
      speed: SPEED,
      queryLimit: `${QUERY_LIMIT} per simulated minute per IP (${SIM_MINUTE_MS} ms real)`,
      pollIntervalMs: { simulated: 5_000, cap: 30_000 },
      concurrency: CONCURRENCY,
      jobs: 'round robin of t2v 5 s (390 s), t2v 8 s (480 s), t2v_v3 5 s (210 s) simulated generation time'
    },
    results,
    targets,
    peakRss,
    benchMs: Date.now() - began
  }
  await writeFile(join(HERE, 'results.json'), `${JSON.stringify(report, null, 2)}\n`)
  console.log(table(results))
  console.log(
    `\nPeak RSS, one process holding ${peakRss.tasks} tasks: ${peakRss.maxRssMb} MB (bundle loaded, idle: ${peakRss.baselineMb} MB)`
  )
  const met = targets.zeroRateLimited && targets.atMostTenthOfQueries && targets.p95WithinCap
  console.log(
    `Targets at N=100 (batch): 429s ${batch.rateLimited}, queries ${targets.queryRatio} of per-task, p95 ${(batch.p95DetectMs.simulated / 1000).toFixed(1)} s <= 30 s: ${met ? 'met' : 'MISSED'}`
  )
  console.log(`Finished in ${((Date.now() - began) / 1000).toFixed(0)} s; wrote bench/results.json`)
  if (!met) process.exitCode = 1
}

function toMb(kb) {
  return Math.round((kb / 1024) * 10) / 10
}

if (process.argv[2] === '--rss-child') await rssChild(process.argv[3], Number(process.argv[4]))
else {
  try {
    await main()
  } finally {
    // The bundles are throwaway; left behind, `eslint .` would lint them.
    await rm(WORK, { recursive: true, force: true })
  }
}
