import { describe, expect, it } from '@jest/globals'
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { ENVELOPE_KEYS } from '../../src/core/api/envelope.js'
import { useActionHarness } from '../../__fixtures__/action-harness.js'
import { startFakeGitHubApi } from '../../__fixtures__/fake-github-api.js'
import { E2E_KEY, T2V_PAYLOAD, envelopeOf } from '../../__fixtures__/runner.js'
import { makeTempDir } from '../../__fixtures__/temp-dirs.js'
import { untilSimulator } from '../../__fixtures__/test-simulator.js'

const { start, step, closeAfterTest } = useActionHarness({
  durationsMs: { submittedMs: 200, totalMs: 600 }
})

interface Item {
  name: string
  model: string
  payload: Record<string, unknown>
}

/** `count` t2v jobs (15 credits each in the simulator), named fox-1, fox-2, ... */
function foxes(count: number): Item[] {
  return Array.from({ length: count }, (_, i) => ({
    name: `fox-${i + 1}`,
    model: 't2v',
    payload: { ...T2V_PAYLOAD, prompt: `a red fox in snow, take ${i + 1}` }
  }))
}

/** A workspace holding `files` (path -> text). */
async function workspaceWith(files: Record<string, string>): Promise<string> {
  const workspace = await makeTempDir('aivideo-batch-ws-')
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(workspace, path)), { recursive: true })
    await writeFile(join(workspace, path), text)
  }
  return workspace
}

/** Inputs of a quick batch against the simulator. */
function batchInputs(
  baseUrl: string,
  file: string,
  extra: Record<string, string> = {}
): Record<string, string> {
  return {
    'batch-file': file,
    'api-key': E2E_KEY,
    'base-url': baseUrl,
    // account reads no poll-interval, and the action refuses an input that does not apply.
    ...(extra.action === 'account' ? {} : { 'poll-interval': '100ms' }),
    ...extra
  }
}

type Result = Record<string, unknown> & { name: string; data: Record<string, unknown> | null }

function resultsOf(outputs: Record<string, string>): Result[] {
  return JSON.parse(outputs.results) as Result[]
}

describe('batch mode', () => {
  it('runs a JSON batch of 5 with list polling, downloads each video and reports every item', async () => {
    const s = await start({ videoBytes: 4096 })
    const workspace = await workspaceWith({ 'videos/batch.json': JSON.stringify(foxes(5)) })
    const result = await step('dist/index.js', {
      workspace,
      inputs: batchInputs(s.url, 'videos/batch.json', { download: 'out/videos' })
    })

    expect(result.code).toBe(0)
    // The last poll line does not show the stale "0 done ... waiting" counts as done.
    expect(result.stdout).toContain('Batch: every task has ended (')
    expect(result.stdout).not.toMatch(/waiting of \d+ — .*, done$/m)
    const { outputs } = result
    expect(outputs).toMatchObject({ ok: 'true', status: '', taskId: '', errorCode: '' })
    const results = resultsOf(outputs)
    expect(results.map(r => r.name)).toEqual(['fox-1', 'fox-2', 'fox-3', 'fox-4', 'fox-5'])
    for (const item of results) {
      expect(Object.keys(item).sort()).toEqual([...ENVELOPE_KEYS, 'name'].sort())
      expect(item).toMatchObject({ ok: true, status: 'COMPLETED', errorCode: null })
      const path = join(workspace, 'out', 'videos', `${item.name}.mp4`)
      expect(item.data?.download).toEqual({ path, bytes: 4096 })
      expect((await stat(path)).size).toBe(4096)
    }
    const data = JSON.parse(outputs.data) as {
      totals: Record<string, number>
      results: { name: string; taskId: string; status: string }[]
    }
    expect(data.totals).toEqual({
      items: 5,
      completed: 5,
      failed: 0,
      creditsCharged: 75,
      creditsRefunded: 0,
      reused: 0,
      creditsSaved: 0,
      creditsQuoted: 75
    })
    // The batch envelope's data holds every item's full envelope, as the CLI's and the library's do.
    expect(data.results).toEqual(results)
    expect(envelopeOf(result)).toMatchObject({ ok: true, status: null, taskId: null })

    const stats = s.stats()
    expect(stats.creations).toBe(5)
    expect(stats.requests.quote).toEqual({ 200: 5 })
    expect(stats.requests.list?.[200]).toBeGreaterThan(0)
    // One list request answers for every task: per-task status polls stay rare.
    expect(stats.requests.status?.[200] ?? 0).toBeLessThanOrEqual(2)
    expect(stats.requests.list[200]).toBeLessThan(5 * 10)

    expect(JSON.parse(result.state.taskIds0) as string[]).toEqual(
      expect.arrayContaining(results.map(r => r.taskId))
    )
    expect(result.state.finished).toBe('true')
    expect(result.summary).toContain('AIVideoMaker batch — 5 of 5 done')
    expect(result.summary).toMatch(/credits quoted <strong>75<\/strong>/)
    for (const item of results) expect(result.summary).toContain(`<code>${item.taskId}</code>`)
    expect(result.stdout).toMatch(/Batch item fox-3: task \S+ SUBMITTED/)
    expect(result.summary).not.toContain(E2E_KEY)
    expect(result.stdout.split('\n').slice(1).join('\n')).not.toContain(E2E_KEY)
  })

  it('reads a YAML batch file', async () => {
    const s = await start()
    const yaml = [
      '- name: day',
      '  model: t2v',
      "  payload: { prompt: a fox by day, aspectRatio: '16:9', duration: '5' }",
      '- name: night',
      '  model: t2v',
      "  payload: { prompt: a fox by night, aspectRatio: '9:16', duration: '5' }",
      '  max-credits: 20'
    ].join('\n')
    const workspace = await workspaceWith({ 'videos/nightly.yml': yaml })
    const result = await step('dist/index.js', {
      workspace,
      inputs: batchInputs(s.url, 'videos/nightly.yml')
    })

    expect(result.outputs.ok).toBe('true')
    expect(resultsOf(result.outputs).map(r => [r.name, r.status])).toEqual([
      ['day', 'COMPLETED'],
      ['night', 'COMPLETED']
    ])
    expect(s.stats().creations).toBe(2)
  })

  it('sends nothing when one item is invalid, naming the item and its position', async () => {
    const s = await start()
    const items = foxes(5)
    items[2].payload = { ...T2V_PAYLOAD, duration: '7' }
    const workspace = await workspaceWith({ 'batch.json': JSON.stringify(items) })
    const result = await step('dist/index.js', {
      workspace,
      inputs: batchInputs(s.url, 'batch.json')
    })

    expect(result.code).toBe(1)
    expect(result.outputs).toMatchObject({ ok: 'false', errorCode: 'INVALID_PAYLOAD' })
    expect(result.outputs.errorMessage).toMatch(/item 3 "fox-3"/)
    expect(result.outputs.errorMessage).toContain('Nothing was sent')
    const results = resultsOf(result.outputs)
    expect(results).toHaveLength(5)
    expect(results[2]).toMatchObject({ name: 'fox-3', ok: false, errorCode: 'INVALID_PAYLOAD' })
    expect(results[0]).toMatchObject({ ok: false, taskId: null })
    expect(s.stats().totalRequests).toBe(0)
    expect(result.summary).toContain('INVALID_PAYLOAD')
  })

  it('continue-on-invalid sends the valid items and reports the invalid one', async () => {
    const s = await start()
    const items = foxes(4)
    items[1].model = 'not-a-model'
    const workspace = await workspaceWith({ 'batch.json': JSON.stringify(items) })
    const result = await step('dist/index.js', {
      workspace,
      inputs: batchInputs(s.url, 'batch.json', { 'continue-on-invalid': 'true' })
    })

    expect(result.code).toBe(1)
    expect(result.outputs).toMatchObject({ ok: 'false', errorCode: 'INVALID_MODEL' })
    const results = resultsOf(result.outputs)
    expect(results.map(r => r.ok)).toEqual([true, false, true, true])
    expect(results[1]).toMatchObject({ name: 'fox-2', errorCode: 'INVALID_MODEL', taskId: null })
    const stats = s.stats()
    expect(stats.creations).toBe(3)
    expect(stats.requests.quote).toEqual({ 200: 3 })
    expect(result.summary).toContain('AIVideoMaker batch — failed: INVALID_MODEL')
    expect(result.summary).toMatch(/<strong>3<\/strong> done/)
  })

  it('refuses a batch file outside the workspace before sending anything', async () => {
    const s = await start()
    const outside = await makeTempDir('aivideo-outside-')
    await writeFile(join(outside, 'batch.json'), JSON.stringify(foxes(1)))
    const workspace = await workspaceWith({})
    const result = await step('dist/index.js', {
      workspace,
      inputs: batchInputs(s.url, join(outside, 'batch.json'))
    })

    expect(result.code).toBe(1)
    expect(result.outputs).toMatchObject({ ok: 'false', errorCode: 'INVALID_INPUT' })
    expect(result.outputs.errorMessage).toMatch(/batch-file .* resolves outside the workspace/)
    const escaped = await step('dist/index.js', {
      workspace,
      inputs: batchInputs(s.url, '../batch.json')
    })
    expect(escaped.outputs.errorCode).toBe('INVALID_INPUT')
    expect(s.stats().totalRequests).toBe(0)
  })

  it('refuses a structurally broken batch file and single-job inputs beside batch-file', async () => {
    const s = await start()
    const workspace = await workspaceWith({
      'broken.json': '[{"name":"a","model":"t2v","payload":{}}, 42]',
      'batch.json': JSON.stringify(foxes(1))
    })
    const broken = await step('dist/index.js', {
      workspace,
      inputs: batchInputs(s.url, 'broken.json')
    })
    const mixed = await step('dist/index.js', {
      workspace,
      inputs: batchInputs(s.url, 'batch.json', { model: 't2v' })
    })

    expect(broken.outputs).toMatchObject({ ok: 'false', errorCode: 'INVALID_INPUT' })
    expect(broken.outputs.errorMessage).toMatch(/Batch file broken\.json: item 2/)
    expect(mixed.outputs).toMatchObject({ ok: 'false', errorCode: 'INVALID_INPUT' })
    expect(mixed.outputs.errorMessage).toContain('batch-file runs the jobs of the file')
    expect(s.stats().totalRequests).toBe(0)
  })

  it('a re-run of the batch (new run attempt) replays every item instead of paying twice', async () => {
    const s = await start()
    const workspace = await workspaceWith({ 'batch.json': JSON.stringify(foxes(3)) })
    const env = { GITHUB_RUN_ID: '424242', GITHUB_RUN_ATTEMPT: '1' }
    const inputs = batchInputs(s.url, 'batch.json')
    const first = await step('dist/index.js', { workspace, inputs, env })
    const second = await step('dist/index.js', {
      workspace,
      inputs,
      env: { ...env, GITHUB_RUN_ATTEMPT: '2' }
    })

    expect(first.outputs.ok).toBe('true')
    expect(second.outputs.ok).toBe('true')
    const ids = (r: typeof first) => resultsOf(r.outputs).map(item => item.taskId)
    expect(ids(second)).toEqual(ids(first))
    for (const item of resultsOf(second.outputs)) {
      expect(item.data).toMatchObject({ idempotentReplay: true })
    }
    const stats = s.stats()
    expect(stats.creations).toBe(3)
    expect(stats.replays).toBe(3)
    expect(stats.credits.charged).toBe(45)
  })

  it('an edited batch file derives new keys and creates new tasks', async () => {
    const s = await start()
    const env = { GITHUB_RUN_ID: '515151' }
    const one = await workspaceWith({ 'batch.json': JSON.stringify(foxes(2)) })
    const two = await workspaceWith({ 'batch.json': JSON.stringify(foxes(2), null, 2) })
    await step('dist/index.js', { workspace: one, inputs: batchInputs(s.url, 'batch.json'), env })
    await step('dist/index.js', { workspace: two, inputs: batchInputs(s.url, 'batch.json'), env })

    expect(s.stats().creations).toBe(4)
  })

  it('SIGINT mid-batch cancels the SUBMITTED tasks in the main step, as the CLI does; the post step does not claim them again', async () => {
    const s = await start({ durationsMs: { submittedMs: 20_000, totalMs: 30_000 } })
    const workspace = await workspaceWith({ 'batch.json': JSON.stringify(foxes(5)) })
    const inputs = batchInputs(s.url, 'batch.json')
    const main = await step('dist/index.js', {
      workspace,
      inputs,
      signalOn: /(Batch item \S+: task \S+ SUBMITTED[\s\S]*){5}/,
      signalAfterMs: 100
    })

    expect(main.code).toBe(1)
    expect(main.outputs).toMatchObject({
      ok: 'false',
      errorCode: 'ABORTED',
      errorMessage:
        'Interrupted: 5 SUBMITTED tasks cancelled (refunded), 0 still running upstream, 0 not created, 0 of 5 completed.'
    })
    const results = resultsOf(main.outputs)
    expect(results.every(r => r.errorCode === 'TASK_CANCELLED' && r.status === 'CANCEL')).toBe(true)
    expect(main.state.finished).toBeUndefined()
    const saved = JSON.parse(main.state.taskIds0) as string[]
    expect(saved.sort()).toEqual(results.map(r => r.taskId).sort())

    const post = await step('dist/post.js', { workspace, inputs, stateFrom: main.state })

    expect(post.code).toBe(0)
    expect(post.stdout).not.toContain('The batch was interrupted')
    const stats = s.stats()
    expect(stats.requests.cancel).toEqual({ 200: 5 })
    expect(stats.credits).toEqual({ charged: 75, refunded: 75 })
    expect(stats.tasks.every(task => task.status === 'CANCEL')).toBe(true)
  })

  it('a re-run after the interrupted step cancelled the batch starts new tasks for the cancelled items', async () => {
    // SUBMITTED for the whole test, whatever the machine's load: the claim always finds them cancellable.
    const s = await start({ durationsMs: { submittedMs: 60_000, totalMs: 61_000 } })
    const workspace = await workspaceWith({ 'batch.json': JSON.stringify(foxes(2)) })
    const env = { GITHUB_RUN_ID: '616161', GITHUB_RUN_ATTEMPT: '1' }
    const inputs = batchInputs(s.url, 'batch.json')
    const first = await step('dist/index.js', {
      workspace,
      inputs,
      env,
      signalOn: /(Batch item \S+: task \S+ SUBMITTED[\s\S]*){2}/
    })
    await step('dist/post.js', { workspace, inputs, env, stateFrom: first.state })
    const rerun = await step('dist/index.js', {
      workspace,
      inputs: { ...inputs, 'wait-timeout': '1s' },
      env: { ...env, GITHUB_RUN_ATTEMPT: '2' }
    })

    expect(rerun.outputs.errorCode).toBe('TIMEOUT')
    const before = resultsOf(first.outputs).map(r => r.taskId)
    const after = resultsOf(rerun.outputs).map(r => r.taskId)
    expect(after.some(id => before.includes(id))).toBe(false)
    expect(rerun.stdout).toContain(
      '2 item(s) led back only to tasks earlier attempts left FAILED or CANCEL'
    )
    expect(s.stats().creations).toBe(4)
  })

  it('the post step leaves finished batch tasks alone and does nothing after a finished main', async () => {
    const s = await start({ durationsMs: { submittedMs: 300, totalMs: 600 } })
    const workspace = await workspaceWith({ 'batch.json': JSON.stringify(foxes(2)) })
    const inputs = batchInputs(s.url, 'batch.json')
    // Killed: main claims nothing, and the post step finds both tasks finished.
    const main = await step('dist/index.js', {
      workspace,
      inputs,
      signal: 'SIGKILL',
      signalOn: /(Batch item \S+: task \S+ SUBMITTED[\s\S]*){2}/
    })
    await untilSimulator(s, t => t.tasks.every(task => task.status === 'COMPLETED'), 'both done')
    const post = await step('dist/post.js', { workspace, inputs, stateFrom: main.state })

    expect(post.stdout).toContain('cancelled 0 of 2 task(s)')
    expect(post.stdout).toContain('left alone 2 COMPLETED')
    // Cancels go out without a status read; upstream refuses them for finished tasks.
    expect(s.stats().requests.cancel).toEqual({ 409: 2 })

    const finished = await step('dist/index.js', { workspace, inputs })
    const before = s.stats().totalRequests
    await step('dist/post.js', { workspace, inputs, stateFrom: finished.state })
    expect(s.stats().totalRequests).toBe(before)
  })

  it('comment-on-pr writes one sticky comment with a row per batch item', async () => {
    const s = await start()
    const token = 'ghs_batch_token_0002'
    const github = closeAfterTest(await startFakeGitHubApi({ token }))
    const items = foxes(3)
    items[1].payload = { ...T2V_PAYLOAD, prompt: 'a fox [sim:fail]' }
    const eventDir = await makeTempDir('aivideo-event-')
    const repo = { full_name: 'octo-org/videos' }
    await writeFile(
      join(eventDir, 'event.json'),
      JSON.stringify({ pull_request: { number: 12, head: { repo } }, repository: repo })
    )
    const workspace = await workspaceWith({ 'batch.json': JSON.stringify(items) })
    const run = () =>
      step('dist/index.js', {
        workspace,
        inputs: batchInputs(s.url, 'batch.json', {
          'comment-on-pr': 'true',
          'github-token': token,
          'fail-on-error': 'false'
        }),
        env: {
          GITHUB_EVENT_NAME: 'pull_request',
          GITHUB_EVENT_PATH: join(eventDir, 'event.json'),
          GITHUB_API_URL: github.url
        }
      })
    const first = await run()
    const second = await run()

    expect(first.stdout).toContain('Pull request comment created')
    expect(second.stdout).toContain('Pull request comment updated')
    const comments = github.comments('octo-org/videos', 12)
    expect(comments).toHaveLength(1)
    const body = comments[0].body
    expect(body).toContain('**2 of 3** tasks succeeded')
    for (const name of ['fox-1', 'fox-2', 'fox-3']) expect(body).toContain(name)
    expect(body).toContain('`t2v`')
    expect(body).toContain('`TASK_FAILED`')
    expect(body).not.toContain(E2E_KEY)
    expect(body).not.toContain(token)
  })

  it('checks every model of the batch file with action account', async () => {
    const s = await start({ keys: [{ key: E2E_KEY, supportedModels: ['t2v', 'i2v'] }] })
    const items = [...foxes(1), { name: 'wan', model: 'wan27', payload: { prompt: 'x' } }]
    const workspace = await workspaceWith({ 'batch.json': JSON.stringify(items) })
    const result = await step('dist/index.js', {
      workspace,
      inputs: batchInputs(s.url, 'batch.json', { action: 'account' })
    })

    expect(result.outputs.ok).toBe('true')
    expect(result.stdout).toMatch(/::warning .*Model "wan27" is not in this key's supportedModels/)
    expect(result.stdout).not.toMatch(/Model "t2v" is not/)
    expect(s.stats().creations).toBe(0)
  })
})

describe('batch download directory', () => {
  it('refuses a download path that is an existing file in batch mode', async () => {
    const s = await start()
    const workspace = await workspaceWith({
      'batch.json': JSON.stringify(foxes(1)),
      'out/videos': 'not a directory'
    })
    const result = await step('dist/index.js', {
      workspace,
      inputs: batchInputs(s.url, 'batch.json', { download: 'out/videos' })
    })

    expect(result.outputs.errorCode).toBe('INVALID_INPUT')
    expect(result.outputs.errorMessage).toContain('names a directory')
    expect(await readFile(join(workspace, 'out/videos'), 'utf8')).toBe('not a directory')
    expect(s.stats().totalRequests).toBe(0)
  })
})
