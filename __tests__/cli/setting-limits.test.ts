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
