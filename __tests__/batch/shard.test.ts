import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { MAX_SHARDS, parseShard, selectShard } from '../../src/core/batch/batch-shard.js'
import { useSharedSimulator } from '../../__fixtures__/test-simulator.js'
import { API_KEY, buildCli, envelopeOf, runScript } from '../cli/cli-process.js'

describe('parseShard', () => {
  it.each([
    ['0/1', { index: 0, count: 1 }],
    ['3/4', { index: 3, count: 4 }],
    [' 2 / 4 ', { index: 2, count: 4 }],
    [`255/${MAX_SHARDS}`, { index: 255, count: MAX_SHARDS }]
  ])('reads %j (legs counted from 0, as a matrix list is)', (text, shard) => {
    expect(parseShard(text)).toEqual({ ok: true, shard })
  })

  it.each(['4/4', '-1/4', '0/0', '1/-4', '1.5/4', 'a/b', '1', '1/2/3', '', `0/${MAX_SHARDS + 1}`])(
    'refuses %j, saying the form it wants',
    text => {
      const parsed = parseShard(text)
      expect(parsed.ok).toBe(false)
      if (!parsed.ok) expect(parsed.problem).toMatch(/^must be i\/n, .*0 <= i < n/)
    }
  )
})

describe('selectShard', () => {
  it('deals every item to exactly one of n legs, in file order, legs within one item of each other', () => {
    for (let count = 1; count <= 7; count++) {
      for (let length = 0; length <= 20; length++) {
        const items = Array.from({ length }, (_, i) => i)
        const legs = Array.from({ length: count }, (_, index) =>
          selectShard(items, { index, count })
        )
        expect(legs.flat().sort((a, b) => a - b)).toEqual(items)
        legs.forEach((leg, index) => {
          expect(leg.every(position => position % count === index)).toBe(true)
          expect(leg).toEqual([...leg].sort((a, b) => a - b))
        })
        const sizes = legs.map(leg => leg.length)
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1)
      }
    }
  })
})

/**
 * Four legs of one batch, as a matrix runs them: four CLI processes at once against ONE
 * simulator, whose per-key creation limit (4 a simulated minute, 1 s real) the legs
 * share, so some creates are refused with 429 and retried with the same Idempotency-Key.
 */
describe('--shard i/4: four legs of one batch against one simulator', () => {
  const ITEMS = 14
  let workDir: string
  const sim = useSharedSimulator({
    speed: 60,
    keys: [{ key: API_KEY, balance: 100_000, generationRequestsPerMinute: 4 }],
    durationsMs: { submittedMs: 150, totalMs: 400 }
  })

  beforeAll(async () => {
    await buildCli()
    workDir = await mkdtemp(join(tmpdir(), 'aivideomaker-shard-'))
  })

  afterAll(async () => {
    await rm(workDir, { recursive: true, force: true })
  })

  /** Every third item has no name, so it is named from its position in the whole file. */
  function batchItems(): unknown[] {
    return Array.from({ length: ITEMS }, (_, i) => ({
      ...(i % 3 === 2 ? {} : { name: `clip-${i + 1}` }),
      model: 't2v',
      payload: { prompt: `shard test clip ${i + 1}`, aspectRatio: '16:9', duration: '5' }
    }))
  }

  function expectedName(position: number): string {
    return position % 3 === 2 ? `item-${position + 1}` : `clip-${position + 1}`
  }

  interface LegResult {
    name: string
    ok: boolean
    status: string | null
    taskId: string | null
  }

  async function runLeg(index: number): Promise<LegResult[]> {
    const result = await runScript(
      [
        '--batch',
        'batch.json',
        '--shard',
        `${index}/4`,
        '--idempotency-key',
        'auto',
        '--poll-interval',
        '100ms',
        '--wait-timeout',
        '2m'
      ],
      { env: { AIVIDEO_API_KEY: API_KEY, AIVIDEO_BASE_URL: sim.url }, cwd: workDir }
    )
    expect({ leg: index, code: result.code }).toEqual({ leg: index, code: 0 })
    const data = envelopeOf(result.stdout).data as { results: LegResult[] }
    return data.results
  }

  it('renders every item exactly once, named as in the whole file', async () => {
    await writeFile(join(workDir, 'batch.json'), JSON.stringify(batchItems()))
    const legs = await Promise.all([0, 1, 2, 3].map(runLeg))

    legs.forEach((leg, index) => {
      const positions = Array.from({ length: ITEMS }, (_, i) => i).filter(i => i % 4 === index)
      expect(leg.map(item => item.name)).toEqual(positions.map(expectedName))
    })
    const all = legs.flat()
    expect(all.map(item => item.name).sort()).toEqual(
      Array.from({ length: ITEMS }, (_, i) => expectedName(i)).sort()
    )
    for (const item of all) expect(item).toMatchObject({ ok: true, status: 'COMPLETED' })
    expect(new Set(all.map(item => item.taskId)).size).toBe(ITEMS)
    const stats = sim.stats()
    expect(stats.creations).toBe(ITEMS)
    expect(stats.tasks).toHaveLength(ITEMS)
    // The legs shared the key's creation limit: some creates were refused and retried.
    expect(stats.requests.create?.['429'] ?? 0).toBeGreaterThan(0)
  })

  it('a leg run again replays its own tasks and creates nothing', async () => {
    const before = sim.stats().creations
    const again = await runLeg(1)
    expect(again.map(item => item.name)).toEqual([1, 5, 9, 13].map(expectedName))
    expect(sim.stats().creations).toBe(before)
  })
})
