// Renders the pull-request comments users see (a single run, a batch with a failed and an
// invalid item) from real steps of the built action (dist/) with `comment-on-pr: true`,
// against the simulator and a local stand-in for the GitHub API that keeps the comment it
// is sent, then screenshots them the way GitHub renders Markdown (cmark-gfm + headless
// Chromium, through ../shared/tools/render-markdown) into docs/pr-comment-*.png, which
// docs/pr-media-build.md shows. The sibling of summary-screenshots.mjs.
//
//   npm run build && node scripts/pr-comment-screenshots.mjs
import { execFileSync } from 'node:child_process'
import { createServer } from 'node:http'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { runAction } from './emulate-runner.mjs'
import { BATCH_INPUTS, t2v, writeScreenshotBatch } from './screenshot-batch.mjs'
import { startSimulator } from '../dist/sim.js'

const RENDER = resolve('../shared/tools/render-markdown')
const KEY = 'demo-key'
const TOKEN = 'ghs_screenshot_token'
const REPO = 'octo-org/videos'

/**
 * Just enough of the GitHub REST API for one new sticky comment per pull request: the
 * token's login, an empty comment list, and a create whose body is kept.
 */
async function startCommentSink() {
  const bodies = []
  const server = createServer((request, response) => {
    let text = ''
    request.on('data', chunk => (text += chunk))
    request.on('end', () => {
      const path = (request.url ?? '').split('?')[0]
      const answer = (status, value) => {
        response.writeHead(status, { 'content-type': 'application/json' })
        response.end(JSON.stringify(value))
      }
      if (request.method === 'GET' && path === '/user') {
        return answer(200, { login: 'github-actions[bot]' })
      }
      if (!/^\/repos\/[^/]+\/[^/]+\/issues\/\d+\/comments$/.test(path)) return answer(404, {})
      if (request.method === 'GET') return answer(200, [])
      bodies.push(JSON.parse(text).body)
      const id = bodies.length
      return answer(201, {
        id,
        body: bodies[id - 1],
        html_url: `https://github.com/${REPO}/pull/1#issuecomment-${id}`,
        user: { login: 'github-actions[bot]' }
      })
    })
  })
  await new Promise(done => server.listen(0, '127.0.0.1', done))
  const { port } = server.address()
  return {
    url: `http://127.0.0.1:${port}`,
    bodies,
    close: () => new Promise(done => server.close(done))
  }
}

const sim = await startSimulator({
  keys: [{ key: KEY, balance: 1000, generationRequestsPerMinute: -1 }],
  durationsMs: { submittedMs: 200, totalMs: 600 },
  videoBytes: 4096
})
const github = await startCommentSink()
const workspace = await mkdtemp(join(tmpdir(), 'aivideo-comment-screenshots-'))
const common = {
  'api-key': KEY,
  'base-url': sim.url,
  'poll-interval': '100ms',
  'comment-on-pr': 'true',
  'github-token': TOKEN
}
try {
  const event = join(workspace, 'event.json')
  const repository = { full_name: REPO }
  await writeFile(
    event,
    JSON.stringify({ pull_request: { number: 1, head: { repo: repository } }, repository })
  )
  const env = {
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: event,
    GITHUB_API_URL: github.url,
    GITHUB_REPOSITORY: REPO
  }
  const steps = {
    run: {
      ...common,
      model: 't2v',
      payload: t2v(
        'a red fox running through fresh snow at dawn, slow motion, golden light on the frost, the camera tracking low beside it'
      ),
      'max-credits': '20',
      download: 'out/fox.mp4'
    },
    batch: { ...common, ...BATCH_INPUTS }
  }
  await writeScreenshotBatch(workspace)
  for (const [name, inputs] of Object.entries(steps)) {
    const before = github.bodies.length
    await runAction({ script: 'dist/index.js', workspace, inputs, env })
    const body = github.bodies[before]
    if (body === undefined) throw new Error(`the ${name} step wrote no pull request comment`)
    const markdown = join(workspace, `comment-${name}.md`)
    await writeFile(markdown, body)
    execFileSync(RENDER, [markdown, resolve(`docs/pr-comment-${name}.png`), '1012'], {
      stdio: 'inherit'
    })
  }
} finally {
  await sim.stop()
  await github.close()
  await rm(workspace, { recursive: true, force: true })
}
