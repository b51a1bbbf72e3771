import { describe, expect, it } from '@jest/globals'
import { useActionHarness } from '../../__fixtures__/action-harness.js'
import { simInputs } from '../../__fixtures__/runner.js'

const { start, main } = useActionHarness({ durationsMs: { submittedMs: 200, totalMs: 600 } })

describe('wait-timeout', () => {
  it('accepts 250ms, the example action.yml and the design give, and times out with the task id', async () => {
    const s = await start({ durationsMs: { submittedMs: 2_000, totalMs: 4_000 } })
    const result = await main({
      inputs: simInputs(s.url, { 'wait-timeout': '250ms', 'poll-interval': '100ms' })
    })

    expect(result.outputs).toMatchObject({ ok: 'false', errorCode: 'TIMEOUT' })
    expect(result.outputs.taskId).not.toBe('')
    // The deadline is the one asked for, not stretched to a second: polls 100 ms apart fit
    // at most three times into 250 ms (a second would hold ten), however slow the machine.
    const statusReads = Object.values(s.stats().requests.status ?? {}).reduce((a, b) => a + b, 0)
    expect(statusReads).toBeGreaterThanOrEqual(1)
    expect(statusReads).toBeLessThanOrEqual(3)
  })

  it('accepts 24h, as the CLI does (self-hosted runners allow jobs longer than 6h)', async () => {
    const s = await start()
    const result = await main({
      inputs: simInputs(s.url, { 'wait-timeout': '24h', 'poll-interval': '100ms' })
    })

    expect(result.outputs).toMatchObject({ ok: 'true', status: 'COMPLETED' })
  })

  it('refuses 25h, above the range shared with the CLI, and says the range', async () => {
    const s = await start()
    const result = await main({ inputs: simInputs(s.url, { 'wait-timeout': '25h' }) })

    expect(result.outputs.errorCode).toBe('INVALID_INPUT')
    expect(result.outputs.errorMessage).toContain('from 100ms to 24h')
    expect(s.stats().totalRequests).toBe(0)
  })
})

describe('poll-interval', () => {
  it('longer than wait-timeout is refused in input words before anything is sent', async () => {
    const s = await start()
    const result = await main({
      inputs: simInputs(s.url, { 'wait-timeout': '5s', 'poll-interval': '1m' })
    })

    expect(result.outputs).toMatchObject({ ok: 'false', errorCode: 'INVALID_INPUT', taskId: '' })
    expect(result.outputs.errorMessage).toMatch(
      /^poll-interval \(60s\) is longer than wait-timeout \(5s\): .*Fix the input named above/
    )
    expect(result.outputs.errorMessage).not.toContain('--')
    expect(s.stats().totalRequests).toBe(0)
  })

  it('left at its default, a shorter wait-timeout stays valid (the first poll is clipped)', async () => {
    const s = await start()
    const result = await main({ inputs: simInputs(s.url, { 'wait-timeout': '2s' }) })

    expect(result.outputs.errorCode).not.toBe('INVALID_INPUT')
    expect(result.outputs.taskId).not.toBe('')
  })
})
