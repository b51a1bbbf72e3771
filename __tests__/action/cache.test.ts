import { describe, expect, it } from '@jest/globals'
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll } from '@jest/globals'
import { useActionHarness } from '../../__fixtures__/action-harness.js'
import { startFakeGitHubApi, type FakeGitHubApi } from '../../__fixtures__/fake-github-api.js'
import { E2E_KEY, T2V_PAYLOAD, envelopeOf, simInputs } from '../../__fixtures__/runner.js'
import { makeTempDir } from '../../__fixtures__/temp-dirs.js'

const { start, step } = useActionHarness({ durationsMs: { submittedMs: 100, totalMs: 400 } })

const TOKEN = 'ghs_cache_test_token_01'
let github: FakeGitHubApi
beforeAll(async () => {
  github = await startFakeGitHubApi({ token: TOKEN })
})
afterAll(async () => {
  await github.close()
})

const CACHE_VIDEOS = join('.video-cache', 'aivideomaker-cache-v1', 'videos')

function manifest(prompts: readonly string[]): string {
  return JSON.stringify(
    prompts.map((prompt, i) => ({
      name: `clip-${i + 1}`,
      model: 't2v',
      payload: { ...T2V_PAYLOAD, prompt }
    }))
  )
}

async function workspaceWith(files: Record<string, string>): Promise<string> {
  const workspace = await makeTempDir('aivideo-cache-ws-')
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(workspace, path)), { recursive: true })
    await writeFile(join(workspace, path), text)
  }
  return workspace
}

function batchInputs(baseUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    'batch-file': 'videos.json',
    'api-key': E2E_KEY,
    'base-url': baseUrl,
    'poll-interval': '100ms',
    'cache-dir': '.video-cache',
    download: 'out',
    ...extra
  }
}

type Result = { name: string; taskId: string | null; ok: boolean; data: Record<string, unknown> }

const resultsOf = (outputs: Record<string, string>): Result[] =>
  JSON.parse(outputs.results) as Result[]

const reusedOf = (results: Result[]): unknown[] =>
  results.map(r => (r.data.cache as { reused: boolean } | null)?.reused)

async function isVideo(path: string): Promise<boolean> {
  const bytes = await readFile(path)
  return bytes.subarray(4, 8).toString('latin1') === 'ftyp'
}

describe('result cache (cache-dir)', () => {
  it('a changed item of three is the only task created; all three videos are delivered; an unchanged run creates nothing', async () => {
    const s = await start()
    const workspace = await workspaceWith({
      'videos.json': manifest(['a fox', 'a hare', 'an owl'])
    })
    const first = await step('dist/index.js', { workspace, inputs: batchInputs(s.url) })
    expect(first.code).toBe(0)
    expect(s.stats().creations).toBe(3)
    expect(reusedOf(resultsOf(first.outputs))).toEqual([false, false, false])
    expect(await readdir(join(workspace, CACHE_VIDEOS))).toHaveLength(1)

    await writeFile(join(workspace, 'videos.json'), manifest(['a fox', 'a lynx', 'an owl']))
    await rm(join(workspace, 'out'), { recursive: true })
    // The cap covers the one video to render: the two reused ones are neither quoted nor counted.
    const second = await step('dist/index.js', {
      workspace,
      inputs: batchInputs(s.url, { 'max-total-credits': '15' })
    })
    expect(second.code).toBe(0)
    expect(s.stats().creations).toBe(4)
    const results = resultsOf(second.outputs)
    expect(reusedOf(results)).toEqual([true, false, true])
    expect(results[0].taskId).toBe(resultsOf(first.outputs)[0].taskId)
    expect(results[0].data.creditsCharged).toBe(0)
    for (const name of ['clip-1', 'clip-2', 'clip-3']) {
      expect(await isVideo(join(workspace, 'out', `${name}.mp4`))).toBe(true)
    }
    // The one batch envelope: the totals count the reused items, each result says it.
    const data = JSON.parse(second.outputs.data) as {
      totals: Record<string, number>
      results: Result[]
    }
    expect(data.totals).toMatchObject({ reused: 2, creditsSaved: 30, creditsCharged: 15 })
    expect(reusedOf(data.results)).toEqual([true, false, true])
    expect(second.summary).toContain('reused from the cache <strong>2</strong>')
    expect(second.summary).toContain('credits saved <strong>30</strong>')

    const creates = s.stats().requests.create
    const third = await step('dist/index.js', { workspace, inputs: batchInputs(s.url) })
    expect(third.code).toBe(0)
    expect(s.stats().requests.create).toEqual(creates)
    expect(reusedOf(resultsOf(third.outputs))).toEqual([true, true, true])
  })

  it('renders a corrupt entry again and replaces it', async () => {
    const s = await start()
    const workspace = await makeTempDir('aivideo-cache-corrupt-')
    const inputs = simInputs(s.url, { 'cache-dir': '.video-cache', download: 'out/fox.mp4' })
    const first = await step('dist/index.js', { workspace, inputs })
    expect(first.code).toBe(0)
    const [video] = await readdir(join(workspace, CACHE_VIDEOS))
    await writeFile(join(workspace, CACHE_VIDEOS, video), 'truncated')
    const second = await step('dist/index.js', { workspace, inputs })
    expect(second.code).toBe(0)
    expect(s.stats().creations).toBe(2)
    expect(envelopeOf(second)).toMatchObject({ ok: true, status: 'COMPLETED' })
    expect(second.outputs.taskId).not.toBe(first.outputs.taskId)
    expect(await isVideo(join(workspace, 'out', 'fox.mp4'))).toBe(true)
    const third = await step('dist/index.js', { workspace, inputs })
    expect(third.outputs.taskId).toBe(second.outputs.taskId)
    expect(s.stats().creations).toBe(2)
    expect(third.summary).toContain('reused')
  })

  it('two concurrent runs share one cache folder safely', async () => {
    const s = await start()
    const workspace = await workspaceWith({
      'left.json': manifest(['a fox', 'a hare', 'an owl']),
      'right.json': manifest(['a fox', 'a lynx', 'an owl'])
    })
    const [left, right] = await Promise.all([
      step('dist/index.js', {
        workspace,
        inputs: batchInputs(s.url, { 'batch-file': 'left.json', download: 'out-left' })
      }),
      step('dist/index.js', {
        workspace,
        inputs: batchInputs(s.url, { 'batch-file': 'right.json', download: 'out-right' })
      })
    ])
    expect([left.code, right.code]).toEqual([0, 0])
    const creates = s.stats().creations
    for (const file of ['left.json', 'right.json']) {
      const again = await step('dist/index.js', {
        workspace,
        inputs: batchInputs(s.url, { 'batch-file': file, download: `again-${file}` })
      })
      expect(again.code).toBe(0)
      expect(reusedOf(resultsOf(again.outputs))).toEqual([true, true, true])
      for (const name of ['clip-1', 'clip-2', 'clip-3']) {
        expect(await isVideo(join(workspace, `again-${file}`, `${name}.mp4`))).toBe(true)
      }
    }
    expect(s.stats().creations).toBe(creates)
  })

  it('refuses a cache-dir outside the workspace before anything is sent', async () => {
    const s = await start()
    const result = await step('dist/index.js', {
      inputs: simInputs(s.url, { 'cache-dir': '../elsewhere' })
    })
    expect(result.code).not.toBe(0)
    expect(envelopeOf(result)).toMatchObject({ ok: false, errorCode: 'INVALID_INPUT' })
    expect(result.outputs.errorMessage).toContain('cache-dir')
    expect(s.stats().totalRequests).toBe(0)
  })

  it('the pull request comment says per item reused or rendered, the credits saved, and links the artifact', async () => {
    const s = await start()
    const workspace = await workspaceWith({ 'videos.json': manifest(['a fox', 'a hare']) })
    const event = join(workspace, 'event.json')
    const repo = { full_name: 'octo-org/videos' }
    await writeFile(
      event,
      JSON.stringify({ pull_request: { number: 18, head: { repo } }, repository: repo })
    )
    const env = {
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: event,
      GITHUB_API_URL: github.url
    }
    const inputs = batchInputs(s.url, {
      'comment-on-pr': 'true',
      'github-token': TOKEN,
      'artifact-name': 'pr-18-videos'
    })
    await step('dist/index.js', { workspace, inputs, env })
    await writeFile(join(workspace, 'videos.json'), manifest(['a fox', 'an owl']))
    const second = await step('dist/index.js', { workspace, inputs, env })
    expect(second.code).toBe(0)
    const [comment] = github.comments('octo-org/videos', 18)
    expect(comment.body).toContain('**1** reused, **1** rendered · **15** credits saved')
    expect(comment.body).toMatch(/✅ `COMPLETED` · reused/)
    expect(comment.body).toMatch(/✅ `COMPLETED` · rendered/)
    expect(comment.body).toMatch(/Videos: artifact `pr-18-videos` of \[this run\]\(\S+#artifacts\)/)
  })

  it('cache-mode read-only stores nothing, refresh renders again, cache-max-bytes evicts the oldest entry', async () => {
    const s = await start()
    const workspace = await makeTempDir('aivideo-cache-modes-')
    const fox = simInputs(s.url, { 'cache-dir': '.video-cache' })
    const hare = simInputs(s.url, {
      'cache-dir': '.video-cache',
      payload: JSON.stringify({ ...T2V_PAYLOAD, prompt: 'a hare' })
    })
    const run = (inputs: Record<string, string>) => step('dist/index.js', { workspace, inputs })

    await run({ ...fox, 'cache-mode': 'read-only' })
    expect((await run(fox)).outputs.taskId).not.toBe('')
    expect(s.stats().creations).toBe(2)
    const refreshed = await run({ ...fox, 'cache-mode': 'refresh' })
    expect(s.stats().creations).toBe(3)
    expect((await run({ ...fox, 'cache-mode': 'read-only' })).outputs.taskId).toBe(
      refreshed.outputs.taskId
    )

    // One byte allowed: storing the hare evicts the fox, the least recently used entry.
    await run({ ...hare, 'cache-max-bytes': '1' })
    expect(s.stats().creations).toBe(4)
    await run(hare)
    expect(s.stats().creations).toBe(4)
    await run(fox)
    expect(s.stats().creations).toBe(5)
  })
})
