import { describe, expect, it } from '@jest/globals'
import { readdir, readFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { REPO_ROOT } from '../../__fixtures__/runner.js'

/**
 * Tests start the simulator through __fixtures__/test-simulator.ts (`useTestSimulator`,
 * `useSharedSimulator`), which stops every simulator it starts: a test that starts one by
 * hand can leave it running when an assertion fails first. Files allowed a direct call,
 * each with the reason.
 */
const ALLOWED: Record<string, string> = {
  '__tests__/sim/endpoints.test.ts': 'tests startSimulator itself: its defaults and option checks',
  '__tests__/package/package-install.test.ts':
    'the calls are scripts run against the installed package, through its public entry point'
}

const DIRECT_CALL = /\bstartSimulator\(/

async function testSources(): Promise<string[]> {
  const folder = join(REPO_ROOT, '__tests__')
  const entries = await readdir(folder, { withFileTypes: true, recursive: true })
  return entries
    .filter(entry => entry.isFile() && entry.name.endsWith('.ts'))
    .map(entry => relative(REPO_ROOT, join(entry.parentPath, entry.name)))
}

describe('simulator set-up', () => {
  it('goes through the test-simulator fixture in every test file', async () => {
    const direct: string[] = []
    for (const name of await testSources()) {
      if (name in ALLOWED) continue
      if (DIRECT_CALL.test(await readFile(join(REPO_ROOT, name), 'utf8'))) direct.push(name)
    }
    expect(direct).toEqual([])
  })

  it('allow-lists only files that still call startSimulator', async () => {
    const stale: string[] = []
    for (const name of Object.keys(ALLOWED)) {
      if (!DIRECT_CALL.test(await readFile(join(REPO_ROOT, name), 'utf8'))) stale.push(name)
    }
    expect(stale).toEqual([])
  })
})
