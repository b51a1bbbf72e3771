import { afterAll, describe, expect, it } from '@jest/globals'
import { useActionHarness, type StepOptions } from '../../__fixtures__/action-harness.js'
import {
  T2V_PAYLOAD,
  type RunActionOptions,
  type RunActionResult
} from '../../__fixtures__/runner.js'
import { json, startScriptedServer } from '../../__fixtures__/scripted-server.js'
import { HYGIENE_KEY, echoingMessage } from './hygiene-key.js'
import { actionStepArtefacts, findSecretLeaks } from './secret-scan.js'

/**
 * Issue 8, secret hygiene of the action: each scenario runs with a distinctive key and
 * every artefact — stdout (outside `::add-mask::`), stderr, outputs, state, summary,
 * files written in the workspace — is scanned for the key in every form. The key must be
 * masked before the first other line of output. (runAction scans every e2e run the same
 * way; here the scenarios are chosen to tempt a leak, and the checks are explicit.)
 */

const KEY = HYGIENE_KEY
let scanned = { runs: 0, artefacts: 0 }

const harness = useActionHarness({ key: KEY, durationsMs: { submittedMs: 200, totalMs: 500 } })
const { start, closeAfterTest } = harness

afterAll(() => {
  console.log(
    `action secret hygiene: ${scanned.runs} steps, ${scanned.artefacts} artefacts scanned, no leak`
  )
})

function inputsFor(baseUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    model: 't2v',
    payload: JSON.stringify(T2V_PAYLOAD),
    'api-key': KEY,
    'base-url': baseUrl,
    // Only run reads poll-interval; the action refuses an input its action does not read.
    ...(extra.action === undefined || extra.action === 'run' ? { 'poll-interval': '100ms' } : {}),
    ...extra
  }
}

function taskInputs(baseUrl: string, action: string, extra: Record<string, string> = {}) {
  return { action, 'api-key': KEY, 'base-url': baseUrl, ...extra }
}

/** Runs a step and checks it explicitly: the mask comes first, the key is nowhere else. */
async function step(
  { script = 'dist/index.js', ...options }: StepOptions & { script?: RunActionOptions['script'] },
  key = KEY
): Promise<RunActionResult> {
  const since = Date.now() - 100
  const result = await harness.step(script, options)
  const artefacts = await actionStepArtefacts(result, since)
  scanned = { runs: scanned.runs + 1, artefacts: scanned.artefacts + artefacts.length }
  expect(result.stdout.split('\n')[0]).toBe(`::add-mask::${key}`)
  expect(findSecretLeaks([key], artefacts)).toEqual([])
  return result
}

describe('the action never shows the key', () => {
  it.each([
    ['in its path', (url: string) => `${url}/${KEY}`],
    ['URL-encoded in its path', (url: string) => `${url}/v/${encodeURIComponent(KEY)}`],
    ['hex-encoded in its path', (url: string) => `${url}/${Buffer.from(KEY).toString('hex')}`]
  ])(
    'refuses a base-url holding the key %s: nothing sent, nothing saved to GITHUB_STATE',
    async (_where, withKey) => {
      const s = await start()
      const result = await step({ inputs: inputsFor(withKey(s.url)) })

      expect(result.outputs).toMatchObject({ ok: 'false', errorCode: 'INVALID_INPUT' })
      expect(result.outputs.errorMessage).toMatch(/base-url contains the API key/)
      expect(Object.values(result.state).join('\n')).not.toContain(s.url)
      expect(s.stats().totalRequests).toBe(0)
    }
  )

  it('in a run that creates, waits, fetches and downloads', async () => {
    const s = await start()
    const result = await step({ inputs: inputsFor(s.url, { download: 'out/fox.mp4' }) })

    expect(result.outputs).toMatchObject({ ok: 'true', status: 'COMPLETED' })
    expect(result.outputs.videoPath).toContain('fox.mp4')
  })

  it('in a 401 whose upstream message echoes the key (raw, URL-encoded, base64)', async () => {
    const s = await start({
      faults: [{ route: 'create', kind: 'http-error', status: 401, message: echoingMessage(KEY) }]
    })
    const result = await step({ inputs: inputsFor(s.url) })

    expect(result.outputs).toMatchObject({ ok: 'false', errorCode: 'AUTH_FAILED' })
  })

  it('in 5xx answers echoing the key that are retried (the retry log lines)', async () => {
    const s = await start({
      faults: [
        {
          route: 'status',
          kind: 'http-error',
          status: 503,
          times: 2,
          message: echoingMessage(KEY)
        }
      ]
    })
    const result = await step({ inputs: inputsFor(s.url) })

    expect(result.outputs.ok).toBe('true')
    expect(result.stdout).toMatch(/HTTP 503; retry 1/)
  })

  it('in a 402 (insufficient credits)', async () => {
    const s = await start({ balance: 5 })
    const result = await step({ inputs: inputsFor(s.url) })

    expect(result.outputs.errorCode).toBe('INSUFFICIENT_CREDITS')
  })

  it('in a task that ends FAILED', async () => {
    const s = await start()
    const payload = JSON.stringify({ ...T2V_PAYLOAD, prompt: 'a fox [sim:fail]' })
    const result = await step({ inputs: inputsFor(s.url, { payload }) })

    expect(result.outputs.errorCode).toBe('TASK_FAILED')
  })

  it('in a TIMEOUT', async () => {
    const s = await start({ durationsMs: { submittedMs: 20_000, totalMs: 30_000 } })
    const result = await step({ inputs: inputsFor(s.url, { 'wait-timeout': '1s' }) })

    expect(result.outputs.errorCode).toBe('TIMEOUT')
  })

  it('in a step cancelled by SIGINT that cancels its task, and in the post step after it', async () => {
    const s = await start({ durationsMs: { submittedMs: 20_000, totalMs: 30_000 } })
    const inputs = inputsFor(s.url)
    const main = await step({ inputs, signalOn: /Task \S+: SUBMITTED/, signalAfterMs: 100 })
    const post = await step({ script: 'dist/post.js', inputs, stateFrom: main.state })

    expect(main.outputs.errorCode).toBe('TASK_CANCELLED')
    expect(main.stdout).toContain('Cancelled task')
    expect(post.code).toBe(0)
  })

  it('in quote, account, listTasks, createGeneration, getStatus, getTask and cancelTask', async () => {
    const s = await start({ durationsMs: { submittedMs: 20_000, totalMs: 30_000 } })
    await step({ inputs: inputsFor(s.url, { action: 'quote' }) })
    await step({ inputs: taskInputs(s.url, 'account') })
    const created = await step({ inputs: inputsFor(s.url, { action: 'createGeneration' }) })
    const taskId = created.outputs.taskId
    await step({ inputs: taskInputs(s.url, 'listTasks') })
    for (const action of ['getStatus', 'getTask', 'cancelTask']) {
      const result = await step({ inputs: taskInputs(s.url, action, { 'task-id': taskId }) })
      expect(result.outputs.ok).toBe('true')
    }
  })

  it('in a local validation failure, and masks first even then', async () => {
    const s = await start()
    const result = await step({ inputs: inputsFor(s.url, { payload: '{"prompt":' }) })

    expect(result.outputs.errorCode).toBe('INVALID_PAYLOAD')
    expect(s.stats().totalRequests).toBe(0)
  })

  it('for a key taken from env AIVIDEO_API_KEY, and for a wrong key', async () => {
    const s = await start()
    await step({
      inputs: inputsFor(s.url, { action: 'account', 'api-key': '' }),
      env: { AIVIDEO_API_KEY: KEY }
    })
    const wrong = 'sk-wrong/9+Hq2=Zt7yU4'
    const refused = await step({ inputs: inputsFor(s.url, { 'api-key': wrong }) }, wrong)
    expect(refused.outputs.errorCode).toBe('AUTH_FAILED')
  })
})

describe('the action never passes on a key an upstream echoes in a successful answer', () => {
  it('in the account data, a task detail and the list (outputs, summary)', async () => {
    const upstream = closeAfterTest(await startScriptedServer())
    const echoed = { apiKey: KEY, note: echoingMessage(KEY) }
    upstream.answer(
      json(200, {
        supportedModels: ['t2v'],
        currentBalance: 10,
        ...echoed
      })
    )
    await step({ inputs: taskInputs(upstream.url, 'account') })
    upstream.answer(
      json(200, {
        id: 'ck-echo',
        model: 't2v',
        status: 'FAILED',
        error: echoingMessage(KEY),
        input: { prompt: 'fox' },
        ...echoed
      })
    )
    await step({ inputs: taskInputs(upstream.url, 'getTask', { 'task-id': 'ck-echo' }) })
    upstream.answer(json(200, { tasks: [{ id: 'ck-echo', status: 'SUBMITTED', ...echoed }] }))
    await step({ inputs: taskInputs(upstream.url, 'listTasks') })
  })
})
