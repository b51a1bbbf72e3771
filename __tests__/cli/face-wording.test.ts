import { describe, expect, it } from '@jest/globals'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { T2V_PAYLOAD, envelopeOf, runScript, useCliHarness } from './cli-process.js'

const cli = useCliHarness({
  durationsMs: { submittedMs: 2_000, totalMs: 4_000 },
  workDirPrefix: 'aivideomaker-cli-wording-'
})

const PAYLOAD = JSON.stringify(T2V_PAYLOAD)
/** Words that belong to the action's inputs, never to a CLI message. */
const ACTION_WORDS = /input api-key|task-id:|with task-id|action run with/

async function cliRun(args: string[], env: Record<string, string> = cli.env) {
  const result = await runScript(args, { env, cwd: cli.workDir })
  return { ...result, envelope: envelopeOf(result.stdout) }
}

describe('CLI messages name flags and environment variables', () => {
  it('answers --api-key by pointing at AIVIDEO_API_KEY and shell history', async () => {
    const secret = 'sk-typed-on-the-command-line'
    const { code, stderr, stdout } = await cliRun(['--api-key', secret, '--model', 't2v'])
    expect(code).toBe(2)
    expect(stderr).toContain('AIVIDEO_API_KEY')
    expect(stderr).toContain('shell history')
    expect(stderr).not.toContain('unknown flag')
    expect(stdout + stderr).not.toContain(secret)
  })

  it('asks for AIVIDEO_API_KEY, not the input api-key, when no key is set', async () => {
    const { envelope } = await cliRun(['--model', 't2v', '--payload', PAYLOAD], {
      AIVIDEO_BASE_URL: cli.env.AIVIDEO_BASE_URL
    })
    expect(envelope.errorCode).toBe('AUTH_FAILED')
    expect(envelope.errorMessage).toContain('environment variable AIVIDEO_API_KEY')
    expect(envelope.errorMessage).not.toMatch(ACTION_WORDS)
  })

  it('says a replayed task is waited for, never "created", and finds it done at once', async () => {
    const args = ['--model', 't2v', '--payload', PAYLOAD, '--idempotency-key', 'wording-replay-1']
    const first = await cliRun([...args, '--poll-interval', '100ms'])
    expect(first.envelope).toMatchObject({ ok: true, status: 'COMPLETED' })
    const taskId = first.envelope.taskId as string
    // The longest poll interval: a replay waited on like a new task would sleep 10 minutes.
    const again = await cliRun([...args, '--poll-interval', '10m', '--wait-timeout', '10m'])
    expect(again.envelope).toMatchObject({ ok: true, status: 'COMPLETED', taskId })
    expect(again.stderr).not.toContain(`created task ${taskId}`)
    expect(again.stderr).toContain(`waiting for task ${taskId}`)
  })

  it('quote says the coercion of a numeric duration on stderr, as run does', async () => {
    const payload = JSON.stringify({ ...T2V_PAYLOAD, duration: 5 })
    const { envelope, stderr } = await cliRun([
      '--action',
      'quote',
      '--model',
      't2v',
      '--payload',
      payload
    ])
    expect(envelope).toMatchObject({ ok: true, errorCode: null })
    expect(stderr).toContain(
      'payload.duration was the number 5; sent as the string "5" as t2v expects'
    )
  })

  it('gives the exact resume and cancel commands on TIMEOUT', async () => {
    const { envelope } = await cliRun([
      '--model',
      't2v',
      '--payload',
      PAYLOAD,
      '--wait-timeout',
      '250ms'
    ])
    expect(envelope).toMatchObject({ errorCode: 'TIMEOUT', status: 'SUBMITTED' })
    const id = String(envelope.taskId)
    expect(envelope.errorMessage).toContain(`aivideomaker --taskId ${id}`)
    expect(envelope.errorMessage).toContain(`aivideomaker --action cancelTask --taskId ${id}`)
    expect(envelope.errorMessage).not.toMatch(ACTION_WORDS)
    await cliRun(['--action', 'cancelTask', '--taskId', id])
  })

  it('says "flag" for a missing --taskId', async () => {
    const { envelope } = await cliRun(['--action', 'getStatus'])
    expect(envelope.errorMessage).toMatch(
      /Fix the flag, environment variable or batch file named above/
    )
  })

  it('does not ask to fix named fields when the payload is not JSON', async () => {
    const { envelope } = await cliRun(['--model', 't2v', '--payload', '{"prompt":'])
    expect(envelope.errorCode).toBe('INVALID_PAYLOAD')
    expect(envelope.errorMessage).not.toContain('named fields')
  })

  it('says "quoted 1 job", in the singular', async () => {
    const file = join(cli.workDir, 'one.json')
    await writeFile(file, JSON.stringify([{ name: 'solo', model: 't2v', payload: T2V_PAYLOAD }]))
    const { stderr } = await cliRun([
      '--batch',
      file,
      '--max-total-credits',
      '1000',
      '--wait-timeout',
      '250ms'
    ])
    expect(stderr).toMatch(/quoted 1 job: \d+ credits/)
  })
})
