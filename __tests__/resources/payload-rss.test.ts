import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { useSharedSimulator } from '../../__fixtures__/test-simulator.js'
import {
  E2E_KEY,
  buildActionBundle,
  removeActionBundle,
  runAction,
  simInputs,
  type RunActionResult
} from '../../__fixtures__/runner.js'

/**
 * Issue 8, resource bounds: a data-URI payload of 15 MB through the action process keeps
 * its peak RSS under 200 MB, is refused locally (over the 10 MB limit) with
 * INVALID_PAYLOAD and sends nothing; one just under the limit is sent (the simulator, like
 * upstream, accepts bodies up to 10 MB) and stays under 200 MB too. The peak is measured
 * inside the action's own process by a preloaded module (fixtures/peak-rss.mjs).
 *
 * The payload comes from `payload-file`: as the `payload` input it could not reach the
 * action at all, since the runner passes inputs as environment variables and Linux caps
 * one at 128 KiB.
 */

const MB = 1024 * 1024
const LIMIT_KB = 200 * 1024
const PRELOAD = join(import.meta.dirname, 'fixtures', 'peak-rss.mjs')

interface Peak {
  maxRssKb: number
  ownPeakKb: number | null
}

let distRoot: string
const sim = useSharedSimulator({
  keys: [{ key: E2E_KEY, balance: 1000 }],
  durationsMs: { submittedMs: 100, totalMs: 300 }
})
let workspace: string
const report: string[] = []

beforeAll(async () => {
  distRoot = await buildActionBundle()
  workspace = await mkdtemp(join(tmpdir(), 'aivideo-rss-'))
})

afterAll(async () => {
  console.log(`peak RSS of the action process (limit 200 MB):\n${report.join('\n')}`)
  await removeActionBundle(distRoot)
  await rm(workspace, { recursive: true, force: true })
})

/** An i2v payload file of about `bytes` bytes, nearly all of it a PNG data URI. */
async function writePayload(name: string, bytes: number): Promise<number> {
  const head = '{"image":"data:image/png;base64,'
  const tail = '","duration":"5"}'
  const data = 'A'.repeat(Math.floor((bytes - head.length - tail.length) / 4) * 4)
  await writeFile(join(workspace, name), `${head}${data}${tail}`)
  return (await stat(join(workspace, name))).size
}

/** Runs the action with `inputs`, measuring the peak memory of its process. */
async function measured(
  label: string,
  inputs: Record<string, string>
): Promise<{ result: RunActionResult; peakKb: number; requests: number }> {
  const peakFile = join(workspace, `.peak-${label.replace(/\W+/g, '-')}.json`)
  const before = sim.stats().totalRequests
  const result = await runAction({
    script: 'dist/index.js',
    distRoot,
    workspace,
    inputs: simInputs(sim.url, inputs),
    env: { NODE_OPTIONS: `--import=${PRELOAD}`, AIVIDEO_PEAK_RSS_FILE: peakFile }
  })
  const peak = JSON.parse(await readFile(peakFile, 'utf8')) as Peak
  await rm(peakFile)
  const peakKb = peak.ownPeakKb ?? peak.maxRssKb
  const requests = sim.stats().totalRequests - before
  const mb = (kb: number): string => `${(kb / 1024).toFixed(1)} MB`
  report.push(
    `  ${label.padEnd(38)} ${mb(peakKb)} (VmHWM; maxRSS ${mb(peak.maxRssKb)}) -> ` +
      `${result.outputs.errorCode || result.outputs.status}, ${requests} requests`
  )
  return { result, peakKb, requests }
}

describe('peak RSS of the action with a large data-URI payload', () => {
  it('a step refused at once (baseline: the bundle loaded)', async () => {
    const { result, peakKb } = await measured('baseline (unknown model)', { model: 'sora' })

    expect(result.outputs.errorCode).toBe('INVALID_MODEL')
    expect(peakKb).toBeLessThan(LIMIT_KB)
  })

  it('15 MB: refused with INVALID_PAYLOAD, nothing sent, under 200 MB', async () => {
    const size = await writePayload('payload-15mb.json', 15 * MB)
    const { result, peakKb, requests } = await measured(`15 MB payload-file (${size} B)`, {
      model: 'i2v',
      payload: '',
      'payload-file': 'payload-15mb.json'
    })

    expect(result.outputs).toMatchObject({ ok: 'false', errorCode: 'INVALID_PAYLOAD', taskId: '' })
    expect(result.outputs.errorMessage).toContain('10 MB')
    expect(requests).toBe(0)
    expect(peakKb).toBeLessThan(LIMIT_KB)
  })

  it('10.5 MB: read, parsed, refused by the 10 MB limit, nothing sent, under 200 MB', async () => {
    const size = await writePayload('payload-10_5mb.json', 10.5 * MB)
    const { result, peakKb, requests } = await measured(`10.5 MB payload-file (${size} B)`, {
      model: 'i2v',
      payload: '',
      'payload-file': 'payload-10_5mb.json'
    })

    expect(result.outputs).toMatchObject({ ok: 'false', errorCode: 'INVALID_PAYLOAD' })
    expect(result.outputs.errorMessage).toContain('over the 10 MB limit')
    expect(requests).toBe(0)
    expect(peakKb).toBeLessThan(LIMIT_KB)
  })

  it('9 MB: sent, the task runs to COMPLETED, under 200 MB', async () => {
    const size = await writePayload('payload-9mb.json', 9 * MB)
    const creations = sim.stats().creations
    const { result, peakKb, requests } = await measured(`9 MB payload-file, run (${size} B)`, {
      model: 'i2v',
      payload: '',
      'payload-file': 'payload-9mb.json'
    })

    expect(result.outputs).toMatchObject({ ok: 'true', status: 'COMPLETED' })
    expect(sim.stats().creations).toBe(creations + 1)
    expect(sim.stats().requests.create).toEqual({ 200: 1 })
    expect(requests).toBeGreaterThanOrEqual(3)
    expect(peakKb).toBeLessThan(LIMIT_KB)
  })
})
