import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import {
  RESULTS_MARKER,
  upsertResultsComment,
  type ResultRow,
  type UpsertResultsCommentOptions
} from '../../src/action/pr-comment.js'
import { run } from '../../src/core/run/workflow.js'
import { useTestSimulator } from '../../__fixtures__/test-simulator.js'
import { startFakeGitHubApi, type FakeGitHubApi } from '../../__fixtures__/fake-github-api.js'

const TOKEN = 'ghs_fakeInstallationToken0123456789'
const API_KEY = 'aivm-live-secret-key-0123456789'
const REPO = 'octo-org/media-site'
const PR = 42
const simulators = useTestSimulator({
  key: API_KEY,
  balance: 500,
  durationsMs: { submittedMs: 5, totalMs: 20 }
})

let github: FakeGitHubApi
let dir: string

beforeAll(async () => {
  github = await startFakeGitHubApi({ token: TOKEN })
  dir = await mkdtemp(join(tmpdir(), 'pr-comment-'))
})
afterAll(async () => {
  await github.close()
  await rm(dir, { recursive: true, force: true })
})
beforeEach(() => {
  github.requests.length = 0
  github.setMode('normal')
})

let eventCount = 0

/** The GITHUB_* variables of a run, with its event payload written where GitHub puts it. */
async function runnerEnv(
  options: { event?: string; number?: number; headRepo?: string | null } = {}
): Promise<Record<string, string>> {
  const number = options.number ?? PR
  const headRepo = options.headRepo === undefined ? REPO : options.headRepo
  const payload = {
    action: 'synchronize',
    number,
    pull_request: {
      number,
      head: { ref: 'feature', repo: headRepo === null ? null : { full_name: headRepo } },
      base: { ref: 'main', repo: { full_name: REPO } }
    },
    repository: { full_name: REPO }
  }
  const path = join(dir, `event-${++eventCount}.json`)
  await writeFile(path, JSON.stringify(payload))
  return {
    GITHUB_EVENT_NAME: options.event ?? 'pull_request',
    GITHUB_EVENT_PATH: path,
    GITHUB_REPOSITORY: REPO,
    GITHUB_API_URL: github.url,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: '777',
    GITHUB_RUN_ATTEMPT: '1'
  }
}

function completed(name: string, n: number, extra: Record<string, unknown> = {}): ResultRow {
  return {
    ok: true,
    status: 'COMPLETED',
    taskId: `ck${n}`,
    data: {
      model: 't2v',
      videoUrl: `https://cdn.example/video-${n}.mp4`,
      creditsCharged: 15,
      creditsRefunded: 0,
      ...extra
    },
    errorCode: null,
    errorMessage: null,
    retryAfter: null,
    name,
    model: 't2v'
  }
}

function failed(name: string, errorCode: ResultRow['errorCode'], errorMessage: string): ResultRow {
  return {
    ok: false,
    status: 'FAILED',
    taskId: 'ckfail1',
    data: { model: 't2v_v3', videoUrl: null, creditsCharged: 20, creditsRefunded: 20 },
    errorCode,
    errorMessage,
    retryAfter: null,
    name,
    model: 't2v_v3'
  }
}

async function upsert(
  env: Record<string, string>,
  results: ResultRow[],
  overrides: Partial<UpsertResultsCommentOptions> = {}
) {
  return upsertResultsComment({ token: TOKEN, results, env, ...overrides })
}

describe('upsertResultsComment', () => {
  it('creates one comment on the first run, authenticated with the token', async () => {
    const env = await runnerEnv({ number: 1 })
    const outcome = await upsert(env, [completed('fox', 1)])
    const comments = github.comments(REPO, 1)
    expect(outcome).toEqual({
      action: 'created',
      commentId: comments[0].id,
      url: comments[0].html_url
    })
    expect(comments).toHaveLength(1)
    expect(comments[0].body.startsWith(`${RESULTS_MARKER}\n`)).toBe(true)
    expect(github.requests.map(r => `${r.method} ${r.path}`)).toEqual([
      'GET /user',
      'POST /graphql',
      `GET /repos/${REPO}/issues/1/comments`,
      `POST /repos/${REPO}/issues/1/comments`
    ])
    expect(github.requests.every(r => r.authorized)).toBe(true)
  })

  it('updates the same comment on a re-run instead of adding another', async () => {
    const env = await runnerEnv({ number: 2 })
    const first = await upsert(env, [completed('fox', 1)])
    const second = await upsert(env, [completed('fox', 1), completed('owl', 2)])
    expect(first.action).toBe('created')
    expect(second).toMatchObject({ action: 'updated', commentId: first.commentId })
    const comments = github.comments(REPO, 2)
    expect(comments).toHaveLength(1)
    expect(comments[0].body).toContain('owl')
    expect(github.requests.filter(r => r.method === 'PATCH').map(r => r.path)).toEqual([
      `/repos/${REPO}/issues/comments/${first.commentId}`
    ])
  })

  it('finds the marker on the second page of comments', async () => {
    const number = 3
    github.seed(
      REPO,
      number,
      Array.from({ length: 130 }, (_, i) => `discussion ${i}`)
    )
    const [sticky] = github.seed(
      REPO,
      number,
      [`${RESULTS_MARKER}\nold results`],
      'github-actions[bot]'
    )
    github.seed(REPO, number, ['later remark'])
    const outcome = await upsert(await runnerEnv({ number }), [completed('fox', 1)])
    expect(outcome).toMatchObject({ action: 'updated', commentId: sticky.id })
    expect(github.comments(REPO, number)).toHaveLength(132)
    const lists = github.requests.filter(r => r.method === 'GET' && r.path.endsWith('/comments'))
    expect(lists.map(r => r.query.page ?? '1')).toEqual(['1', '2'])
    expect(lists[0].query.per_page).toBe('100')
  })

  it('does not take a reply quoting the marker for the sticky comment', async () => {
    const number = 4
    github.seed(REPO, number, [`> ${RESULTS_MARKER}\n> old results\n\nnice video!`])
    const outcome = await upsert(await runnerEnv({ number }), [completed('fox', 1)])
    expect(outcome.action).toBe('created')
    expect(github.comments(REPO, number)).toHaveLength(2)
  })

  it('keeps one comment per key, so matrix jobs do not overwrite each other', async () => {
    const env = await runnerEnv({ number: 5 })
    const a = await upsert(env, [completed('fox', 1)], { key: 'shard-1' })
    const b = await upsert(env, [completed('owl', 2)], { key: 'shard-2' })
    const again = await upsert(env, [completed('fox', 3)], { key: 'shard-1' })
    expect([a.action, b.action, again.action]).toEqual(['created', 'created', 'updated'])
    expect(again.commentId).toBe(a.commentId)
    expect(github.comments(REPO, 5).map(c => c.body.split('\n')[0])).toEqual([
      '<!-- aivideomaker-action:results:shard-1 -->',
      '<!-- aivideomaker-action:results:shard-2 -->'
    ])
  })

  it('never edits a marked comment someone else wrote, and reports it', async () => {
    const number = 13
    const [planted] = github.seed(REPO, number, [
      `${RESULTS_MARKER}\n[video](https://evil.example)`
    ])
    const outcome = await upsert(await runnerEnv({ number }), [completed('fox', 1)])
    expect(outcome).toMatchObject({
      action: 'created',
      ignored: [{ id: planted.id, login: 'someone' }]
    })
    const [theirs, ours] = github.comments(REPO, number)
    expect(theirs.body).toBe(`${RESULTS_MARKER}\n[video](https://evil.example)`)
    expect(ours.user.login).toBe('github-actions[bot]')
    expect(github.requests.filter(r => r.method === 'PATCH')).toHaveLength(0)
    // The next run finds its own comment and still leaves the planted one alone.
    const again = await upsert(await runnerEnv({ number }), [completed('fox', 2)])
    expect(again).toMatchObject({ action: 'updated', commentId: ours.id })
    expect(github.comments(REPO, number)[0].body).toBe(theirs.body)
  })

  it("edits only the personal token's own comment: the login GET /user reports", async () => {
    const personal = await startFakeGitHubApi({
      token: 'ghp_personal0123456789',
      login: 'octo-dev'
    })
    try {
      const number = 14
      const env = { ...(await runnerEnv({ number })), GITHUB_API_URL: personal.url }
      personal.seed(REPO, number, [`${RESULTS_MARKER}\nbot's`], 'github-actions[bot]')
      const [mine] = personal.seed(REPO, number, [`${RESULTS_MARKER}\nmine`], 'octo-dev')
      const outcome = await upsert(env, [completed('fox', 1)], { token: 'ghp_personal0123456789' })
      expect(outcome).toMatchObject({ action: 'updated', commentId: mine.id })
      expect(outcome.ignored?.map(c => c.login)).toEqual(['github-actions[bot]'])
      expect(personal.comments(REPO, number)[0].body).toBe(`${RESULTS_MARKER}\nbot's`)
      expect(personal.requests[0]).toMatchObject({ method: 'GET', path: '/user' })
    } finally {
      await personal.close()
    }
  })

  it("keeps a GitHub App's own comment: GraphQL's viewer names its bot", async () => {
    const app = await startFakeGitHubApi({
      token: 'ghs_appInstallation0123',
      login: 'video-app[bot]'
    })
    try {
      const number = 16
      const env = { ...(await runnerEnv({ number })), GITHUB_API_URL: app.url }
      const [mine] = app.seed(REPO, number, [`${RESULTS_MARKER}\nold`], 'video-app[bot]')
      const outcome = await upsert(env, [completed('fox', 1)], { token: 'ghs_appInstallation0123' })
      expect(outcome).toMatchObject({ action: 'updated', commentId: mine.id })
      expect(app.requests.map(r => `${r.method} ${r.path}`).slice(0, 2)).toEqual([
        'GET /user',
        'POST /graphql'
      ])
    } finally {
      await app.close()
    }
  })

  it('ends in a skip, not a throw, when GITHUB_API_URL is malformed', async () => {
    const env = { ...(await runnerEnv({ number: 15 })), GITHUB_API_URL: 'http://[not a host' }
    const outcome = await upsert(env, [completed('fox', 1)])
    expect(outcome.action).toBe('skipped')
    expect(outcome.reason).toContain('could not write the comment')
    expect(github.requests).toHaveLength(0)
  })

  it('skips a push event with a reason and calls nobody', async () => {
    const outcome = await upsert(await runnerEnv({ event: 'push' }), [completed('fox', 1)])
    expect(outcome.action).toBe('skipped')
    expect(outcome.reason).toContain('pull_request and pull_request_target')
    expect(outcome.reason).toContain('"push"')
    expect(github.requests).toHaveLength(0)
  })

  it('skips without a token', async () => {
    const outcome = await upsert(await runnerEnv(), [completed('fox', 1)], { token: '  ' })
    expect(outcome).toMatchObject({ action: 'skipped' })
    expect(outcome.reason).toContain('no github-token')
    expect(github.requests).toHaveLength(0)
  })

  it('skips a pull_request from a fork, whose GITHUB_TOKEN is read-only', async () => {
    const outcome = await upsert(await runnerEnv({ headRepo: 'stranger/media-site' }), [
      completed('fox', 1)
    ])
    expect(outcome.action).toBe('skipped')
    expect(outcome.reason).toContain('comes from a fork (stranger/media-site)')
    expect(outcome.reason).toContain('read-only')
    const deleted = await upsert(await runnerEnv({ headRepo: null }), [completed('fox', 1)])
    expect(deleted.reason).toContain('deleted repository')
    expect(github.requests).toHaveLength(0)
  })

  it('comments on pull_request_target from a fork, which runs with a writable token', async () => {
    const env = await runnerEnv({
      event: 'pull_request_target',
      number: 6,
      headRepo: 'stranger/media-site'
    })
    expect((await upsert(env, [completed('fox', 1)])).action).toBe('created')
  })

  it('turns a 403 into a skip that names the missing pull-requests: write permission', async () => {
    github.setMode('read-only')
    const outcome = await upsert(await runnerEnv({ number: 7 }), [completed('fox', 1)])
    expect(outcome.action).toBe('skipped')
    expect(outcome.reason).toContain('GitHub answered 403 (Resource not accessible by integration)')
    expect(outcome.reason).toContain('pull-requests: write')
    expect(outcome.reason).not.toContain(TOKEN)
    expect(github.comments(REPO, 7)).toHaveLength(0)
  })

  it('turns a refused token (401) into a skip without showing the token', async () => {
    const outcome = await upsert(await runnerEnv(), [completed('fox', 1)], {
      token: 'ghs_wrongTokenValue1234'
    })
    expect(outcome.action).toBe('skipped')
    expect(outcome.reason).toContain('401')
    expect(outcome.reason).not.toContain('ghs_wrongTokenValue1234')
  })

  it('turns an unreachable API into a skip rather than a crash', async () => {
    const env = { ...(await runnerEnv()), GITHUB_API_URL: 'http://127.0.0.1:9' }
    const outcome = await upsert(env, [completed('fox', 1)])
    expect(outcome.action).toBe('skipped')
    expect(outcome.reason).toContain(`could not write the comment on ${REPO}#${PR}`)
  })

  it('writes the results table, the 24-hour note, failures with next steps and the run link', async () => {
    const number = 8
    const results = [
      completed('fox', 1, { download: { path: 'out/fox.mp4', bytes: 1234 } }),
      failed(
        'storm',
        'TASK_FAILED',
        'The task FAILED upstream. Credits for a failed task are refunded.'
      )
    ]
    await upsert(await runnerEnv({ number }), results)
    const body = github.comments(REPO, number)[0].body
    expect(body).toContain('**1 of 2** tasks succeeded · **35** credits charged · **20** refunded')
    expect(body).toContain(
      '| # | Name / model / prompt | Status | Result | Credits charged | Refunded |'
    )
    expect(body).toContain(
      '| 1 | `fox` · `t2v` | ✅ `COMPLETED` | [video](https://cdn.example/video-1.mp4)<br>saved as `out/fox.mp4` | 15 | 0 |'
    )
    expect(body).toContain(
      '| 2 | `storm` · `t2v_v3` | ❌ `FAILED` `TASK_FAILED` | task `ckfail1` | 20 | 20 |'
    )
    expect(body).toContain('Video links expire **24 hours**')
    expect(body).toContain('artifacts')
    // A batch's failures list their codes; their messages fold into one <details>.
    expect(body).toContain('- **`storm`** (`t2v_v3`), task `ckfail1`: `TASK_FAILED`\n')
    expect(body).toContain(
      '- **`storm`**: `The task FAILED upstream. Credits for a failed task are refunded.`'
    )
    expect(body).toContain(
      '[Workflow run](https://github.com/octo-org/media-site/actions/runs/777)'
    )
  })

  it('renders envelopes from real runs against the simulator', async () => {
    const sim = await simulators.start()
    const client = simulators.clientFor(sim)
    const fast = { pollIntervalMs: 10, maxPollIntervalMs: 20, waitTimeoutMs: 5000 }
    const payload = { prompt: 'a red fox in snow', aspectRatio: '16:9', duration: '5' }
    const ok = await run({ model: 't2v', payload, ...fast }, { client })
    const bad = await run(
      { model: 't2v', payload: { ...payload, prompt: 'storm [sim:fail]' }, ...fast },
      { client }
    )
    expect([ok.ok, bad.ok]).toEqual([true, false])
    const number = 9
    await upsert(
      await runnerEnv({ number }),
      [
        { ...ok, name: 'fox' },
        { ...bad, name: 'storm' }
      ],
      { secrets: [API_KEY] }
    )
    const body = github.comments(REPO, number)[0].body
    expect(body).toContain(`[video](${sim.url}/`)
    expect(body).toMatch(
      /\| 1 \| `fox` · `t2v` \| ✅ `COMPLETED` \| \[video\]\([^)]+\) \| 15 \| 0 \|/
    )
    expect(body).toMatch(
      /\| 2 \| `storm` · `t2v` \| ❌ `FAILED` `TASK_FAILED` \| task `[\w-]+` \| 15 \| 15 \|/
    )
    expect(body).toContain('**30** credits charged · **15** refunded')
    expect(body).not.toContain(API_KEY)
  })

  it('keeps a huge body under the GitHub limit and says how many results were left out', async () => {
    const number = 10
    const results = Array.from({ length: 1500 }, (_, i) =>
      failed(`clip ${i}`, 'INVALID_PAYLOAD', `payload.prompt ${'is far too long '.repeat(30)}`)
    )
    const outcome = await upsert(await runnerEnv({ number }), results)
    expect(outcome.action).toBe('created')
    const body = github.comments(REPO, number)[0].body
    expect(body.length).toBeLessThanOrEqual(65536)
    const shown = body.split('\n').filter(line => /^\| \d+ \|/.test(line)).length
    expect(shown).toBeGreaterThan(10)
    expect(shown).toBeLessThan(1500)
    expect(body).toContain(`_${1500 - shown} more result(s) are not shown`)
    // The summary still counts every result.
    expect(body).toContain('**0 of 1500** tasks succeeded · **30000** credits charged')
  })

  it('never writes the API key or the token, even if an envelope carried them', async () => {
    const number = 11
    const leaky = failed('leak', 'AUTH_FAILED', `key ${API_KEY} refused; token ${TOKEN}`)
    await upsert(await runnerEnv({ number }), [leaky, { ...completed(API_KEY, 1) }], {
      secrets: [API_KEY]
    })
    const body = github.comments(REPO, number)[0].body
    expect(body).not.toContain(API_KEY)
    expect(body).not.toContain(TOKEN)
    expect(body).toContain('key *** refused; token ***')
  })

  it('keeps table-breaking and HTML text from envelopes inside code spans', async () => {
    const number = 12
    const tricky = failed(
      'a | b <!-- aivideomaker-action:results -->',
      'INVALID_PAYLOAD',
      'bad <script>\nline two'
    )
    await upsert(await runnerEnv({ number }), [tricky])
    const body = github.comments(REPO, number)[0].body
    expect(body.startsWith(RESULTS_MARKER)).toBe(true)
    expect(body).toContain('| 1 | `a ¦ b <!-- aivideomaker-action:results -->` · `t2v_v3` |')
    expect(body).toContain('`bad <script> line two`')
  })
})
