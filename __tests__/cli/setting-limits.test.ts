import { describe, expect, it } from '@jest/globals'
import { POLL_INTERVAL_MS, WAIT_TIMEOUT_MS } from '../../src/action/inputs.js'
import { DURATION_LIMITS } from '../../src/cli/args.js'
import { API_KEY, T2V_PAYLOAD, envelopeOf, runScript, useCliHarness } from './cli-process.js'

const cli = useCliHarness({
  durationsMs: { submittedMs: 200, totalMs: 500 },
  workDirPrefix: 'aivideomaker-cli-limits-'
})

const RUN = ['--model', 't2v', '--payload', JSON.stringify(T2V_PAYLOAD), '--poll-interval', '100ms']

describe('setting limits shared by the action and the CLI', () => {
  it('accepts the same wait-timeout and poll-interval ranges in both faces', () => {
    const range = ({ min, max }: { min: number; max: number }) => ({ min, max })
    expect(range(DURATION_LIMITS['wait-timeout'])).toEqual(range(WAIT_TIMEOUT_MS))
    expect(range(DURATION_LIMITS['poll-interval'])).toEqual(range(POLL_INTERVAL_MS))
  })

  it('--wait-timeout refuses 1ms (below 100ms) as a usage error, sending nothing', async () => {
    const before = cli.sim.stats().totalRequests
    const result = await runScript([...RUN, '--wait-timeout', '1ms'], { env: cli.env })
    expect(result.code).toBe(2)
    expect(envelopeOf(result.stdout).errorMessage).toMatch(/from 100ms to 24h/)
    expect(cli.sim.stats().totalRequests).toBe(before)
  })

  it('--poll-interval longer than --wait-timeout is refused in flag words, sending nothing', async () => {
    const before = cli.sim.stats().totalRequests
    const result = await runScript(
      [...RUN.slice(0, 4), '--wait-timeout', '5', '--poll-interval', '1m'],
      { env: cli.env }
    )
    expect(result.code).toBe(2)
    const envelope = envelopeOf(result.stdout)
    expect(envelope).toMatchObject({ ok: false, errorCode: 'INVALID_INPUT', taskId: null })
    expect(envelope.errorMessage).toMatch(
      /^--poll-interval \(60s\) is longer than --wait-timeout \(5s\): .*TIMEOUT/
    )
    // stderr gives the same next steps as stdout, in the CLI's words.
    expect(envelope.errorMessage).toContain(
      'Fix the flag, environment variable or batch file named above'
    )
    expect(result.stderr).toContain(envelope.errorMessage as string)
    expect(result.stderr).not.toMatch(/option named above|input named above/)
    expect(cli.sim.stats().totalRequests).toBe(before)
  })

  it('--wait-timeout shorter than the default poll interval stays valid (the wait is clipped)', async () => {
    const result = await runScript(
      ['--model', 't2v', '--payload', JSON.stringify(T2V_PAYLOAD), '--wait-timeout', '2s'],
      { env: cli.env }
    )
    expect(envelopeOf(result.stdout).errorCode).not.toBe('INVALID_INPUT')
  })

  it('--wait-timeout accepts 24h, the top of the range', async () => {
    const result = await runScript([...RUN, '--wait-timeout', '24h'], { env: cli.env })
    expect(result.code).toBe(0)
    expect(envelopeOf(result.stdout)).toMatchObject({ ok: true, status: 'COMPLETED' })
  })
})

describe('AIVIDEO_API_KEY', () => {
  it('is trimmed like the action trims it, so a key stored with a trailing newline works', async () => {
    const result = await runScript(['--action', 'account'], {
      env: { ...cli.env, AIVIDEO_API_KEY: `${API_KEY}\n` },
      secrets: [API_KEY]
    })
    expect(envelopeOf(result.stdout)).toMatchObject({ ok: true, errorCode: null })
    expect(result.code).toBe(0)
  })
})
