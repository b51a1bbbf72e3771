import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { json, startScriptedServer } from '../../__fixtures__/scripted-server.js'
import { useTestSimulator } from '../../__fixtures__/test-simulator.js'
import {
  T2V_PAYLOAD,
  buildCli,
  envelopeOf,
  startScript,
  type ScriptOptions,
  type ScriptResult
} from '../cli/cli-process.js'
import { HYGIENE_KEY, echoingMessage } from './hygiene-key.js'
import { findSecretLeaks, writtenFiles } from './secret-scan.js'

/**
 * Issue 8, secret hygiene of the CLI (`node scripts/run-workflow.mjs`): each scenario runs
 * the real script with a distinctive AIVIDEO_API_KEY, and stdout, stderr and every file
 * written in its working directory (the download included) are scanned for the key in
 * every form. (startScript scans every CLI run the same way; here the scenarios are
 * chosen to tempt a leak, and the checks are explicit.)
 */

const KEY = HYGIENE_KEY
const RUN = ['--model', 't2v', '--payload', JSON.stringify(T2V_PAYLOAD), '--poll-interval', '100ms']
let workDir: string
let scanned = { runs: 0, artefacts: 0 }

beforeAll(async () => {
  await buildCli()
  workDir = await mkdtemp(join(tmpdir(), 'aivideo-hygiene-cli-'))
})

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true })
  console.log(
    `CLI secret hygiene: ${scanned.runs} runs, ${scanned.artefacts} artefacts scanned, no leak`
  )
})

const { start, closeAfterTest } = useTestSimulator({
  key: KEY,
  durationsMs: { submittedMs: 200, totalMs: 500 }
})

/** Runs the CLI against `baseUrl` and checks explicitly that the key is nowhere. */
async function cli(
  baseUrl: string,
  args: string[],
  options: ScriptOptions & { key?: string; interruptOn?: RegExp } = {}
): Promise<ScriptResult> {
  const key = options.key ?? KEY
  const since = Date.now() - 100
  const running = startScript(args, {
    cwd: workDir,
    ...options,
    env: { AIVIDEO_API_KEY: key, AIVIDEO_BASE_URL: baseUrl, ...options.env }
  })
  if (options.interruptOn) {
    await running.waitForStderr(options.interruptOn)
    running.child.kill('SIGINT')
  }
  const result = await running.done
  const artefacts = [
    { where: 'stdout', content: result.stdout },
    { where: 'stderr', content: result.stderr },
    ...(await writtenFiles(workDir, since))
  ]
  scanned = { runs: scanned.runs + 1, artefacts: scanned.artefacts + artefacts.length }
  expect(findSecretLeaks([key], artefacts)).toEqual([])
  return result
}

describe('the CLI never shows the key', () => {
  it('in a run that creates, waits, fetches and downloads', async () => {
    const s = await start()
    const result = await cli(s.url, [...RUN, '--download', 'out/fox.mp4'])

    expect(envelopeOf(result.stdout)).toMatchObject({ ok: true, status: 'COMPLETED' })
  })

  it('in a 401 whose upstream message echoes the key (raw, URL-encoded, base64)', async () => {
    const s = await start({
      faults: [{ route: 'create', kind: 'http-error', status: 401, message: echoingMessage(KEY) }]
    })
    const result = await cli(s.url, RUN)

    expect(envelopeOf(result.stdout).errorCode).toBe('AUTH_FAILED')
  })

  it('refuses a --base-url holding the key (hex in its path) before any request', async () => {
    const s = await start()
    const result = await cli(s.url, [
      ...RUN,
      '--base-url',
      `${s.url}/${Buffer.from(KEY).toString('hex')}`
    ])

    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/--base-url contains the API key/)
    expect(s.stats().totalRequests).toBe(0)
  })

  it('in 5xx answers echoing the key that are retried', async () => {
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
    const result = await cli(s.url, RUN)

    expect(envelopeOf(result.stdout).ok).toBe(true)
    expect(result.stderr).toMatch(/HTTP 503; retry 1/)
  })

  it('in a 402, a FAILED task and a TIMEOUT', async () => {
    const poor = await start({ balance: 5 })
    expect(envelopeOf((await cli(poor.url, RUN)).stdout).errorCode).toBe('INSUFFICIENT_CREDITS')
    await poor.stop()

    const s = await start()
    const failing = ['--payload', JSON.stringify({ ...T2V_PAYLOAD, prompt: 'a fox [sim:fail]' })]
    const failed = await cli(s.url, ['--model', 't2v', ...failing, '--poll-interval', '100ms'])
    expect(envelopeOf(failed.stdout).errorCode).toBe('TASK_FAILED')
    await s.stop()

    const slow = await start({ durationsMs: { submittedMs: 20_000, totalMs: 30_000 } })
    const timedOut = await cli(slow.url, [...RUN, '--wait-timeout', '1s'])
    expect(envelopeOf(timedOut.stdout).errorCode).toBe('TIMEOUT')
  })

  it('in a run interrupted by Ctrl-C that cancels its task', async () => {
    const s = await start({ durationsMs: { submittedMs: 20_000, totalMs: 30_000 } })
    const result = await cli(s.url, RUN, { interruptOn: /is SUBMITTED/ })

    expect(envelopeOf(result.stdout).errorCode).toBe('TASK_CANCELLED')
  })

  it('in quote, account, listTasks, createGeneration, getStatus, getTask and cancelTask', async () => {
    const s = await start({ durationsMs: { submittedMs: 20_000, totalMs: 30_000 } })
    const body = ['--model', 't2v', '--payload', JSON.stringify(T2V_PAYLOAD)]
    await cli(s.url, ['--action', 'quote', ...body])
    await cli(s.url, ['--action', 'account'])
    const created = envelopeOf((await cli(s.url, ['--action', 'createGeneration', ...body])).stdout)
    await cli(s.url, ['--action', 'listTasks'])
    for (const action of ['getStatus', 'getTask', 'cancelTask']) {
      const result = await cli(s.url, ['--action', action, '--taskId', created.taskId as string])
      expect(envelopeOf(result.stdout).ok).toBe(true)
    }
  })

  it('in a usage error, and for a wrong key', async () => {
    const s = await start()
    const refused = await cli(s.url, ['--model', 't2v', '--payload', '{"prompt":'])
    expect(refused.code).toBe(2)
    const wrong = 'sk-wrong/9+Hq2=Zt7yU4'
    const denied = await cli(s.url, RUN, { key: wrong })
    expect(envelopeOf(denied.stdout).errorCode).toBe('AUTH_FAILED')
  })
})

describe('the CLI never passes on a key an upstream echoes in a successful answer', () => {
  it('in the account data, a task detail and the list', async () => {
    const upstream = closeAfterTest(await startScriptedServer())
    const echoed = { apiKey: KEY, note: echoingMessage(KEY) }
    upstream.answer(json(200, { supportedModels: ['t2v'], currentBalance: 10, ...echoed }))
    await cli(upstream.url, ['--action', 'account'])
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
    await cli(upstream.url, ['--action', 'getTask', '--taskId', 'ck-echo'])
    upstream.answer(json(200, { tasks: [{ id: 'ck-echo', status: 'SUBMITTED', ...echoed }] }))
    await cli(upstream.url, ['--action', 'listTasks'])
  })
})
