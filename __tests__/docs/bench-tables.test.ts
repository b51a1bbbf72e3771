import { spawnSync } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from '@jest/globals'

/** Runs the table generator in check mode; it never writes with --check. */
function checkTables(resultsPath = 'bench/results.json') {
  return spawnSync(
    process.execPath,
    ['scripts/bench-tables.mjs', '--check', '--results', resultsPath],
    { encoding: 'utf8' }
  )
}

describe('benchmark tables', () => {
  it('in docs/polling.md and README.md match bench/results.json', () => {
    const checked = checkTables()
    expect(checked.stderr).toBe('')
    expect(checked.status).toBe(0)
  })

  it('are reported stale when one number of the results differs', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bench-tables-'))
    try {
      const results = JSON.parse(await readFile('bench/results.json', 'utf8'))
      results.sizes['100'].shared.queryRequests += 1
      const altered = join(dir, 'results.json')
      await writeFile(altered, JSON.stringify(results))
      const checked = checkTables(altered)
      expect(checked.status).toBe(1)
      expect(checked.stderr).toMatch(/docs\/polling\.md: the benchmark tables differ/)
      expect(checked.stderr).toMatch(/README\.md: the benchmark tables differ/)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
