import { describe, expect, it } from '@jest/globals'
import { readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import {
  T2V_PAYLOAD,
  checkRunsForTheKey,
  envelopeOf,
  runCliOnTerminal,
  runScript,
  useCliHarness
} from './cli-process.js'

const cli = useCliHarness({
  durationsMs: { submittedMs: 300, totalMs: 800 },
  workDirPrefix: 'aivideomaker-cli-output-'
})

const RUN = ['--model', 't2v', '--payload', JSON.stringify(T2V_PAYLOAD), '--poll-interval', '100ms']

checkRunsForTheKey()

describe('--download', () => {
  it('saves the video (creating folders) and reports path and size', async () => {
    const target = join(cli.workDir, 'out', 'fox.mp4')
    const result = await runScript([...RUN, '--download', 'out/fox.mp4'], {
      env: cli.env,
      cwd: cli.workDir
    })
    expect(result.code).toBe(0)
    const envelope = envelopeOf(result.stdout)
    const saved = (envelope.data as { download: { path: string; bytes: number } }).download
    expect(saved.path).toBe(target)
    const file = await readFile(target)
    expect(file.length).toBe(saved.bytes)
    expect(file.subarray(4, 8).toString('latin1')).toBe('ftyp')
    expect(result.stderr).toContain(`saved ${saved.bytes} bytes to ${target}`)
  })

  it('resumes a task by id and downloads its video', async () => {
    const created = envelopeOf(
      (
        await runScript(
          [
            '--action',
            'createGeneration',
            '--model',
            't2v',
            '--payload',
            JSON.stringify(T2V_PAYLOAD)
          ],
          {
            env: cli.env
          }
        )
      ).stdout
    )
    const result = await runScript(
      ['--taskId', created.taskId as string, '--download', 'later.mp4', '--poll-interval', '100ms'],
      { env: cli.env, cwd: cli.workDir }
    )
    expect(result.code).toBe(0)
    expect((await stat(join(cli.workDir, 'later.mp4'))).size).toBeGreaterThan(0)
  })
})

describe('stdout and stderr', () => {
  it('--quiet prints nothing on stderr, and the envelope on stdout', async () => {
    const result = await runScript([...RUN, '--quiet'], { env: cli.env })
    expect(result.code).toBe(0)
    expect(result.stderr).toBe('')
    expect(envelopeOf(result.stdout).ok).toBe(true)
  })

  it('without a terminal, progress is plain lines on stderr (one per status change)', async () => {
    const result = await runScript(RUN, { env: cli.env })
    const lines = result.stderr.trim().split('\n')
    expect(lines.every(line => line.startsWith('aivideomaker: '))).toBe(true)
    expect(result.stderr).not.toContain('\r')
    expect(lines.filter(line => / is SUBMITTED \(/.test(line)).length).toBeLessThanOrEqual(1)
  })

  it('--idempotency-key auto repeats the same task instead of paying twice', async () => {
    const args = [
      '--action',
      'createGeneration',
      '--model',
      't2v',
      '--payload',
      JSON.stringify({ ...T2V_PAYLOAD, prompt: 'idem fox' }),
      '--idempotency-key',
      'auto'
    ]
    const first = envelopeOf((await runScript(args, { env: cli.env })).stdout)
    const creations = cli.sim.stats().creations
    const second = envelopeOf((await runScript(args, { env: cli.env })).stdout)
    expect(second.taskId).toBe(first.taskId)
    expect(second.data).toMatchObject({ idempotentReplay: true })
    expect(cli.sim.stats().creations).toBe(creations)
  })
})

describe('on a terminal (runCli in-process with TTY streams)', () => {
  function runOnTerminal(args: string[]) {
    return runCliOnTerminal(args, { env: cli.env, cwd: cli.workDir })
  }

  it('pretty-prints the envelope and keeps one live progress line', async () => {
    const result = await runOnTerminal(RUN)
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/^\{\n {2}"ok": true,\n/)
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: true, status: 'COMPLETED' })
    expect(result.stderr).toContain('\r\x1b[2K')
    expect(result.stderr).toMatch(/is COMPLETED after .*\n/)
  })

  it('--json keeps the envelope on one line', async () => {
    const result = await runOnTerminal(['--action', 'account', '--json'])
    expect(result.code).toBe(0)
    expect(envelopeOf(result.stdout).ok).toBe(true)
  })
})

describe('secrets', () => {})
