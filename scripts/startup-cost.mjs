// Start-up cost of the action bundle, both sides of it in one run:
// - bytes: dist/index.js plus every chunk it imports statically, which is what a plain run
//   loads (the PR-comment client and the YAML parser are dynamic imports, loaded only by a
//   step that comments or reads a batch file);
// - time: `node dist/index.js` from spawn to its first request, against `node -e 0` from
//   spawn to exit, measured side by side (alternating, so both see the same machine state).
// Every workflow step pays this once. Exits 1 when a target is missed (timings on a busy
// machine vary: read the medians, and re-run before believing a miss).
//
//   node scripts/startup-cost.mjs [runs=10]
import { spawn } from 'node:child_process'
import { performance } from 'node:perf_hooks'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { dirname, join, relative, resolve } from 'node:path'
import { REPO_ROOT, runAction } from './emulate-runner.mjs'

const RUNS = Number(process.argv[2] ?? 10)
const BUNDLE = join(REPO_ROOT, 'dist/index.js')
/** Targets of issue 14: what a plain run loads, and its start-up against bare Node. */
const MAX_PLAIN_RUN_BYTES = 500 * 1024
const MAX_RATIO = 1.6

// esbuild writes static imports as `import{a as b}from"./chunks/x.js"` (or `import"./x.js"`);
// a dynamic `import("./x.js")` has a parenthesis after `import`, so it does not match.
const STATIC_IMPORT = /\bimport\s*(?:[^"'()]*?\bfrom\s*)?["'](\.\.?\/[^"']+)["']/g

/** Every file a plain `node <file>` loads from dist/, with its size in bytes. */
function staticClosure(file, sizes = new Map()) {
  if (sizes.has(file)) return sizes
  const bytes = readFileSync(file)
  sizes.set(file, bytes.length)
  for (const match of bytes.toString('utf8').matchAll(STATIC_IMPORT)) {
    staticClosure(resolve(dirname(file), match[1]), sizes)
  }
  return sizes
}

/** A local API that notes when each request arrives and refuses it at once (401), so the step ends. */
let arrivals = []
const server = createServer((req, res) => {
  arrivals.push(performance.now())
  req.resume()
  res.writeHead(401, { 'content-type': 'application/json' })
  res.end(
    JSON.stringify({ status: 'FAILED', errorCode: 'AUTH_FAILED', message: 'startup-cost probe' })
  )
})
await new Promise(resolve => server.listen(0, '127.0.0.1', resolve))
const baseUrl = `http://127.0.0.1:${server.address().port}`

async function actionToFirstRequest() {
  arrivals = []
  const result = await runAction({
    script: 'dist/index.js',
    inputs: {
      action: 'account',
      'api-key': 'startup-cost-probe',
      'base-url': baseUrl,
      summary: 'false',
      'max-retries': '0'
    }
  })
  if (arrivals.length === 0)
    throw new Error(`the action sent no request:\n${result.stdout}${result.stderr}`)
  return { firstRequestMs: arrivals[0] - result.spawnedAt, exitMs: result.durationMs }
}

function bareNode() {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' })
    child.on('error', reject)
    child.on('close', () => resolve(performance.now() - started))
  })
}

const median = values => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

// One warm-up of each, so the first measured run does not pay for a cold file cache alone.
await bareNode()
await actionToFirstRequest()
const action = []
const exit = []
const bare = []
for (let i = 0; i < RUNS; i++) {
  bare.push(await bareNode())
  const sample = await actionToFirstRequest()
  action.push(sample.firstRequestMs)
  exit.push(sample.exitMs)
}
server.close()

const fmt = ms => `${ms.toFixed(0)} ms`
const kb = bytes => `${(bytes / 1024).toFixed(0)} KB`
const loaded = staticClosure(BUNDLE)
const loadedBytes = [...loaded.values()].reduce((sum, size) => sum + size, 0)
const ratio = median(action) / median(bare)
console.log(`Node ${process.version}, ${RUNS} runs each, alternating`)
console.log(
  `plain run loads:                     ${kb(loadedBytes)} in ${loaded.size} files (target <= ${kb(MAX_PLAIN_RUN_BYTES)})`
)
for (const [file, size] of loaded) console.log(`  ${relative(REPO_ROOT, file)} ${kb(size)}`)
console.log(
  `node -e 0, spawn to exit:            median ${fmt(median(bare))} (min ${fmt(Math.min(...bare))})`
)
console.log(
  `dist/index.js, spawn to 1st request: median ${fmt(median(action))} (min ${fmt(Math.min(...action))})`
)
console.log(`dist/index.js, spawn to exit:        median ${fmt(median(exit))}`)
console.log(
  `ratio (first request / node -e 0):   ${ratio.toFixed(2)}x (target <= ${MAX_RATIO.toFixed(1)}x)`
)
const missed = [
  loadedBytes > MAX_PLAIN_RUN_BYTES && 'plain-run bytes',
  ratio > MAX_RATIO && 'start-up ratio'
].filter(Boolean)
if (missed.length > 0) {
  console.log(`missed: ${missed.join(', ')}`)
  process.exitCode = 1
}
