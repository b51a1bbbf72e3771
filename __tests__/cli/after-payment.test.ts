import { describe, expect, it } from '@jest/globals'
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import {
  T2V_PAYLOAD,
  checkRunsForTheKey,
  envelopeOf,
  runScript,
  useCliHarness
} from './cli-process.js'

const cli = useCliHarness({
  durationsMs: { submittedMs: 100, totalMs: 300 },
  key: { balance: 100_000, generationRequestsPerMinute: -1 },
  workDirPrefix: 'aivideomaker-cli-after-payment-'
})

const RUN = ['--model', 't2v', '--payload', JSON.stringify(T2V_PAYLOAD), '--poll-interval', '100ms']

checkRunsForTheKey()

describe('a local failure after the task was paid', () => {
  it('--download into a folder that is a file ends in LOCAL_IO_ERROR with the task id', async () => {
    const folder = await mkdtemp(join(cli.workDir, 'single-'))
    await writeFile(join(folder, 'out'), 'a file where the folder should be')
    const result = await runScript([...RUN, '--download', 'out/v.mp4'], {
      env: cli.env,
      cwd: folder
    })

    expect(result.code).toBe(1)
    const envelope = envelopeOf(result.stdout)
    expect(envelope).toMatchObject({ ok: false, status: 'COMPLETED', errorCode: 'LOCAL_IO_ERROR' })
    expect(envelope.taskId).toMatch(/^[A-Za-z0-9_-]+$/)
    expect(envelope.errorMessage).toContain(`Task ${envelope.taskId} is COMPLETED`)
    expect(envelope.errorMessage).toContain(join(folder, 'out'))
    expect(envelope.errorMessage).toMatch(/ENOTDIR|EEXIST/)
  })

  it('a batch item whose file is a directory (rename EISDIR) keeps its task id; the others are saved', async () => {
    const folder = await mkdtemp(join(cli.workDir, 'batch-'))
    await mkdir(join(folder, 'videos', 'b.mp4', 'inside'), { recursive: true })
    const jobs = ['a', 'b'].map(name => ({
      name,
      model: 't2v',
      payload: { ...T2V_PAYLOAD, prompt: `local io ${name}: a red fox in snow` }
    }))
    await writeFile(join(folder, 'jobs.json'), JSON.stringify(jobs))
    const result = await runScript(
      ['--batch', 'jobs.json', '--download', 'videos', '--poll-interval', '100ms'],
      { env: cli.env, cwd: folder }
    )

    expect(result.code).toBe(1)
    const batch = envelopeOf(result.stdout)
    const results = (batch.data as { results: Array<Record<string, unknown>> }).results
    const [a, b] = results
    expect(a).toMatchObject({ name: 'a', ok: true })
    expect(b).toMatchObject({
      name: 'b',
      ok: false,
      status: 'COMPLETED',
      errorCode: 'LOCAL_IO_ERROR'
    })
    expect(b.taskId).toMatch(/^[A-Za-z0-9_-]+$/)
    expect(b.errorMessage).toContain(`Task ${String(b.taskId)} is COMPLETED`)
    expect(b.errorMessage).toMatch(/EISDIR|ENOTEMPTY|EEXIST/)
    expect(b.errorMessage).not.toMatch(/connectivity|nothing was sent/i)
  })
})

describe('the wait deadline', () => {
  // A --poll-interval longer than --wait-timeout is refused (setting-limits.test.ts): the
  // longest one allowed puts the first poll on the deadline itself.
  it('--wait-timeout 2s --poll-interval 2s checks once at the deadline and reports the finished task', async () => {
    const result = await runScript(
      [
        '--model',
        't2v',
        '--payload',
        JSON.stringify(T2V_PAYLOAD),
        '--wait-timeout',
        '2s',
        '--poll-interval',
        '2s'
      ],
      { env: cli.env, cwd: cli.workDir }
    )

    const envelope = envelopeOf(result.stdout)
    expect(envelope).toMatchObject({ ok: true, status: 'COMPLETED', errorCode: null })
    expect((envelope.data as { timings: { polls: number } }).timings.polls).toBe(1)
    expect(result.code).toBe(0)
  })
})
