import { describe, expect, it } from '@jest/globals'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import * as prettier from 'prettier'
import {
  TABLE_END,
  TABLE_START,
  missedTargets,
  renderIncrementalTable,
  type IncrementalReport
} from '../../bench/incremental-table.mjs'

/**
 * Issue 18: docs/pr-media-build.md publishes the numbers of the committed
 * bench/incremental.json (`npm run bench:incremental` writes both), and that run met its
 * targets: 29 videos paid for against 200, and a push that changes nothing sends no create
 * and ends within 10 s.
 */
const ROOT = join(import.meta.dirname, '..', '..')
const DOCS = join(ROOT, 'docs', 'pr-media-build.md')

async function report(): Promise<IncrementalReport> {
  return JSON.parse(await readFile(join(ROOT, 'bench', 'incremental.json'), 'utf8'))
}

describe('bench/incremental.json', () => {
  it('docs/pr-media-build.md shows its table', async () => {
    const docs = await readFile(DOCS, 'utf8')
    const start = docs.indexOf(TABLE_START)
    const end = docs.indexOf(TABLE_END)
    expect(start).toBeGreaterThan(0)
    const body = renderIncrementalTable(await report())
    const expected = await prettier.format(
      `${docs.slice(0, start)}${TABLE_START}\n\n${body}\n\n${docs.slice(end)}`,
      { ...(await prettier.resolveConfig(DOCS)), filepath: DOCS }
    )
    expect(docs).toBe(expected)
  })

  it('met its targets: 29 videos against 200, an unchanged push with 0 creates in under 10 s', async () => {
    const measured = await report()
    expect(missedTargets(measured)).toEqual([])
    expect(measured.config).toMatchObject({ items: 20, pushes: 10 })
    expect(measured.cached.totals.creations).toBe(29)
    expect(measured.today.totals.creations).toBe(200)
    expect(measured.unchangedPush).toMatchObject({ creates: 0, delivered: 20 })
  })

  it('missedTargets names a missed target', async () => {
    const measured = await report()
    const slow = { ...measured, unchangedPush: { ...measured.unchangedPush, wallMs: 12_000 } }
    expect(missedTargets(slow)).toEqual(['the unchanged push took 12.0 s'])
  })
})
