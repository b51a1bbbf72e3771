// How the benchmarks run a batch "this project's way": runBatch and its one watcher through
// a budget of 60 task queries per simulated minute, its intervals scaled to the simulator's
// speed. Shared so the sizes table and the history table measure the same client.

/**
 * The shared watcher's poll-interval in upstream time: its dense interval near expected
 * completions. At the 5 s default, detection lag itself would be up to 5 s plus request time.
 */
const SHARED_POLL_MS = 4_000
const POLL_CAP_MS = 30_000
const WAIT_TIMEOUT_MS = 60 * 60_000
const CONCURRENCY = 8
const QUERY_LIMIT = 60

const isTerminal = status => ['COMPLETED', 'FAILED', 'CANCEL'].includes(status)

/**
 * Runs `items` with runBatch against `url` at `speed`x; resolves to the real time each task
 * was first seen terminal (a Map, with `failed` naming the items that did not end ok).
 */
export async function runShared(lib, url, items, { key, speed, client: wrap = c => c }) {
  const client = wrap(
    lib.createClient({
      apiKey: key,
      baseUrl: url,
      queryBudget: new lib.RequestBudget({ limit: QUERY_LIMIT, windowMs: 60_000 / speed })
    })
  )
  const detected = new Map()
  const result = await lib.runBatch(items, {
    client,
    concurrency: CONCURRENCY,
    waitTimeoutMs: WAIT_TIMEOUT_MS / speed,
    pollIntervalMs: SHARED_POLL_MS / speed,
    maxPollIntervalMs: POLL_CAP_MS / speed,
    // The core's table is in upstream time; the simulator runs `speed` times faster.
    durationScale: 1 / speed,
    idempotencyKeyBase: `bench-${process.pid}`,
    onProgress: ({ event }) => {
      if (event.type === 'status' && isTerminal(event.status) && !detected.has(event.taskId)) {
        detected.set(event.taskId, Date.now())
      }
    }
  })
  // A failed item is reported (failedItems), not fatal: the soak's faults may exhaust retries.
  detected.failed = result.results.filter(r => !r.ok).map(r => `${r.name}: ${r.errorCode}`)
  return detected
}

export const SHARED_SETTINGS = {
  pollIntervalMs: SHARED_POLL_MS,
  maxPollIntervalMs: POLL_CAP_MS,
  concurrency: CONCURRENCY,
  queryLimit: QUERY_LIMIT
}
