import { describe, expect, it } from '@jest/globals'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { useActionHarness } from '../../__fixtures__/action-harness.js'
import { json, startScriptedServer } from '../../__fixtures__/scripted-server.js'
import { E2E_KEY, simInputs } from '../../__fixtures__/runner.js'
import { makeTempDir } from '../../__fixtures__/temp-dirs.js'

const { start, main, closeAfterTest } = useActionHarness({
  durationsMs: { submittedMs: 100, totalMs: 300 }
})

/** The event payload GitHub writes for a pull request opened from the repository itself. */
async function pullRequestEvent(): Promise<string> {
  const dir = await makeTempDir('aivideo-event-')
  const path = join(dir, 'event.json')
  const repo = { full_name: 'octo-org/videos' }
  await writeFile(
    path,
    JSON.stringify({ pull_request: { number: 7, head: { repo } }, repository: repo })
  )
  return path
}

describe('comment-on-pr', () => {
  it('writes one sticky comment with the result on a pull_request event', async () => {
    const sim = await start()
    const github = closeAfterTest(await startScriptedServer())
    github.answer(
      json(200, []),
      json(201, { id: 99, html_url: 'https://github.test/octo-org/videos/pull/7#c99' })
    )
    const result = await main({
      inputs: simInputs(sim.url, {
        'comment-on-pr': 'true',
        'github-token': 'ghs_test_token_0001'
      }),
      env: {
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_EVENT_PATH: await pullRequestEvent(),
        GITHUB_API_URL: github.url
      }
    })

    expect(result.outputs.ok).toBe('true')
    expect(result.stdout).toContain('Pull request comment created')
    const [list, create] = github.requests
    expect(list.method).toBe('GET')
    expect(list.url).toMatch(/^\/repos\/octo-org\/videos\/issues\/7\/comments/)
    expect(create.method).toBe('POST')
    const body = (JSON.parse(create.body) as { body: string }).body
    expect(body).toContain(result.outputs.taskId)
    expect(body).not.toContain(E2E_KEY)
    const lines = result.stdout.split('\n')
    expect(lines.slice(0, 2)).toEqual([`::add-mask::${E2E_KEY}`, '::add-mask::ghs_test_token_0001'])
    expect(lines.slice(2).join('\n')).not.toContain('ghs_test_token_0001')
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
