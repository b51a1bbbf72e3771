// Scale-out benchmark (`npm run bench:scale-out`): one batch of N = 1000 split across 4 legs,
// as a GitHub Actions matrix runs it with `shard: i/4`. Four processes, each taking its share
// with the core's own selection (parseBatchFile, then selectShard) and running it with
// runBatch, against ONE simulator at 60x speed.
//
// Separate runners have separate IPs, and upstream limits task queries per IP. The simulator
// counts them by the connection's source address, so each leg reaches it through its own
// relay that connects from 127.0.0.2 .. 127.0.0.5 (Linux routes all of 127/8 to loopback):
// each leg gets its own budget of 60 queries a minute, and all share the one key's creation
// limit (30 a minute), as real legs do.
//
// A second run puts all four legs behind ONE address, as self-hosted runners behind one NAT
// are: one budget of 60 queries a minute at the simulator, four clients each keeping its own.
//
// Writes bench/scale-out.json and the tables in docs/scale-out.md. Exits 1 unless, in both
// runs, every item was rendered exactly once, creations equal items and no task query got a 429.
import { spawn } from 'node:child_process'
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { createServer, connect } from 'node:net'
import { availableParallelism } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import * as prettier from 'prettier'
import { bundleLibraryAndSimulator } from './bundle.mjs'
import { JOBS } from './job-mix.mjs'
import { renderScaleOutTable, replaceScaleOutTable } from './scale-out-table.mjs'

const HERE = dirname(fileURLToPath(import.meta.url))
const ROOT = join(HERE, '..')
const WORK = join(HERE, '.work-scale-out')
const BATCH_FILE = join(WORK, 'batch.json')
const DOCS = join(ROOT, 'docs', 'scale-out.md')

const N = 1000
const LEGS = 4
/** Simulated seconds per real second: a simulated minute is one real second. */
const SPEED = 60
const SIM_MINUTE_MS = 60_000 / SPEED
const QUERY_LIMIT = 60
const CREATIONS_PER_MINUTE = 30
const CONCURRENCY = 4
const POLL_START_MS = 5_000 / SPEED
const POLL_CAP_MS = 30_000 / SPEED
/** 1000 creations at 30 a minute take 33 simulated minutes; two hours leaves room. */
const WAIT_TIMEOUT_MS = (120 * 60_000) / SPEED
const KEY = 'bench-scale-out-key'
const SOURCE_ADDRESSES = Array.from({ length: LEGS }, (_, leg) => `127.0.0.${leg + 2}`)
/** The one address every leg connects from in the shared-NAT run. */
const ONE_IP = '127.0.0.2'

/** Every fourth item unnamed, so names from the whole file's positions are exercised too. */
function batchOf(n) {
  return Array.from({ length: n }, (_, i) => {
    const job = JOBS[i % JOBS.length]
    return {
      ...(i % 4 === 3 ? {} : { name: `clip-${i + 1}` }),
      model: job.model,
      payload: { ...job.payload, prompt: `scale-out clip ${i + 1}` }
    }
  })
}

/** A TCP relay whose connections to `target` leave from `localAddress`. */
async function startRelay(target, localAddress) {
  const sockets = new Set()
  const track = socket => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  }
  const server = createServer(client => {
    const upstream = connect({ host: target.hostname, port: Number(target.port), localAddress })
    track(client)
    track(upstream)
    const end = () => {
      client.destroy()
      upstream.destroy()
    }
    client.on('error', end)
    upstream.on('error', end)
    client.pipe(upstream).pipe(client)
  })
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () =>
      new Promise(resolve => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      })
  }
}

function runLeg(leg, url) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [fileURLToPath(import.meta.url), '--leg', String(leg), String(LEGS), url],
      { stdio: ['ignore', 'pipe', 'inherit'] }
    )
    let out = ''
    child.stdout.on('data', chunk => (out += chunk))
    child.on('error', reject)
    child.on('close', code =>
      code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`leg ${leg} exited ${code}`))
    )
  })
}

/** One leg: the share `shard` of the batch file, run as the faces run a batch. */
async function leg(index, count, url) {
  const lib = await import(pathToFileURL(join(WORK, 'lib.mjs')).href)
  const started = Date.now()
  const parsed = lib.parseBatchFile(await readFile(BATCH_FILE, 'utf8'), 'batch.json')
  if (!parsed.ok) throw new Error(parsed.errorMessage)
  const items = lib.selectShard(parsed.items, { index, count })
  const client = lib.createClient({
    apiKey: KEY,
    baseUrl: url,
    queryBudget: new lib.RequestBudget({ limit: QUERY_LIMIT, windowMs: SIM_MINUTE_MS })
  })
  const result = await lib.runBatch(items, {
    client,
    concurrency: CONCURRENCY,
    waitTimeoutMs: WAIT_TIMEOUT_MS,
    pollIntervalMs: POLL_START_MS,
    maxPollIntervalMs: POLL_CAP_MS,
    // One base for every leg, as `idempotency-key: auto` derives it in a matrix.
    idempotencyKeyBase: 'bench-scale-out'
  })
  process.stdout.write(
    JSON.stringify({
      leg: index,
      shard: `${index}/${count}`,
      items: items.length,
      completed: result.totals.completed,
      failed: result.totals.failed,
      wallMs: Date.now() - started,
      names: result.results.map(item => item.name),
      errorMessage: result.errorMessage
    })
  )
}

/**
 * One run of the whole batch: a fresh simulator, and the legs through relays from
 * `addresses` (one per leg). Returns the legs' reports, the wall time and the totals.
 */
async function runAll(startSimulator, all, addresses) {
  const sim = await startSimulator({
    speed: SPEED,
    queryLimit: QUERY_LIMIT,
    keys: [{ key: KEY, balance: 100_000_000, generationRequestsPerMinute: CREATIONS_PER_MINUTE }]
  })
  const relays = []
  let legs
  let wallMs
  try {
    for (const address of addresses) relays.push(await startRelay(new URL(sim.url), address))
    const started = Date.now()
    legs = await Promise.all(relays.map((relay, index) => runLeg(index, relay.url)))
    wallMs = Date.now() - started
  } finally {
    for (const relay of relays) await relay.close()
  }
  const stats = sim.stats()
  await sim.stop()

  const { parseBatchFile } = await import(pathToFileURL(join(WORK, 'lib.mjs')).href)
  const expected = parseBatchFile(JSON.stringify(all), 'batch.json').items.map(item => item.name)
  const rendered = legs.flatMap(result => result.names)
  const everyItemOnce =
    rendered.length === expected.length &&
    JSON.stringify([...rendered].sort()) === JSON.stringify([...expected].sort())
  const totals = {
    items: N,
    completed: legs.reduce((sum, result) => sum + result.completed, 0),
    failed: legs.reduce((sum, result) => sum + result.failed, 0),
    everyItemOnce,
    creations: stats.creations,
    replays: stats.replays,
    createRateLimited: stats.requests.create?.['429'] ?? 0,
    queryRateLimited: stats.rateLimited,
    queryRequests: stats.queryRequests,
    wallMs
  }
  return {
    sourceAddresses: addresses,
    totals,
    legs: legs.map(({ names: _names, ...result }) => result)
  }
}

async function main() {
  const began = Date.now()
  await mkdir(WORK, { recursive: true })
  await bundleLibraryAndSimulator(WORK, { entryPoints: [join(ROOT, 'src/index.ts')] })
  const all = batchOf(N)
  await writeFile(BATCH_FILE, JSON.stringify(all))
  const { startSimulator } = await import(pathToFileURL(join(WORK, 'sim.mjs')).href)
  const own = await runAll(startSimulator, all, SOURCE_ADDRESSES)
  // Self-hosted runners often share one NAT: the same legs, all from one address.
  const shared = await runAll(
    startSimulator,
    all,
    SOURCE_ADDRESSES.map(() => ONE_IP)
  )
  const report = {
    generatedAt: new Date().toISOString(),
    machine: { node: process.version, cpus: availableParallelism(), platform: process.platform },
    config: {
      speed: SPEED,
      legs: LEGS,
      queryLimit: QUERY_LIMIT,
      creationsPerMinute: CREATIONS_PER_MINUTE,
      concurrency: CONCURRENCY,
      sourceAddresses: SOURCE_ADDRESSES,
      pollIntervalMs: { simulated: 5_000, cap: 30_000 }
    },
    totals: own.totals,
    legs: own.legs,
    oneIp: shared,
    benchMs: Date.now() - began
  }
  await writeFile(join(HERE, 'scale-out.json'), `${JSON.stringify(report, null, 2)}\n`)
  const table = renderScaleOutTable(report)
  const docs = await readFile(DOCS, 'utf8')
  const formatted = await prettier.format(replaceScaleOutTable(docs, table), {
    ...(await prettier.resolveConfig(DOCS)),
    filepath: DOCS
  })
  await writeFile(DOCS, formatted)
  console.log(table)
  const isMet = run =>
    run.totals.everyItemOnce &&
    run.totals.creations === N &&
    run.totals.completed === N &&
    run.totals.queryRateLimited === 0
  console.log(
    `\nTargets (every item once, creations = items, 0 x 429 on queries): own IPs ${isMet(own) ? 'met' : 'MISSED'}; one IP ${isMet(shared) ? 'met' : 'MISSED'}`
  )
  console.log(
    `Finished in ${((Date.now() - began) / 1000).toFixed(0)} s; wrote bench/scale-out.json and docs/scale-out.md`
  )
  if (!isMet(own) || !isMet(shared)) process.exitCode = 1
}

if (process.argv[2] === '--leg') {
  await leg(Number(process.argv[3]), Number(process.argv[4]), process.argv[5])
} else {
  try {
    await main()
  } finally {
    // The bundles are throwaway; left behind, `eslint .` would lint them.
    await rm(WORK, { recursive: true, force: true })
  }
}
