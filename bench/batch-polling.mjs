// Polling benchmark (`npm run bench`): the same batches, waited for two ways, against the
// simulator at 15x speed with upstream's limit of 60 task queries per minute per IP, and
// generation times drawn from the simulator's seeded log-normal (30 % spread).
//
//   per-task  each task polls GET /tasks/{id}/status on its own backoff, as the seed's
//             workflow does (5 s, x1.5, capped at 30 s, honouring Retry-After)
//   shared    runBatch: the one watcher (list while several tasks are pending, ETA-aware
//             schedule) through the shared request budget
//
// Plus a soak case (300 items, transient faults on every route), the peak RSS of a
// process running N = 500, and the history table (bench/history.mjs: the key's list
// holding 0, 10,000 or 100,000 earlier tasks). Writes bench/results.json, prints the tables, and exits 1 when
// the shared watcher misses any target. `node scripts/bench-tables.mjs` renders the docs.
// `--only sizes=1,100`, `--only soak`, `--only rss`, `--only history[=500]` (repeatable)
// re-measures those parts alone and merges them into bench/results.json; `--only checks`
// only judges the stored results again.
import { spawn } from 'node:child_process'
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { availableParallelism, loadavg } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { bundleLibraryAndSimulator } from './bundle.mjs'
import { JOBS } from './job-mix.mjs'
import { HISTORY_BATCHES, judgeHistory, measureHistory } from './history.mjs'
import { runShared as runSharedWatcher } from './shared-watcher.mjs'

const HERE = dirname(fileURLToPath(import.meta.url))
const ROOT = join(HERE, '..')
const WORK = join(HERE, '.work')

/**
 * Simulated seconds per real second: a 6.5-minute t2v task takes 26 s. Faster would make
 * a few real milliseconds of event-loop delay (on a busy machine) count for too much of a
 * 5-second target.
 */
const SPEED = 15
const QUERY_LIMIT = 60
const POLL_START_MS = 5_000 / SPEED
const POLL_CAP_MS = 30_000 / SPEED
const WAIT_TIMEOUT_MS = (60 * 60_000) / SPEED
const CONCURRENCY = 8
const SIZES = [1, 10, 50, 100, 500]
const SPREAD = 0.3
const SOAK_ITEMS = 300
const RSS_ITEMS = 500
const KEY = 'bench-key-0001'

/** Targets for the shared watcher (simulated times). */
const TARGETS = {
  p95DetectMs: 5_000,
  queryShareAt100: 0.1,
  wallOverLongestMs: 10_000,
  peakRssMb: 150
}

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
  await bundleLibraryAndSimulator(WORK, {
    stdin: {
      contents: [
        "export * from './src/index.ts'",
        "export { runBatch } from './src/core/batch/batch.ts'"
      ].join('\n'),
      resolveDir: ROOT,
      loader: 'ts',
      sourcefile: 'bench-entry.ts'
    }
  })
  return loadBundles()
}

async function loadBundles() {
  const lib = await import(pathToFileURL(join(WORK, 'lib.mjs')).href)
  const sim = await import(pathToFileURL(join(WORK, 'sim.mjs')).href)
  // Compiles the validators once, so the first measured batch does not pay for it.
  for (const job of JOBS) lib.validateRequest(job.model, { ...job.payload, prompt: 'warm-up' })
  return { lib, sim }
}

function startSim(sim, seed, faults = []) {
  return sim.startSimulator({
    speed: SPEED,
    queryLimit: QUERY_LIMIT,
    durationSpread: SPREAD,
    seed,
    faults,
    // Creation is not what is measured: no per-key creation limit.
    keys: [{ key: KEY, balance: 100_000_000, generationRequestsPerMinute: -1 }]
  })
}

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms))
const isTerminal = status => ['COMPLETED', 'FAILED', 'CANCEL'].includes(status)

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
      if (answer.ok && isTerminal(answer.status)) {
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

/** This project's way: runBatch and its one watcher, through the shared budget. */
function runShared(lib, url, items) {
  return runSharedWatcher(lib, url, items, { key: KEY, speed: SPEED })
}

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]
}

/** Real ms to simulated ms; null for a task never detected. */
const simulated = realMs => (Number.isFinite(realMs) ? Math.round(realMs * SPEED) : null)
const within = (value, limit) => value !== null && value <= limit

async function measure(libs, strategy, n, seed, faults) {
  const sim = await startSim(libs.sim, seed, faults)
  try {
    const started = Date.now()
    const run = strategy === 'shared' ? runShared : runPerTask
    const detected = await run(libs.lib, sim.url, batchOf(n))
    const wallMs = Date.now() - started
    const stats = sim.stats()
    // A task never seen finished counts as never detected.
    const lags = stats.tasks.map(task => {
      const seen = detected.get(task.id)
      if (seen === undefined || task.terminalAtMs === null) return Infinity
      return Math.max(0, seen - task.terminalAtMs)
    })
    const longest = Math.max(...stats.tasks.map(t => t.terminalAtMs - t.createdAtMs))
    return {
      tasks: stats.tasks.length,
      creations: stats.creations,
      queryRequests: stats.queryRequests,
      rateLimited: stats.rateLimited,
      p95DetectMs: simulated(percentile(lags, 95)),
      maxDetectMs: simulated(Math.max(...lags)),
      wallMs: simulated(wallMs),
      longestGenerationMs: simulated(longest),
      realWallMs: wallMs,
      creditsCharged: stats.credits.charged,
      failedItems: detected.failed ?? [],
      faultAnswers: faultAnswers(stats)
    }
  } finally {
    await sim.stop()
  }
}

/** Answers the faults replaced (any status >= 500, drops and resets), per route. */
function faultAnswers(stats) {
  const out = {}
  for (const [route, outcomes] of Object.entries(stats.requests)) {
    const count = Object.entries(outcomes)
      .filter(([outcome]) => !/^[1-4]\d\d$/.test(outcome))
      .reduce((sum, [, value]) => sum + value, 0)
    if (count > 0) out[route] = count
  }
  return out
}

/** Peak RSS of a child process that runs a batch of `tasks` (or, with 0, only loads the bundle). */
function childRss(url, tasks) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [fileURLToPath(import.meta.url), '--rss-child', url, String(tasks)],
      { stdio: ['ignore', 'pipe', 'inherit'] }
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
  const { lib } = await loadBundles()
  if (tasks > 0) await runShared(lib, url, batchOf(tasks))
  process.stdout.write(JSON.stringify({ tasks, maxRssKb: process.resourceUsage().maxRSS }))
}

const toMb = kb => Math.round((kb / 1024) * 10) / 10

/** The soak's faults: transient ones on every route the batch uses. */
const SOAK_FAULTS = [
  { route: 'create', kind: 'http-error', status: 503, times: 20 },
  { route: 'list', kind: 'drop', times: 8 },
  { route: 'detail', kind: 'reset-mid-body', times: 8 },
  { route: 'status', kind: 'http-error', status: 502, times: 10 }
]

/**
 * Issue 14's two query targets that its p95 target rules out (docs/polling.md, "Detection
 * against queries"): still judged as written, and marked, until the issue's owner says which
 * gives way. To detect a finish within 5 s, a watcher that cannot know when a task ends
 * must poll at least every 5 s while tasks can plausibly end: one task (±30 %) alone takes
 * about 40 such polls, more than per-task's 30 s backoff spends; at N = 100 completions span
 * most of the run, and a tenth of per-task's count (held down by 429s) is one poll per 10 s.
 */
const P95_CONFLICT = 'p95 detection <= 5 s'

function judge(sizes, soak, peakRss) {
  const checks = []
  const check = (name, value, limit, met, extra = {}) =>
    checks.push({ name, value, limit, met, ...extra })
  for (const n of SIZES) {
    const { shared, 'per-task': perTask } = sizes[n]
    check(`N=${n}: 429s`, shared.rateLimited, 0, shared.rateLimited === 0)
    check(
      `N=${n}: p95 detection (ms)`,
      shared.p95DetectMs,
      TARGETS.p95DetectMs,
      within(shared.p95DetectMs, TARGETS.p95DetectMs)
    )
    check(
      `N=${n}: p95 detection vs per-task (ms)`,
      shared.p95DetectMs,
      perTask.p95DetectMs,
      within(shared.p95DetectMs, perTask.p95DetectMs ?? Infinity)
    )
    check(
      `N=${n}: query requests vs per-task`,
      shared.queryRequests,
      perTask.queryRequests,
      shared.queryRequests <= perTask.queryRequests,
      n === 1 ? { conflict: P95_CONFLICT } : {}
    )
    check(
      `N=${n}: wall vs longest generation + 10 s (ms)`,
      shared.wallMs,
      shared.longestGenerationMs + TARGETS.wallOverLongestMs,
      shared.wallMs <= shared.longestGenerationMs + TARGETS.wallOverLongestMs
    )
  }
  const at100 = sizes[100]
  const limit100 = Math.floor(at100['per-task'].queryRequests * TARGETS.queryShareAt100)
  check(
    'N=100: query requests <= 1/10 of per-task',
    at100.shared.queryRequests,
    limit100,
    at100.shared.queryRequests <= limit100,
    { conflict: P95_CONFLICT }
  )
  check(
    'soak: p95 detection (ms)',
    soak.p95DetectMs,
    TARGETS.p95DetectMs,
    within(soak.p95DetectMs, TARGETS.p95DetectMs)
  )
  check('soak: creations = items', soak.creations, SOAK_ITEMS, soak.creations === SOAK_ITEMS)
  check(
    `peak RSS at N=${RSS_ITEMS} (MB)`,
    peakRss.maxRssMb,
    TARGETS.peakRssMb,
    peakRss.maxRssMb <= TARGETS.peakRssMb
  )
  return checks
}

/**
 * The parts of the bench, each measured and stored on its own (see `--only`); `checks`
 * measures nothing and judges the stored results again (after a target changed).
 */
const PARTS = ['sizes', 'soak', 'rss', 'history', 'checks']

async function measureSizes(libs, sizes, ns) {
  for (const n of ns) {
    sizes[n] = {}
    for (const strategy of ['per-task', 'shared']) {
      // The same seed for both: the same generation times in the same creation order.
      const r = await measure(libs, strategy, n, 1400 + n, [])
      sizes[n][strategy] = r
      console.error(
        `N=${n} ${strategy}: ${r.queryRequests} queries, ${r.rateLimited} x 429, p95 ${r.p95DetectMs} ms, wall ${r.wallMs} ms (longest ${r.longestGenerationMs} ms)`
      )
    }
  }
}

async function measurePeakRss(libs) {
  const sim = await startSim(libs.sim, 2024)
  try {
    const baseline = await childRss(sim.url, 0)
    const loaded = await childRss(sim.url, RSS_ITEMS)
    return {
      tasks: RSS_ITEMS,
      maxRssMb: toMb(loaded.maxRssKb),
      baselineMb: toMb(baseline.maxRssKb)
    }
  } finally {
    await sim.stop()
  }
}

/**
 * Measures the parts `only` names (all when null) and writes bench/results.json. A partial
 * run merges into the file: what it did not measure stays from the earlier run, the checks
 * are judged again over the merged whole, and `reruns` says what was re-measured when.
 */
async function main(only) {
  const began = Date.now()
  const libs = await bundle()
  const path = join(HERE, 'results.json')
  const earlier = only === null ? null : JSON.parse(await readFile(path, 'utf8'))
  const sizes = earlier?.sizes ?? {}
  const wants = part => only === null || only.has(part)
  if (wants('sizes')) await measureSizes(libs, sizes, only?.get('sizes') ?? SIZES)
  let soak = earlier?.soak
  if (wants('soak')) {
    soak = await measure(libs, 'shared', SOAK_ITEMS, 1999, SOAK_FAULTS)
    console.error(`soak: ${JSON.stringify(soak)}`)
  }
  const peakRss = wants('rss') ? await measurePeakRss(libs) : earlier.peakRss
  let history = earlier?.history
  if (wants('history')) {
    const historyBegan = Date.now()
    const table = await measureHistory({
      sim: libs.sim,
      work: WORK,
      speed: SPEED,
      queryLimit: QUERY_LIMIT,
      batches: only?.get('history') ?? undefined
    })
    const kept = (history?.cases ?? []).filter(
      c => !table.cases.some(m => m.n === c.n && m.history === c.history)
    )
    const cases = [...kept, ...table.cases].sort((a, b) => a.n - b.n || a.history - b.history)
    history = {
      generatedAt: new Date().toISOString(),
      cases,
      loadAverage: table.loadAverage,
      benchMs: Date.now() - historyBegan
    }
  }
  const checks = [...judge(sizes, soak, peakRss), ...judgeHistory(history.cases)]
  // Real-time numbers suffer on a busy machine: say how busy it was.
  const loadAverage = loadavg().map(load => Number(load.toFixed(1)))
  const report = {
    generatedAt: earlier?.generatedAt ?? new Date().toISOString(),
    machine: {
      node: process.version,
      cpus: availableParallelism(),
      platform: process.platform,
      loadAverage: earlier?.machine.loadAverage ?? loadAverage
    },
    config: {
      speed: SPEED,
      queryLimit: `${QUERY_LIMIT} per simulated minute per IP`,
      pollIntervalMs: { perTask: 5_000, shared: 4_000 },
      maxPollIntervalMs: 30_000,
      concurrency: CONCURRENCY,
      durations: `log-normal, spread ${SPREAD}, seed 1400 + N, around t2v 5 s (390 s), t2v 8 s (480 s), t2v_v3 (210 s), round robin`,
      soak: { items: SOAK_ITEMS, faults: SOAK_FAULTS },
      times: 'simulated milliseconds unless named real'
    },
    sizes,
    soak,
    peakRss,
    history,
    checks,
    allMet: checks.every(c => c.met),
    benchMs: earlier?.benchMs ?? Date.now() - began,
    ...(only === null || onlyText(only) === 'checks'
      ? { reruns: earlier?.reruns }
      : {
          reruns: [
            ...(earlier.reruns ?? []),
            {
              at: new Date().toISOString(),
              only: onlyText(only),
              loadAverage,
              benchMs: Date.now() - began
            }
          ]
        })
  }
  await writeFile(path, `${JSON.stringify(report, null, 2)}\n`)
  for (const c of checks)
    console.log(
      `${c.met ? 'met   ' : 'MISSED'} ${c.name}: ${c.value} (limit ${c.limit})${c.conflict && !c.met ? `, conflicts with ${c.conflict}` : ''}`
    )
  console.log(
    `Finished in ${((Date.now() - began) / 1000).toFixed(0)} s; ${only === null ? 'wrote' : 'merged into'} bench/results.json`
  )
  if (!report.allMet) process.exitCode = 1
}

/**
 * `--only sizes=1,100 --only history=500 --only soak --only rss`: the parts to measure,
 * each with the batch sizes to run (null: all of that part's).
 */
function parseOnly(values) {
  const only = new Map()
  for (const value of values) {
    const [part, list] = value.split('=')
    if (!PARTS.includes(part)) throw new Error(`--only ${value}: the parts are ${PARTS.join(', ')}`)
    const known = part === 'sizes' ? SIZES : part === 'history' ? HISTORY_BATCHES : []
    const ns = list === undefined ? null : list.split(',').map(Number)
    if (ns !== null && !ns.every(n => known.includes(n))) {
      throw new Error(`--only ${value}: the sizes of ${part} are ${known.join(', ')}`)
    }
    only.set(part, ns)
  }
  return only
}

const onlyText = only =>
  [...only].map(([part, ns]) => (ns === null ? part : `${part}=${ns.join(',')}`)).join(' ')

if (process.argv[2] === '--bundle') await bundle()
else if (process.argv[2] === '--rss-child') await rssChild(process.argv[3], Number(process.argv[4]))
else {
  const { values } = parseArgs({ options: { only: { type: 'string', multiple: true } } })
  try {
    await main(values.only === undefined ? null : parseOnly(values.only))
  } finally {
    // The bundles are throwaway; left behind, `eslint .` would lint them.
    await rm(WORK, { recursive: true, force: true })
  }
}
