import { beforeAll, describe, expect, it } from '@jest/globals'
import { readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Simulator } from '../../src/sim/index.js'
import { makeTempDir } from '../../__fixtures__/temp-dirs.js'
import {
  API_KEY,
  T2V_PAYLOAD,
  buildCli,
  checkRunsForTheKey,
  envelopeOf,
  runScript,
  startScript,
  type ScriptResult
} from './cli-process.js'
import { useTestSimulator } from '../../__fixtures__/test-simulator.js'

beforeAll(buildCli)
checkRunsForTheKey()

const simulators = useTestSimulator({
  key: API_KEY,
  balance: 100_000,
  generationRequestsPerMinute: -1,
  durationsMs: { submittedMs: 50, totalMs: 400 }
})

function simulator(totalMs = 400): Promise<Simulator> {
  return simulators.start({ durationsMs: { submittedMs: 50, totalMs } })
}

const CACHE_VIDEOS = join('.video-cache', 'aivideomaker-cache-v1', 'videos')

function manifest(prompts: readonly string[]): string {
  return JSON.stringify(
    prompts.map((prompt, i) => ({
      name: `clip-${i + 1}`,
      model: 't2v',
      payload: { ...T2V_PAYLOAD, prompt }
    }))
  )
}

function cli(sim: Simulator, cwd: string, args: readonly string[]): Promise<ScriptResult> {
  return runScript(['--poll-interval', '100ms', ...args], {
    env: { AIVIDEO_API_KEY: API_KEY, AIVIDEO_BASE_URL: sim.url },
    cwd
  })
}

type Item = { name: string; taskId: string; data: { cache: { reused: boolean } | null } }

function itemsOf(result: ScriptResult): Item[] {
  return (envelopeOf(result.stdout).data as { results: Item[] }).results
}

async function isVideo(path: string): Promise<boolean> {
  return (await readFile(path)).subarray(4, 8).toString('latin1') === 'ftyp'
}

const BATCH = ['--batch', 'videos.json', '--cache-dir', '.video-cache', '--download', 'out']

describe('--cache-dir', () => {
  it('a changed job of three is the only create; all three videos are saved; an unchanged run creates nothing', async () => {
    const sim = await simulator()
    const cwd = await makeTempDir('aivideomaker-cli-cache-')
    await writeFile(join(cwd, 'videos.json'), manifest(['a fox', 'a hare', 'an owl']))
    expect((await cli(sim, cwd, BATCH)).code).toBe(0)
    expect(sim.stats().creations).toBe(3)

    await writeFile(join(cwd, 'videos.json'), manifest(['a fox', 'a lynx', 'an owl']))
    await rm(join(cwd, 'out'), { recursive: true })
    const second = await cli(sim, cwd, BATCH)
    expect(second.code).toBe(0)
    expect(sim.stats().creations).toBe(4)
    expect(itemsOf(second).map(item => item.data.cache?.reused)).toEqual([true, false, true])
    expect(second.stderr).toContain('2 reused from the cache (30 credits saved)')
    for (const name of ['clip-1', 'clip-2', 'clip-3']) {
      expect(await isVideo(join(cwd, 'out', `${name}.mp4`))).toBe(true)
    }
    const creates = sim.stats().requests.create
    const third = await cli(sim, cwd, BATCH)
    expect(third.code).toBe(0)
    expect(sim.stats().requests.create).toEqual(creates)
  })

  it('renders a corrupt entry again; two concurrent runs share the folder safely', async () => {
    const sim = await simulator()
    const cwd = await makeTempDir('aivideomaker-cli-cache-race-')
    const single = [
      '--model',
      't2v',
      '--payload',
      JSON.stringify(T2V_PAYLOAD),
      '--cache-dir',
      '.video-cache'
    ]
    const first = await cli(sim, cwd, single)
    const [video] = await readdir(join(cwd, CACHE_VIDEOS))
    await writeFile(join(cwd, CACHE_VIDEOS, video), Buffer.alloc(64))
    const second = await cli(sim, cwd, [...single, '--download', 'fox.mp4'])
    expect(second.code).toBe(0)
    expect(envelopeOf(second.stdout).taskId).not.toBe(envelopeOf(first.stdout).taskId)
    expect(await isVideo(join(cwd, 'fox.mp4'))).toBe(true)
    expect(sim.stats().creations).toBe(2)

    await writeFile(join(cwd, 'left.json'), manifest(['a fox', 'a hare']))
    await writeFile(join(cwd, 'right.json'), manifest(['a fox', 'a lynx']))
    const both = await Promise.all(
      ['left.json', 'right.json'].map(file =>
        cli(sim, cwd, ['--batch', file, '--cache-dir', '.video-cache', '--download', `out-${file}`])
      )
    )
    expect(both.map(result => result.code)).toEqual([0, 0])
    const creations = sim.stats().creations
    for (const file of ['left.json', 'right.json']) {
      const again = await cli(sim, cwd, ['--batch', file, '--cache-dir', '.video-cache'])
      expect(itemsOf(again).map(item => item.data.cache?.reused)).toEqual([true, true])
    }
    expect(sim.stats().creations).toBe(creations)
  })

  it('content keys let a second run resume the task a Ctrl-C left in PROGRESS', async () => {
    const sim = await simulator(2500)
    const cwd = await makeTempDir('aivideomaker-cli-content-')
    const args = [
      '--poll-interval',
      '100ms',
      '--model',
      't2v',
      '--payload',
      JSON.stringify(T2V_PAYLOAD),
      '--idempotency-key',
      'content',
      '--key-scope',
      'octo-org/videos'
    ]
    const env = { AIVIDEO_API_KEY: API_KEY, AIVIDEO_BASE_URL: sim.url }
    const running = startScript(args, { env, cwd })
    await running.waitForStderr(/is PROGRESS/)
    running.child.kill('SIGINT')
    const interrupted = envelopeOf((await running.done).stdout)
    expect(interrupted).toMatchObject({ errorCode: 'ABORTED', status: 'PROGRESS' })
    const resumed = await runScript(args, { env, cwd })
    expect(resumed.code).toBe(0)
    expect(envelopeOf(resumed.stdout)).toMatchObject({
      ok: true,
      status: 'COMPLETED',
      taskId: interrupted.taskId
    })
    expect(sim.stats().creations).toBe(1)
  })

  it('refuses content keys without --key-scope, before anything is sent', async () => {
    const sim = await simulator()
    const cwd = await makeTempDir('aivideomaker-cli-content-usage-')
    const result = await cli(sim, cwd, [
      '--model',
      't2v',
      '--payload',
      JSON.stringify(T2V_PAYLOAD),
      '--idempotency-key',
      'content'
    ])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('--key-scope')
    expect(sim.stats().totalRequests).toBe(0)
  })
})
