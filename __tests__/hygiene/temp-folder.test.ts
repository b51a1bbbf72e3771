import { describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { REPO_ROOT, T2V_PAYLOAD } from '../../__fixtures__/runner.js'
import { useTestSimulator } from '../../__fixtures__/test-simulator.js'

const run = promisify(execFile)
const KEY = 'temp-folder-key'
const simulators = useTestSimulator({
  key: KEY,
  balance: 100,
  durationsMs: { submittedMs: 20, totalMs: 60 }
})

/** Runs `body` with a private TMPDIR for the processes it starts; returns what is left in it. */
async function leftInTemp(body: (tmp: string) => Promise<void>): Promise<string[]> {
  const tmp = await mkdtemp(join(tmpdir(), 'aivideo-temp-check-'))
  try {
    await body(tmp)
    return await readdir(tmp)
  } finally {
    await rm(tmp, { recursive: true, force: true })
  }
}

describe('scripts/emulate-runner.mjs', () => {
  it('removes the workspace and runner temp it made once the step has ended', async () => {
    const sim = await simulators.start()
    let outputs: Record<string, string> = {}
    const left = await leftInTemp(async tmp => {
      // The command line runs the repository's dist/index.js (CI proves it matches the source).
      const { stdout } = await run(
        process.execPath,
        [
          join(REPO_ROOT, 'scripts/emulate-runner.mjs'),
          'model=t2v',
          `payload=${JSON.stringify(T2V_PAYLOAD)}`,
          `base-url=${sim.url}`,
          'poll-interval=100ms',
          'download=out/fox.mp4',
          'summary=false'
        ],
        {
          cwd: REPO_ROOT,
          env: { ...process.env, NODE_OPTIONS: '', TMPDIR: tmp, AIVIDEO_API_KEY: KEY },
          timeout: 60_000
        }
      )
      outputs = (JSON.parse(stdout) as { outputs: Record<string, string> }).outputs
    })
    expect(outputs).toMatchObject({ ok: 'true', status: 'COMPLETED' })
    expect(outputs.videoPath).toContain('fox.mp4')
    expect(left).toEqual([])
  })
})
