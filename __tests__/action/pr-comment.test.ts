import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { useActionHarness } from '../../__fixtures__/action-harness.js'
import { startFakeGitHubApi, type FakeGitHubApi } from '../../__fixtures__/fake-github-api.js'
import { E2E_KEY, simInputs } from '../../__fixtures__/runner.js'

const { start, main } = useActionHarness({
  durationsMs: { submittedMs: 100, totalMs: 300 }
})

const TOKEN = 'ghs_test_token_0001'
const REPO = 'octo-org/videos'
/** The runner emulation's GITHUB_JOB: the comment key when the input's expression is not evaluated. */
const JOB_MARKER = '<!-- aivideomaker-action:results:render -->'

let github: FakeGitHubApi
let dir: string
beforeAll(async () => {
  github = await startFakeGitHubApi({ token: TOKEN })
  dir = await mkdtemp(join(tmpdir(), 'aivideo-event-'))
})
afterAll(async () => {
  await github.close()
  await rm(dir, { recursive: true, force: true })
})
afterEach(() => {
  github.requests.length = 0
})

/** The GITHUB_* variables of a pull_request run from the repository itself, on PR `number`. */
async function pullRequestEnv(number: number): Promise<Record<string, string>> {
  const path = join(dir, `event-${number}.json`)
  const repo = { full_name: REPO }
  await writeFile(
    path,
    JSON.stringify({ pull_request: { number, head: { repo } }, repository: repo })
  )
  return { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: path, GITHUB_API_URL: github.url }
}

function commentInputs(url: string, extra: Record<string, string> = {}): Record<string, string> {
  return simInputs(url, { 'comment-on-pr': 'true', 'github-token': TOKEN, ...extra })
}

describe('comment-on-pr', () => {
  it('writes one sticky comment with the result on a pull_request event', async () => {
    const sim = await start()
    const result = await main({ inputs: commentInputs(sim.url), env: await pullRequestEnv(7) })

    expect(result.outputs.ok).toBe('true')
    expect(result.stdout).toContain('Pull request comment created')
    const [comment] = github.comments(REPO, 7)
    expect(comment.body.startsWith(`${JOB_MARKER}\n`)).toBe(true)
    expect(comment.body).toContain(result.outputs.taskId)
    // The row names the model and the prompt, so a reader knows which video it is.
    expect(comment.body).toContain('| 1 | `t2v` · `a red fox in snow` | ✅ `COMPLETED` |')
    expect(comment.body).not.toContain(E2E_KEY)
    const lines = result.stdout.split('\n')
    expect(lines.slice(0, 2)).toEqual([`::add-mask::${E2E_KEY}`, `::add-mask::${TOKEN}`])
    expect(lines.slice(2).join('\n')).not.toContain(TOKEN)
  })

  it('leaves a planted comment with our marker alone, writes its own, and says so', async () => {
    const sim = await start()
    const planted = `${JOB_MARKER}\n[download](https://evil.example/p)`
    github.seed(REPO, 8, [planted], 'mallory')
    const env = await pullRequestEnv(8)
    const first = await main({ inputs: commentInputs(sim.url), env })
    const second = await main({ inputs: commentInputs(sim.url), env })

    expect([first.code, second.code]).toEqual([0, 0])
    expect(first.stdout).toMatch(/::notice::1 comment\(s\) .*written by mallory.*left alone/)
    const comments = github.comments(REPO, 8)
    expect(comments.map(c => c.user.login)).toEqual(['mallory', 'github-actions[bot]'])
    expect(comments[0].body).toBe(planted)
    expect(comments[1].body).toContain(second.outputs.taskId)
    expect(second.stdout).toContain('Pull request comment updated')
  })

  it('keeps one comment per comment-key, so matrix legs do not overwrite each other', async () => {
    const sim = await start()
    const env = await pullRequestEnv(9)
    await main({ inputs: commentInputs(sim.url, { 'comment-key': 'render-{"os":"linux"}' }), env })
    await main({ inputs: commentInputs(sim.url, { 'comment-key': 'render-{"os":"mac"}' }), env })

    const markers = github.comments(REPO, 9).map(c => c.body.split('\n')[0])
    expect(markers).toHaveLength(2)
    expect(new Set(markers).size).toBe(2)
    for (const marker of markers) {
      expect(marker).toMatch(
        /^<!-- aivideomaker-action:results:render-os(linux|mac)-[0-9a-f]{12} -->$/
      )
    }
  })

  it('ends a malformed GITHUB_API_URL in a notice, not a failed step', async () => {
    const sim = await start()
    const env = { ...(await pullRequestEnv(10)), GITHUB_API_URL: 'http://[not a host' }
    const result = await main({ inputs: commentInputs(sim.url, { 'fail-on-error': 'false' }), env })

    expect(result.code).toBe(0)
    expect(result.outputs.ok).toBe('true')
    expect(result.stdout).toMatch(/::notice::No pull request comment: /)
  })

  it('says why it wrote nothing on other events, without failing the step', async () => {
    const sim = await start()
    const result = await main({
      inputs: simInputs(sim.url, { action: 'quote', 'comment-on-pr': 'true' })
    })

    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/::notice::No pull request comment: .*pull_request/)
  })
})
