import { describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { REPO_ROOT, T2V_PAYLOAD } from '../../__fixtures__/runner.js'
import { makeTempDir } from '../../__fixtures__/temp-dirs.js'
import { useSharedSimulator } from '../../__fixtures__/test-simulator.js'

// `npm run local-action` runs `local-action run . src/action/main.ts .env`; this runs the
// same pinned devDependency on a .env of its own, with no terminal to answer prompts.
const exec = promisify(execFile)
const KEY = 'local-action-key'
const sim = useSharedSimulator({
  keys: [{ key: KEY, balance: 100 }],
  durationsMs: { submittedMs: 100, totalMs: 300 }
})

/** The outputs of a `::set-output name=<name>::<value>` log (local-action's own form). */
function outputsOf(stdout: string): Record<string, string> {
  const pairs = [...stdout.matchAll(/^::set-output name=([^:]+)::(.*)$/gm)]
  return Object.fromEntries(pairs.map(([, name, value]) => [name, value]))
}

describe('npm run local-action', () => {
  it('runs src/action/main.ts against the simulator non-interactively and sets the outputs', async () => {
    const dir = await makeTempDir('aivideo-local-action-')
    const env = join(dir, '.env')
    await writeFile(
      env,
      [
        'INPUT_MODEL=t2v',
        `INPUT_PAYLOAD=${JSON.stringify(T2V_PAYLOAD)}`,
        `INPUT_API-KEY=${KEY}`,
        `INPUT_BASE-URL=${sim.url}`,
        'INPUT_POLL-INTERVAL=100ms',
        'INPUT_SUMMARY=false',
        ''
      ].join('\n')
    )
    const { stdout } = await exec(
      join(REPO_ROOT, 'node_modules/.bin/local-action'),
      ['run', '.', 'src/action/main.ts', env],
      {
        cwd: REPO_ROOT,
        // tsx keeps a compile cache in the temp folder: give it one that is removed after.
        env: { ...process.env, NODE_OPTIONS: '', CI: 'true', TMPDIR: dir },
        timeout: 150_000,
        maxBuffer: 16 * 1024 * 1024
      }
    )
    const outputs = outputsOf(stdout)
    expect(outputs).toMatchObject({ ok: 'true', status: 'COMPLETED', errorCode: '' })
    expect(outputs.taskId).toMatch(/^ck/)
    expect(outputs.videoUrl).toContain(sim.url)
    expect(sim.stats().creations).toBe(1)
    expect(stdout).not.toContain(`::set-output name=api-key`)
  }, 180_000)
})
