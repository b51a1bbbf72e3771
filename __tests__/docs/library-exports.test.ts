import { describe, expect, it } from '@jest/globals'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { REPO_ROOT } from '../../__fixtures__/runner.js'

/** The backticked names of docs/library.md's "Every export" section. */
async function documentedNames(): Promise<Set<string>> {
  const page = await readFile(join(REPO_ROOT, 'docs/library.md'), 'utf8')
  const section = page.slice(page.indexOf('## Every export'))
  return new Set([...section.matchAll(/`([A-Za-z_][A-Za-z0-9_]*)`/g)].map(m => m[1]))
}

describe("docs/library.md's list of exports", () => {
  it('names every value the package and its simulator export', async () => {
    const names = await documentedNames()
    const library = Object.keys(await import('../../src/index.js'))
    const simulator = Object.keys(await import('../../src/sim/index.js'))
    expect(library.length).toBeGreaterThan(30)
    expect([...library, ...simulator].filter(name => !names.has(name))).toEqual([])
  })
})
