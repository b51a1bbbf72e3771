import { describe, expect, it } from '@jest/globals'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import * as prettier from 'prettier'
import {
  renderScaleOutTable,
  replaceScaleOutTable,
  type ScaleOutReport
} from '../../bench/scale-out-table.mjs'

/**
 * Issue 14: the scale-out numbers docs/scale-out.md publishes are those of the committed
 * bench/scale-out.json (`npm run bench:scale-out` writes both), and that run met its targets.
 */
const ROOT = join(import.meta.dirname, '..', '..')
const DOCS = join(ROOT, 'docs', 'scale-out.md')

async function report(): Promise<ScaleOutReport> {
  return JSON.parse(await readFile(join(ROOT, 'bench', 'scale-out.json'), 'utf8'))
}

describe('bench/scale-out.json', () => {
  it('docs/scale-out.md shows its table', async () => {
    const docs = await readFile(DOCS, 'utf8')
    const expected = await prettier.format(
      replaceScaleOutTable(docs, renderScaleOutTable(await report())),
      { ...(await prettier.resolveConfig(DOCS)), filepath: DOCS }
    )
    expect(docs).toBe(expected)
  })

  it('is a 4-leg run of 1000 items that rendered every item once, with one creation each', async () => {
    const { totals, legs } = await report()
    expect(legs).toHaveLength(4)
    expect(legs.map(leg => leg.shard)).toEqual(['0/4', '1/4', '2/4', '3/4'])
    expect(legs.reduce((sum, leg) => sum + leg.items, 0)).toBe(1000)
    expect(totals).toMatchObject({
      items: 1000,
      completed: 1000,
      failed: 0,
      everyItemOnce: true,
      creations: 1000,
      queryRateLimited: 0
    })
  })

  it('keeps the four legs behind one IP: every item once, one creation each, no query refused', async () => {
    const { oneIp } = await report()
    expect(new Set(oneIp?.sourceAddresses)).toEqual(new Set(['127.0.0.2']))
    expect(oneIp?.legs).toHaveLength(4)
    expect(oneIp?.totals).toMatchObject({
      items: 1000,
      completed: 1000,
      everyItemOnce: true,
      creations: 1000,
      queryRateLimited: 0
    })
  })
})
