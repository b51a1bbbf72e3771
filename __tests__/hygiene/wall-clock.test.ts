import { describe, expect, it } from '@jest/globals'
import { readdir, readFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { REPO_ROOT } from '../../__fixtures__/runner.js'
import { findWallClockAssertions } from './wall-clock-assertion.js'

/**
 * Test files allowed an assertion on real elapsed time, each with the reason. Keep it short.
 */
const ALLOWED: Record<string, string> = {}

async function testSources(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true })
  return entries
    .filter(entry => entry.isFile() && entry.name.endsWith('.ts'))
    .map(entry => join(entry.parentPath, entry.name))
}

describe('findWallClockAssertions', () => {
  it('flags a measured duration compared in an assertion', () => {
    const source = [
      'const started = Date.now()',
      'await work()',
      'const elapsedMs = Date.now() - started',
      'expect(elapsedMs).toBeLessThan(1200)'
    ].join('\n')
    expect(findWallClockAssertions(source)).toEqual([
      { line: 4, text: 'expect(elapsedMs).toBeLessThan(1200)' }
    ])
  })

  it('flags a clock read compared inside a multi-line check, and a runner-measured duration', () => {
    const source = [
      'check(',
      '  Date.now() - started <= limit,',
      '  `took too long`',
      ')',
      'expect(main.exitedAfterSignalMs).toBeLessThan(2_000)'
    ].join('\n')
    expect(findWallClockAssertions(source).map(f => f.line)).toEqual([1, 5])
  })

  it('flags the difference of two real timestamps, and a run elapsedMs off a FakeClock', () => {
    const source = [
      'expect(outcome.detectedAt).toBeGreaterThanOrEqual(terminalAt)',
      'expect(outcome.detectedAt - task.terminalAtMs).toBe(0)',
      'expect(task.terminalAtMs - task.createdAtMs).toBe(600)',
      'expect(data.timings.elapsedMs).toBeLessThan(900)'
    ].join('\n')
    expect(findWallClockAssertions(source).map(f => f.line)).toEqual([2, 4])
  })

  it('lets a clock read that is only logged, or a deadline handed to the code, pass', () => {
    const source = [
      'const tookMs = Date.now() - started',
      'console.log(`took ${tookMs} ms`)',
      'await wait({ deadline: Date.now() + 1_000 })',
      'expect(clock.now() - started).toBeLessThanOrEqual(1200)',
      'expect(main.signalledAtMs).not.toBeNull()'
    ].join('\n')
    expect(findWallClockAssertions(source)).toEqual([])
  })
})

describe('test files', () => {
  it('assert on what the code did, never on real elapsed time', async () => {
    const found: string[] = []
    const files = [
      ...(await testSources(join(REPO_ROOT, '__tests__'))),
      ...(await testSources(join(REPO_ROOT, '__fixtures__')))
    ]
    for (const file of files) {
      const name = relative(REPO_ROOT, file)
      if (name in ALLOWED || name === '__tests__/hygiene/wall-clock.test.ts') continue
      for (const hit of findWallClockAssertions(await readFile(file, 'utf8'))) {
        found.push(`${name}:${hit.line} ${hit.text}`)
      }
    }
    expect(found).toEqual([])
  })

  it('allow-list only files that still need it', async () => {
    for (const name of Object.keys(ALLOWED)) {
      const source = await readFile(join(REPO_ROOT, name), 'utf8')
      expect({ name, found: findWallClockAssertions(source).length > 0 }).toEqual({
        name,
        found: true
      })
    }
  })
})
