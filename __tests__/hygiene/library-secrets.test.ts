import { describe, expect, it } from '@jest/globals'
import { createClient, run } from '../../src/index.js'
import { json, startScriptedServer } from '../../__fixtures__/scripted-server.js'
import { useTestSimulator } from '../../__fixtures__/test-simulator.js'
import { HYGIENE_KEY, echoingMessage } from './hygiene-key.js'
import { findSecretLeaks } from './secret-scan.js'

/**
 * Issue 8, secret hygiene of the library face: envelopes (error messages and data) and
 * thrown errors never carry the key, even when the upstream echoes it.
 */

const KEY = HYGIENE_KEY
const PAYLOAD = { prompt: 'a red fox in snow', aspectRatio: '16:9', duration: '5' }
const { start, closeAfterTest } = useTestSimulator({
  key: KEY,
  durationsMs: { submittedMs: 20_000, totalMs: 30_000 }
})

function expectClean(value: unknown, where: string): void {
  const text = value instanceof Error ? `${value.message}\n${value.stack}` : JSON.stringify(value)
  expect(findSecretLeaks([KEY], [{ where, content: text }])).toEqual([])
}

describe('the library never returns or throws the key', () => {
  it('in error envelopes whose upstream message echoes it (raw, URL-encoded, base64)', async () => {
    const sim = await start({
      faults: [
        { route: 'create', kind: 'http-error', status: 401, message: echoingMessage(KEY) },
        { route: 'account', kind: 'http-error', status: 500, message: echoingMessage(KEY) }
      ]
    })
    const client = createClient({ apiKey: KEY, baseUrl: sim.url, maxRetries: 0 })
    const created = await client.createGeneration('t2v', PAYLOAD)
    const account = await client.account()

    expect(created.errorCode).toBe('AUTH_FAILED')
    expect(account.ok).toBe(false)
    expectClean(created, 'createGeneration envelope')
    expectClean(account, 'account envelope')
  })

  it('in data an upstream echoes it in (account, task detail, list)', async () => {
    const upstream = closeAfterTest(await startScriptedServer())
    const client = createClient({ apiKey: KEY, baseUrl: upstream.url })
    const echoed = { apiKey: KEY, note: echoingMessage(KEY) }
    upstream.answer(json(200, { supportedModels: ['t2v'], currentBalance: 10, ...echoed }))
    expectClean(await client.account(), 'account envelope')
    upstream.answer(
      json(200, { id: 'ck-echo', status: 'FAILED', error: echoingMessage(KEY), ...echoed })
    )
    expectClean(await client.getTask('ck-echo'), 'getTask envelope')
    upstream.answer(json(200, { tasks: [{ id: 'ck-echo', status: 'SUBMITTED', ...echoed }] }))
    expectClean(await client.listTasks(), 'listTasks envelope')
  })

  it('in a run that fails, times out or is aborted (envelope or thrown error)', async () => {
    const sim = await start()
    const client = createClient({ apiKey: KEY, baseUrl: sim.url })
    const timedOut = await run(
      { model: 't2v', payload: PAYLOAD, waitTimeoutMs: 300, pollIntervalMs: 100 },
      { client }
    )
    expect(timedOut.errorCode).toBe('TIMEOUT')
    expectClean(timedOut, 'run envelope')

    const aborted = await client
      .getStatus(timedOut.taskId as string, { signal: AbortSignal.abort(new Error('stop')) })
      .then(
        envelope => envelope,
        (error: unknown) => error
      )
    expectClean(aborted, 'aborted getStatus')
  })
})
