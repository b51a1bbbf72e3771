import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from '@jest/globals'
// The library face, as a user imports it.
import {
  createClient,
  deriveContentKey,
  run,
  runBatch,
  RequestBudget,
  type BatchItem,
  type Client
} from '../../src/index.js'
import type { Simulator } from '../../src/sim/index.js'
import { useTestSimulator } from '../../__fixtures__/test-simulator.js'
import { makeTempDir } from '../../__fixtures__/temp-dirs.js'
import type { FakeClock } from '../../__fixtures__/fake-clock.js'

const KEY = 'cache-test-key'
const FOX = { prompt: 'a red fox in snow', aspectRatio: '16:9', duration: '5' }
const FAST = { pollIntervalMs: 50, maxPollIntervalMs: 200, waitTimeoutMs: 20_000 }

const { startOnClock } = useTestSimulator({
  key: KEY,
  balance: 100_000,
  generationRequestsPerMinute: -1,
  durationsMs: { submittedMs: 50, totalMs: 200 }
})

/** A client on `clock`, the clock its simulator and the test's runs keep time on. */
function clientFor(target: Simulator, clock: FakeClock): Client {
  return createClient({
    apiKey: KEY,
    baseUrl: target.url,
    clock,
    queryBudget: new RequestBudget({ limit: 1000, windowMs: 1000, burst: 5 })
  })
}

function items(prompts: readonly string[]): BatchItem[] {
  return prompts.map((prompt, i) => ({
    name: `clip-${i + 1}`,
    model: 't2v',
    payload: { ...FOX, prompt }
  }))
}

async function videosIn(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter(name => name.endsWith('.mp4')).sort()
}

async function cacheVideos(cacheDir: string): Promise<string[]> {
  return readdir(join(cacheDir, 'aivideomaker-cache-v1', 'videos')).catch(() => [])
}

describe('run with a result cache', () => {
  it('stores a rendered video without download, then reuses it: nothing sent, 0 credits, same task', async () => {
    const { sim: target, clock } = await startOnClock()
    const cacheDir = await makeTempDir('cache-run-')
    const first = await run(
      { model: 't2v', payload: FOX, cacheDir, ...FAST },
      { client: clientFor(target, clock), clock }
    )
    expect(first.ok).toBe(true)
    expect(first.data?.cache).toMatchObject({ reused: false, stored: true })
    expect(first.data?.creditsCharged).toBeGreaterThan(0)
    expect(await cacheVideos(cacheDir)).toHaveLength(1)
    const requestsAfterFirst = target.stats().totalRequests

    const out = await makeTempDir('cache-run-out-')
    // Same request, keys in another order and the duration as a number: the same digest.
    const second = await run(
      {
        model: 't2v',
        payload: { duration: 5, aspectRatio: '16:9', prompt: FOX.prompt },
        cacheDir,
        download: { path: join(out, 'fox.mp4') },
        ...FAST
      },
      { client: clientFor(target, clock), clock }
    )
    expect(target.stats().totalRequests).toBe(requestsAfterFirst)
    expect(second).toMatchObject({ ok: true, status: 'COMPLETED', taskId: first.taskId })
    expect(second.data?.creditsCharged).toBe(0)
    expect(second.data?.cache).toMatchObject({
      reused: true,
      fromTaskId: first.taskId,
      creditsSaved: first.data?.creditsCharged
    })
    expect(second.data?.task?.id).toBe(first.taskId)
    const saved = await readFile(join(out, 'fox.mp4'))
    expect(saved.subarray(4, 8).toString('latin1')).toBe('ftyp')
  })

  it('renders a corrupt entry again and replaces it', async () => {
    const { sim: target, clock } = await startOnClock()
    const cacheDir = await makeTempDir('cache-corrupt-')
    const first = await run(
      { model: 't2v', payload: FOX, cacheDir, ...FAST },
      { client: clientFor(target, clock), clock }
    )
    const [video] = await cacheVideos(cacheDir)
    const videoPath = join(cacheDir, 'aivideomaker-cache-v1', 'videos', video)
    const bytes = await readFile(videoPath)
    bytes[bytes.length - 1] ^= 0xff
    await writeFile(videoPath, bytes)
    const second = await run(
      { model: 't2v', payload: FOX, cacheDir, ...FAST },
      { client: clientFor(target, clock), clock }
    )
    expect(second.ok).toBe(true)
    expect(second.taskId).not.toBe(first.taskId)
    expect(second.data?.cache).toMatchObject({ reused: false, stored: true })
    expect(second.data?.cache?.reason).toMatch(/does not match/)
    expect(target.stats().creations).toBe(2)
    const third = await run(
      { model: 't2v', payload: FOX, cacheDir, ...FAST },
      { client: clientFor(target, clock), clock }
    )
    expect(third.data?.cache).toMatchObject({ reused: true, fromTaskId: second.taskId })
    expect(target.stats().creations).toBe(2)
  })

  it('read-only reuses but never writes; refresh renders again and replaces', async () => {
    const { sim: target, clock } = await startOnClock()
    const cacheDir = await makeTempDir('cache-modes-')
    const readOnly = await run(
      { model: 't2v', payload: FOX, cacheDir, cacheMode: 'read-only', ...FAST },
      { client: clientFor(target, clock), clock }
    )
    expect(readOnly.data?.cache).toMatchObject({ reused: false, stored: false })
    expect(await cacheVideos(cacheDir)).toHaveLength(0)
    const filled = await run(
      { model: 't2v', payload: FOX, cacheDir, ...FAST },
      { client: clientFor(target, clock), clock }
    )
    const refreshed = await run(
      { model: 't2v', payload: FOX, cacheDir, cacheMode: 'refresh', ...FAST },
      { client: clientFor(target, clock), clock }
    )
    expect(refreshed.taskId).not.toBe(filled.taskId)
    expect(refreshed.data?.cache).toMatchObject({ reused: false, stored: true })
    const reused = await run(
      { model: 't2v', payload: FOX, cacheDir, cacheMode: 'read-only', ...FAST },
      { client: clientFor(target, clock), clock }
    )
    expect(reused.data?.cache).toMatchObject({ reused: true, fromTaskId: refreshed.taskId })
    expect(target.stats().creations).toBe(3)
  })
})

describe('runBatch with a result cache', () => {
  it('a changed item is the only one created; every video is delivered; an unchanged batch sends no create', async () => {
    const { sim: target, clock } = await startOnClock()
    const cacheDir = await makeTempDir('cache-batch-')
    const options = { client: clientFor(target, clock), clock, cacheDir, ...FAST }
    const first = await runBatch(items(['a fox', 'a hare', 'an owl']), {
      ...options,
      downloadDir: await makeTempDir('cache-batch-out1-')
    })
    expect(first.ok).toBe(true)
    expect(target.stats().creations).toBe(3)

    const out = await makeTempDir('cache-batch-out2-')
    const second = await runBatch(items(['a fox', 'a lynx', 'an owl']), {
      ...options,
      downloadDir: out,
      maxTotalCredits: 15
    })
    expect(second.ok).toBe(true)
    expect(target.stats().creations).toBe(4)
    expect(second.results.map(r => r.data?.cache?.reused)).toEqual([true, false, true])
    expect(second.results[0].taskId).toBe(first.results[0].taskId)
    expect(second.totals).toMatchObject({ reused: 2, creditsSaved: 2 * 15 })
    expect(second.totals.creditsCharged).toBe(15)
    expect(await videosIn(out)).toEqual(['clip-1.mp4', 'clip-2.mp4', 'clip-3.mp4'])

    const creates = (): number => target.stats().requests.create?.['200'] ?? 0
    const createsBefore = creates()
    const third = await runBatch(items(['a fox', 'a lynx', 'an owl']), options)
    expect(third.ok).toBe(true)
    expect(creates()).toBe(createsBefore)
    expect(third.totals.reused).toBe(3)
  })

  it('an item with refresh: true is rendered again while the others are reused', async () => {
    const { sim: target, clock } = await startOnClock()
    const cacheDir = await makeTempDir('cache-batch-refresh-')
    const options = { client: clientFor(target, clock), clock, cacheDir, ...FAST }
    await runBatch(items(['a fox', 'a hare']), options)
    const again = items(['a fox', 'a hare'])
    again[1].refresh = true
    const second = await runBatch(again, options)
    expect(second.results.map(r => r.data?.cache?.reused)).toEqual([true, false])
    expect(target.stats().creations).toBe(3)
  })
})

describe('content keys (deriveContentKey)', () => {
  it('let a second run resume the task an interrupted run left in PROGRESS, paid once', async () => {
    const { sim: target, clock } = await startOnClock({
      durationsMs: { submittedMs: 50, totalMs: 1500 }
    })
    const key = deriveContentKey('octo-org/videos', 't2v', FOX)
    const request = {
      model: 't2v',
      payload: FOX,
      idempotencyKey: key,
      idempotencyKeyUsedBefore: true,
      ...FAST
    }
    const controller = new AbortController()
    const interrupted = await run(request, {
      client: clientFor(target, clock),
      clock,
      signal: controller.signal,
      onProgress: progress => {
        if (progress.status === 'PROGRESS') controller.abort()
      }
    })
    expect(interrupted).toMatchObject({ errorCode: 'ABORTED', status: 'PROGRESS' })
    const resumed = await run(request, { client: clientFor(target, clock), clock })
    expect(resumed).toMatchObject({ ok: true, status: 'COMPLETED', taskId: interrupted.taskId })
    expect(target.stats().creations).toBe(1)
    expect(target.stats().credits.charged).toBe(15)
    // The same request in another scope is another key: no task is shared across repositories.
    expect(deriveContentKey('someone/else', 't2v', FOX)).not.toBe(key)
    expect(deriveContentKey('octo-org/videos', 't2v', { ...FOX, duration: 5 })).toBe(key)
  })

  it('runBatch with contentKeyScope: a later batch of the same requests, renamed, creates nothing', async () => {
    const { sim: target, clock } = await startOnClock()
    const options = {
      client: clientFor(target, clock),
      clock,
      contentKeyScope: 'octo-org/videos',
      ...FAST
    }
    const first = await runBatch(items(['a fox', 'a hare']), options)
    expect(first.ok).toBe(true)
    const renamed = items(['a hare', 'a fox']).map(item => ({ ...item, name: `new-${item.name}` }))
    const second = await runBatch(renamed, options)
    expect(second.ok).toBe(true)
    expect(target.stats().creations).toBe(2)
    expect(second.results.map(r => r.taskId)).toEqual([
      first.results[1].taskId,
      first.results[0].taskId
    ])
    // The first batch paid; the second replayed its tasks under the content keys, free.
    expect(first.totals.creditsCharged).toBe(2 * 15)
    expect(second.totals.creditsCharged).toBe(0)
  })
})
