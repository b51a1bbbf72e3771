import { describe, expect, it } from '@jest/globals'
import { mkdir, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { useActionHarness } from '../../__fixtures__/action-harness.js'
import { E2E_KEY, T2V_PAYLOAD, simInputs } from '../../__fixtures__/runner.js'
import { makeTempDir } from '../../__fixtures__/temp-dirs.js'

const { start, main } = useActionHarness({ durationsMs: { submittedMs: 200, totalMs: 500 } })

/** A workspace holding payload.json, and a directory beside it holding outside.json. */
async function workspaceWithFiles(): Promise<{ workspace: string; outside: string }> {
  const root = await makeTempDir('aivideo-ws-')
  const workspace = join(root, 'ws')
  const outside = join(root, 'outside')
  await mkdir(workspace)
  await mkdir(outside)
  await writeFile(join(workspace, 'payload.json'), JSON.stringify(T2V_PAYLOAD))
  await writeFile(join(outside, 'outside.json'), JSON.stringify(T2V_PAYLOAD))
  await symlink(outside, join(workspace, 'linked'))
  return { workspace, outside }
}

describe('validation', () => {
  const cases: [string, Record<string, string>, string, RegExp][] = [
    ['an unknown model', { model: 't2x' }, 'INVALID_MODEL', /Unsupported model "t2x"/],
    ['no model', { model: '' }, 'INVALID_MODEL', /needs model/],
    [
      'a payload that is not JSON',
      { payload: '{prompt: fox}' },
      'INVALID_PAYLOAD',
      /not valid JSON/
    ],
    [
      'a payload the schema refuses',
      { payload: JSON.stringify({ prompt: 'fox', duration: '7' }) },
      'INVALID_PAYLOAD',
      /aspectRatio/
    ],
    [
      'payload and payload-file together',
      { 'payload-file': 'payload.json' },
      'INVALID_INPUT',
      /both set/
    ],
    [
      'a task id that walks the URL',
      { action: 'getStatus', 'task-id': '../account' },
      'INVALID_INPUT',
      /task-id/
    ],
    ['getStatus without a task id', { action: 'getStatus' }, 'INVALID_INPUT', /needs task-id/],
    ['http to a non-loopback host', { 'base-url': 'http://example.com' }, 'INVALID_INPUT', /https/],
    ['a negative wait-timeout', { 'wait-timeout': '-5s' }, 'INVALID_INPUT', /not a duration/],
    ['an absurd wait-timeout', { 'wait-timeout': '100h' }, 'INVALID_INPUT', /out of range/],
    ['a poll-interval of 0', { 'poll-interval': '0' }, 'INVALID_INPUT', /out of range/],
    [
      'request-timeout-ms of 0',
      { 'request-timeout-ms': '0' },
      'INVALID_INPUT',
      /from 100 to 600000/
    ],
    ['max-retries above 10', { 'max-retries': '11' }, 'INVALID_INPUT', /max-retries/],
    ['a fractional max-credits', { 'max-credits': '1.5' }, 'INVALID_INPUT', /max-credits/],
    ['a boolean that is not one', { 'cancel-on-abort': 'maybe' }, 'INVALID_INPUT', /true or false/],
    ['a short idempotency key', { 'idempotency-key': 'short' }, 'INVALID_INPUT', /8 to 128/],
    [
      'a download path outside',
      { download: '../fox.mp4' },
      'INVALID_INPUT',
      /outside the workspace/
    ],
    ['a download path that is a directory', { download: 'out/' }, 'INVALID_INPUT', /directory/],
    ['no API key', { 'api-key': '' }, 'AUTH_FAILED', /No API key/],
    [
      'a typo of an input name (max-credit), naming the input meant',
      { 'max-credit': '20' },
      'INVALID_INPUT',
      /^max-credit is not an input of this action \(did you mean max-credits\?\).*Fix the input named above/
    ],
    [
      'an input no action reads',
      { 'video-quality': 'high' },
      'INVALID_INPUT',
      /^video-quality is not an input of this action; action\.yml declares action, model/
    ],
    [
      'download with action account',
      { action: 'account', download: 'out/fox.mp4' },
      'INVALID_INPUT',
      /^download does not apply to action account, which reads model, batch-file, shard/
    ],
    [
      'wait-timeout with action getStatus',
      { action: 'getStatus', 'task-id': 'ck1', 'wait-timeout': '10m' },
      'INVALID_INPUT',
      /^wait-timeout does not apply to action getStatus, which reads task-id, taskId/
    ],
    [
      'a payload with action listTasks',
      { action: 'listTasks', payload: '{}' },
      'INVALID_INPUT',
      /^payload does not apply to action listTasks, which reads none of the operation inputs/
    ]
  ]

  it.each(cases)('refuses %s before sending anything', async (_name, inputs, code, message) => {
    const s = await start()
    const { workspace } = await workspaceWithFiles()
    const result = await main({ inputs: simInputs(s.url, inputs), workspace })

    expect(result.code).toBe(1)
    expect(result.outputs).toMatchObject({ ok: 'false', errorCode: code, taskId: '' })
    expect(result.outputs.errorMessage).toMatch(message)
    expect(result.summary).toContain(code)
    expect(s.stats().totalRequests).toBe(0)
  })

  it('takes an input equal to its action.yml default as not given (the runner sets it anyway)', async () => {
    const s = await start()
    const inputs = simInputs(s.url, {
      action: 'listTasks',
      'wait-timeout': '30m',
      concurrency: '4'
    })
    const result = await main({ inputs })

    expect(result.outputs).toMatchObject({ ok: 'true', errorCode: '' })
  })

  it('reads an env fallback and names it when it is bad', async () => {
    const s = await start()
    const result = await main({ inputs: simInputs(s.url), env: { AIVIDEO_TIMEOUT_MS: 'soon' } })

    expect(result.outputs.errorCode).toBe('INVALID_INPUT')
    expect(result.outputs.errorMessage).toContain('from env AIVIDEO_TIMEOUT_MS')
    expect(s.stats().totalRequests).toBe(0)
  })
})

describe('payload-file', () => {
  it('reads a payload file inside the workspace', async () => {
    const s = await start()
    const { workspace } = await workspaceWithFiles()
    const inputs = simInputs(s.url, {
      action: 'quote',
      payload: '',
      'payload-file': 'payload.json'
    })
    const result = await main({ inputs, workspace })

    expect(result.outputs).toMatchObject({ ok: 'true', credits: '15' })
  })

  it.each([
    ['a ../ walk', '../outside/outside.json'],
    ['an absolute path elsewhere', 'OUTSIDE/outside.json'],
    ['a symlink leading out', 'linked/outside.json']
  ])('refuses %s with INVALID_INPUT and sends nothing', async (_name, path) => {
    const s = await start()
    const { workspace, outside } = await workspaceWithFiles()
    const file = path.replace('OUTSIDE', outside)
    const result = await main({
      inputs: simInputs(s.url, { payload: '', 'payload-file': file }),
      workspace
    })

    expect(result.outputs.errorCode).toBe('INVALID_INPUT')
    expect(result.outputs.errorMessage).toContain('outside the workspace')
    expect(s.stats().totalRequests).toBe(0)
  })
})

describe('env fallbacks', () => {
  it('takes the key and the base URL from AIVIDEO_API_KEY and AIVIDEO_BASE_URL', async () => {
    const s = await start()
    const inputs = simInputs('', { action: 'account', 'api-key': '', 'base-url': '' })
    const result = await main({
      inputs,
      env: { AIVIDEO_API_KEY: E2E_KEY, AIVIDEO_BASE_URL: s.url }
    })

    expect(result.outputs.ok).toBe('true')
    expect(result.stdout.split('\n')[0]).toBe(`::add-mask::${E2E_KEY}`)
  })
})

describe('upstream errors', () => {
  it('maps 402 to INSUFFICIENT_CREDITS without a task', async () => {
    const s = await start({ balance: 5 })
    const result = await main({ inputs: simInputs(s.url) })

    expect(result.code).toBe(1)
    expect(result.outputs).toMatchObject({
      ok: 'false',
      errorCode: 'INSUFFICIENT_CREDITS',
      taskId: '',
      status: ''
    })
    expect(s.stats().requests.create).toEqual({ 402: 1 })
    expect(s.stats().creations).toBe(0)
  })

  it('maps 401 to AUTH_FAILED and never prints the wrong key', async () => {
    const s = await start()
    const wrong = 'wrong-key-0123456789'
    const result = await main({ inputs: simInputs(s.url, { 'api-key': wrong }) })

    expect(result.outputs).toMatchObject({ ok: 'false', errorCode: 'AUTH_FAILED' })
    expect(s.stats().requests.create).toEqual({ 401: 1 })
    const shown = [
      result.stdout.split('\n').slice(1).join('\n'),
      JSON.stringify(result.outputs),
      result.summary
    ]
    for (const text of shown) expect(text).not.toContain(wrong)
  })

  it('maps a persistent 429 to RATE_LIMITED with retryAfter', async () => {
    const s = await start({
      faults: [{ route: 'status', kind: 'rate-limit', retryAfterSeconds: 2 }]
    })
    const inputs = {
      action: 'getStatus',
      'task-id': 'ck-any',
      'api-key': E2E_KEY,
      'base-url': s.url,
      'max-retries': '0'
    }
    const result = await main({ inputs })

    expect(result.code).toBe(1)
    expect(result.outputs).toMatchObject({
      ok: 'false',
      errorCode: 'RATE_LIMITED',
      retryAfter: '2'
    })
    expect(result.summary).toContain('Retry after')
  })

  it('rides out a single 429 while waiting, honouring Retry-After', async () => {
    const s = await start({
      faults: [{ route: 'status', kind: 'rate-limit', times: 1, retryAfterSeconds: 1 }]
    })
    const result = await main({ inputs: simInputs(s.url) })

    expect(result.outputs).toMatchObject({ ok: 'true', status: 'COMPLETED' })
    expect(s.stats().requests.status?.[429]).toBe(1)
    expect(result.stdout).toMatch(/GET \/api\/v1\/tasks\/\S+\/status: HTTP 429; retry 1 in 1s/)
  })
})
