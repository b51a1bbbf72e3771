import { describe, expect, it } from '@jest/globals'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { useActionHarness } from '../../__fixtures__/action-harness.js'
import { envelopeOf, simInputs } from '../../__fixtures__/runner.js'
import { makeTempDir } from '../../__fixtures__/temp-dirs.js'

const { start, main } = useActionHarness({ durationsMs: { submittedMs: 100, totalMs: 300 } })

describe('words that are true after payment', () => {
  it('reports a Retry-After of 27 hours as 97200 s, not the 60 s sleeps are capped at', async () => {
    const s = await start({
      faults: [{ route: 'status', kind: 'rate-limit', retryAfterSeconds: 97_200 }]
    })
    const result = await main({ inputs: simInputs(s.url, { 'wait-timeout': '30s' }) })

    expect(result.outputs).toMatchObject({
      ok: 'false',
      errorCode: 'RATE_LIMITED',
      retryAfter: '97200'
    })
    expect(result.outputs.taskId).not.toBe('')
    expect(envelopeOf(result).retryAfter).toBe(97_200)
  })

  it('sends a create refused with 429 again within the deadline (nothing was created), once', async () => {
    const s = await start({
      faults: [{ route: 'create', kind: 'rate-limit', retryAfterSeconds: 1, times: 1 }]
    })
    const result = await main({
      inputs: simInputs(s.url, { 'idempotency-key': 'none', 'wait-timeout': '60s' })
    })

    expect(result.outputs).toMatchObject({ ok: 'true', status: 'COMPLETED' })
    expect(result.stdout).toContain('The create was rate limited (HTTP 429), so no task was made')
    expect(s.stats().creations).toBe(1)
    expect(s.stats().credits).toEqual({ charged: 15, refunded: 0 })
  })

  // A poll-interval longer than wait-timeout is refused (setting-limits.test.ts): the
  // longest one allowed puts the first poll on the deadline itself.
  it('checks once at the deadline when the first poll falls on it (wait-timeout 2s, poll-interval 2s)', async () => {
    const s = await start()
    const result = await main({
      inputs: simInputs(s.url, { 'wait-timeout': '2s', 'poll-interval': '2s' })
    })

    expect(result.outputs).toMatchObject({ ok: 'true', status: 'COMPLETED' })
    expect(JSON.parse(result.outputs.data) as unknown).toMatchObject({ timings: { polls: 1 } })
  })
})

describe('run with download after the task was paid', () => {
  it('ends a download folder that is a file in LOCAL_IO_ERROR with the task id, never UNKNOWN_ERROR', async () => {
    const s = await start()
    const workspace = await makeTempDir('aivideo-local-io-')
    await writeFile(join(workspace, 'out'), 'a file where the folder should be')
    const result = await main({
      inputs: simInputs(s.url, { download: 'out/v.mp4' }),
      workspace
    })

    expect(result.code).toBe(1)
    expect(result.outputs).toMatchObject({
      ok: 'false',
      status: 'COMPLETED',
      errorCode: 'LOCAL_IO_ERROR'
    })
    const envelope = envelopeOf(result)
    expect(envelope.taskId).toMatch(/^[A-Za-z0-9_-]+$/)
    expect(envelope.taskId).toBe(result.outputs.taskId)
    const message = result.outputs.errorMessage
    expect(message).toContain(`Task ${result.outputs.taskId} is COMPLETED (15 credits charged)`)
    expect(message).toContain(join(workspace, 'out'))
    expect(message).toMatch(/ENOTDIR|EEXIST/)
    expect(message).not.toMatch(/connectivity/)
    expect(result.stdout).toContain('::error::')
    expect(s.stats().creations).toBe(1)
  })

  it('reports a video over download-max-bytes with the task id and the credits, not "nothing was sent"', async () => {
    const s = await start()
    const result = await main({
      inputs: simInputs(s.url, { download: 'out/v.mp4', 'download-max-bytes': '10' })
    })

    expect(result.code).toBe(1)
    expect(result.outputs).toMatchObject({
      ok: 'false',
      status: 'COMPLETED',
      errorCode: 'DOWNLOAD_REFUSED'
    })
    const message = result.outputs.errorMessage
    expect(message).toContain(`Task ${result.outputs.taskId} is COMPLETED (15 credits charged)`)
    expect(message).toMatch(/download size limit is 10 bytes/)
    expect(message).not.toMatch(/nothing was sent/i)
    expect(s.stats().credits).toEqual({ charged: 15, refunded: 0 })
  })
})
