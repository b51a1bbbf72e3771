// History benchmark (the history table of `npm run bench`): the same batches as the sizes
// table, waited for by the shared watcher while the key's list holds H finished tasks of
// upstream's size (the simulator's `history`, about 600 bytes each): H = 0, 10,000 and
// 100,000 (about 60 MB of list), at N = 50 and N = 500.
//
// Each case runs the client in a child process, so its peak RSS is the client's alone (the
// simulator, with the history, stays in this process). The child records every list read
// the client makes: a poll (1 MB cap) or a lookup by key (the batch's lineage lookup).
//
// `node bench/history.mjs` runs only this table and merges it into bench/results.json;
// `npm run bench` runs it after the others.
import { spawn } from 'node:child_process'
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { loadavg } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { bundleLibraryAndSimulator } from './bundle.mjs'
import { JOBS } from './job-mix.mjs'
import { runShared } from './shared-watcher.mjs'

const HERE = dirname(fileURLToPath(import.meta.url))
const ROOT = join(HERE, '..')
const KEY = 'bench-history-key'
const SPREAD = 0.3
export const HISTORY_SIZES = [0, 10_000, 100_000]
export const HISTORY_BATCHES = [50, 500]
/** The list poll's byte cap (src/core/watch/pending-scan.ts). */
const POLL_CAP_BYTES = 1024 * 1024

export const HISTORY_TARGETS = {
  p95DetectMs: 5_000,
  /** Queries at most this share above the H = 0 run of the same N. */
  queryGrowth: 0.1,
  peakRssMb: 200,
  /** Bytes read by any one list poll at H = 100,000. */
  pollBytes: POLL_CAP_BYTES
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

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]
}

/** The client's side of one case: runs the batch, reports detections, list reads and RSS. */
async function child(work, url, n, speed) {
  const lib = await import(pathToFileURL(join(work, 'lib.mjs')).href)
  const reads = []
  const record = client => ({
    ...client,
    scanTasks: async (visit, options) => {
      const answer = await client.scanTasks(visit, options)
      reads.push({
        kind: options?.maxBytes === POLL_CAP_BYTES ? 'poll' : 'lookup',
        end: answer.data?.end ?? answer.errorCode,
        bytes: answer.data?.bytes ?? null,
        items: answer.data?.items ?? null
      })
      return answer
    }
  })
  const detected = await runShared(lib, url, batchOf(n), { key: KEY, speed, client: record })
  process.stdout.write(
    JSON.stringify({
      detected: [...detected],
      failed: detected.failed,
      reads,
      maxRssKb: process.resourceUsage().maxRSS
    })
  )
}

function runChild(work, url, n, speed) {
  return new Promise((resolve, reject) => {
    const proc = spawn(
      process.execPath,
      [fileURLToPath(import.meta.url), '--child', work, url, String(n), String(speed)],
      { stdio: ['ignore', 'pipe', 'inherit'] }
    )
    let out = ''
    proc.stdout.on('data', chunk => (out += chunk))
    proc.on('error', reject)
    proc.on('close', code =>
      code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`history child exited ${code}`))
    )
  })
}

/** One case: a simulator whose key holds `history` tasks, and a child that runs N items. */
async function measureCase(sim, work, { history, n, speed, queryLimit }) {
  const simulator = await sim.startSimulator({
    speed,
    queryLimit,
    durationSpread: SPREAD,
    // The sizes table's seed: the same generation times as its shared-watcher row.
    seed: 1400 + n,
    history,
    keys: [{ key: KEY, balance: 100_000_000, generationRequestsPerMinute: -1 }]
  })
  try {
    const started = Date.now()
    const result = await runChild(work, simulator.url, n, speed)
    const wallMs = Date.now() - started
    const stats = simulator.stats()
    const detected = new Map(result.detected)
    const lags = stats.tasks.map(task => {
      const seen = detected.get(task.id)
      if (seen === undefined || task.terminalAtMs === null) return Infinity
      return Math.max(0, seen - task.terminalAtMs)
    })
    const simulated = ms => (Number.isFinite(ms) ? Math.round(ms * speed) : null)
    const polls = result.reads.filter(read => read.kind === 'poll')
    const pollBytes = polls.map(read => read.bytes ?? 0)
    const lookups = result.reads.filter(read => read.kind === 'lookup')
    return {
      history,
      n,
      tasks: stats.tasks.length,
      queryRequests: stats.queryRequests,
      rateLimited: stats.rateLimited,
      p95DetectMs: simulated(percentile(lags, 95)),
      maxDetectMs: simulated(Math.max(...lags)),
      wallMs: simulated(wallMs),
      listPolls: polls.length,
      pollBytesMax: pollBytes.length === 0 ? 0 : Math.max(...pollBytes),
      pollBytesMedian: pollBytes.length === 0 ? 0 : percentile(pollBytes, 50),
      pollEnds: countBy(polls.map(read => read.end)),
      lookups: lookups.map(({ end, bytes }) => ({ end, bytes })),
      unfinishedListAnswers: stats.unfinished.list ?? 0,
      peakRssMb: Math.round((result.maxRssKb / 1024) * 10) / 10,
      failedItems: result.failed
    }
  } finally {
    await simulator.stop()
  }
}

function countBy(values) {
  const counts = {}
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1
  return counts
}

/** Every case of the table (or of the `batches` sizes only), and its checks against the targets. */
export async function measureHistory({
  sim,
  work,
  speed,
  queryLimit,
  batches = HISTORY_BATCHES,
  log = console.error
}) {
  const cases = []
  for (const n of batches) {
    for (const history of HISTORY_SIZES) {
      const result = await measureCase(sim, work, { history, n, speed, queryLimit })
      cases.push(result)
      log(
        `history H=${history} N=${n}: ${result.queryRequests} queries, ${result.rateLimited} x 429, p95 ${result.p95DetectMs} ms, poll bytes max ${result.pollBytesMax}, RSS ${result.peakRssMb} MB`
      )
    }
  }
  // Real-time numbers suffer on a busy machine: say how busy it was.
  const loadAverage = loadavg().map(load => Number(load.toFixed(1)))
  return { cases, checks: judgeHistory(cases), loadAverage }
}

export function judgeHistory(cases) {
  const checks = []
  const check = (name, value, limit, met) => checks.push({ name, value, limit, met })
  for (const c of cases) {
    const label = `history H=${c.history} N=${c.n}`
    check(`${label}: 429s`, c.rateLimited, 0, c.rateLimited === 0)
    check(
      `${label}: p95 detection (ms)`,
      c.p95DetectMs,
      HISTORY_TARGETS.p95DetectMs,
      c.p95DetectMs !== null && c.p95DetectMs <= HISTORY_TARGETS.p95DetectMs
    )
    check(
      `${label}: peak RSS (MB)`,
      c.peakRssMb,
      HISTORY_TARGETS.peakRssMb,
      c.peakRssMb <= HISTORY_TARGETS.peakRssMb
    )
    const base = cases.find(other => other.n === c.n && other.history === 0)
    if (c.history > 0 && base !== undefined) {
      const limit = Math.floor(base.queryRequests * (1 + HISTORY_TARGETS.queryGrowth))
      check(
        `${label}: query requests within 10 % of H=0`,
        c.queryRequests,
        limit,
        c.queryRequests <= limit
      )
    }
    if (c.history === Math.max(...HISTORY_SIZES)) {
      check(
        `${label}: bytes read per list poll`,
        c.pollBytesMax,
        HISTORY_TARGETS.pollBytes,
        c.pollBytesMax <= HISTORY_TARGETS.pollBytes
      )
    }
  }
  return checks
}

/** Runs only the history table and merges it into bench/results.json. */
async function alone() {
  const work = join(HERE, '.work-history')
  const began = Date.now()
  await mkdir(work, { recursive: true })
  try {
    await bundleLibraryAndSimulator(work, {
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
    const sim = await import(pathToFileURL(join(work, 'sim.mjs')).href)
    const path = join(HERE, 'results.json')
    const results = JSON.parse(await readFile(path, 'utf8'))
    const { speed } = results.config
    const table = await measureHistory({ sim, work, speed, queryLimit: 60 })
    results.history = {
      generatedAt: new Date().toISOString(),
      ...table,
      benchMs: Date.now() - began
    }
    results.checks = [
      ...results.checks.filter(c => !c.name.startsWith('history ')),
      ...table.checks
    ]
    results.allMet = results.checks.every(c => c.met)
    await writeFile(path, `${JSON.stringify(results, null, 2)}\n`)
    for (const c of table.checks) {
      console.log(`${c.met ? 'met   ' : 'MISSED'} ${c.name}: ${c.value} (limit ${c.limit})`)
    }
    console.log(
      `Finished in ${((Date.now() - began) / 1000).toFixed(0)} s; merged into bench/results.json`
    )
    if (!table.checks.every(c => c.met)) process.exitCode = 1
  } finally {
    await rm(work, { recursive: true, force: true })
  }
}

if (process.argv[2] === '--child') {
  await child(process.argv[3], process.argv[4], Number(process.argv[5]), Number(process.argv[6]))
} else if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await alone()
}
