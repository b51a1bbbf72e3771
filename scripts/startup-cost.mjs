// Start-up cost of the action bundle: how long `node dist/index.js` takes from spawn to its
// first request, against `node -e 0` from spawn to exit, measured side by side (alternating,
// so both see the same machine state). Every workflow step pays this once.
//
//   node scripts/startup-cost.mjs [runs=10]
import { spawn } from 'node:child_process'
import { performance } from 'node:perf_hooks'
import { statSync } from 'node:fs'
import { createServer } from 'node:http'
import { join } from 'node:path'
import { REPO_ROOT, runAction } from './emulate-runner.mjs'

const RUNS = Number(process.argv[2] ?? 10)
const BUNDLE = join(REPO_ROOT, 'dist/index.js')

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
console.log(`Node ${process.version}, ${RUNS} runs each, alternating`)
console.log(
  `dist/index.js size:                 ${(statSync(BUNDLE).size / 1024 / 1024).toFixed(2)} MB`
)
console.log(
  `node -e 0, spawn to exit:           median ${fmt(median(bare))} (min ${fmt(Math.min(...bare))})`
)
console.log(
  `dist/index.js, spawn to 1st request: median ${fmt(median(action))} (min ${fmt(Math.min(...action))})`
)
console.log(`dist/index.js, spawn to exit:        median ${fmt(median(exit))}`)
console.log(`ratio (first request / node -e 0):  ${(median(action) / median(bare)).toFixed(2)}x`)
