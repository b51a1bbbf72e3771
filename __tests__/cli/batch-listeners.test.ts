import { describe, expect, it } from '@jest/globals'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { T2V_PAYLOAD, runScript, useCliHarness } from './cli-process.js'

const cli = useCliHarness({
  durationsMs: { submittedMs: 100, totalMs: 300 },
  key: { balance: 10_000, generationRequestsPerMinute: -1 },
  workDirPrefix: 'aivideomaker-listeners-'
})

describe('a batch at concurrency 20', () => {
  it('prints no MaxListenersExceededWarning: its creates in flight share the interrupt signal', async () => {
    const file = join(cli.workDir, 'many.json')
    const jobs = Array.from({ length: 120 }, (_, i) => ({
      name: `fox-${i + 1}`,
      model: 't2v',
      payload: { ...T2V_PAYLOAD, prompt: `a fox, take ${i + 1}` }
    }))
    await writeFile(file, JSON.stringify(jobs))
    const result = await runScript(
      ['--batch', file, '--concurrency', '20', '--poll-interval', '100ms'],
      { env: cli.env, cwd: cli.workDir }
    )

    expect(result.code).toBe(0)
    expect(result.stderr).toContain('batch: all 120 jobs COMPLETED')
    expect(result.stderr).not.toContain('MaxListenersExceededWarning')
  }, 60_000)
})
