import { describe, expect, it } from '@jest/globals'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { useActionHarness } from '../../__fixtures__/action-harness.js'
import { T2V_PAYLOAD } from '../../__fixtures__/runner.js'
import { makeTempDir } from '../../__fixtures__/temp-dirs.js'
import { commandLines } from '../sinks/hostile-text.js'

const { start, main } = useActionHarness({ durationsMs: { submittedMs: 100, totalMs: 300 } })

/** The env of a pull_request run whose head is `head` (the base is octo-org/videos). */
async function pullRequestEnv(head: string | null): Promise<Record<string, string>> {
  const dir = await makeTempDir('aivideo-event-')
  const path = join(dir, 'event.json')
  await writeFile(
    path,
    JSON.stringify({
      pull_request: {
        number: 7,
        head: { repo: head === null ? null : { full_name: head } },
        base: { repo: { full_name: 'octo-org/videos' } }
      }
    })
  )
  return { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: path }
}

/** A run with no api-key input and no AIVIDEO_API_KEY, as a fork's pull request gets. */
function keylessInputs(baseUrl: string): Record<string, string> {
  return { model: 't2v', payload: JSON.stringify(T2V_PAYLOAD), 'base-url': baseUrl }
}

describe('a pull request run without an API key', () => {
  it.each([['someone/videos'], [null]])(
    'from a fork (%s): a notice, a green step, nothing sent',
    async head => {
      const sim = await start()
      const result = await main({ inputs: keylessInputs(sim.url), env: await pullRequestEnv(head) })

      expect(result.code).toBe(0)
      const commands = commandLines(result.stdout)
      expect(commands.filter(line => line.startsWith('::error'))).toEqual([])
      const notice = commands.find(line => line.startsWith('::notice'))
      expect(notice).toMatch(
        /No API key: this run is for a pull request from (the fork someone\/videos|a deleted fork)/
      )
      expect(notice).toContain('Nothing was sent, created or charged')
      expect(result.outputs).toMatchObject({ ok: 'false', errorCode: 'AUTH_FAILED' })
      expect(sim.stats().requests).toEqual({})
    }
  )

  it('from a branch of the repository itself: the missing key fails the step', async () => {
    const sim = await start()
    const result = await main({
      inputs: keylessInputs(sim.url),
      env: await pullRequestEnv('octo-org/videos')
    })

    expect(result.code).toBe(1)
    expect(commandLines(result.stdout).some(line => line.startsWith('::error'))).toBe(true)
    expect(result.outputs.errorMessage).toMatch(/No API key was given/)
  })
})
