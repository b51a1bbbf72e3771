import { afterEach, describe, expect, it } from '@jest/globals'
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { useActionHarness } from '../../__fixtures__/action-harness.js'
import { E2E_KEY } from '../../__fixtures__/runner.js'

const { start, main } = useActionHarness({ durationsMs: { submittedMs: 150, totalMs: 400 } })

let workspaces: string[] = []
afterEach(async () => {
  for (const workspace of workspaces) await rm(workspace, { recursive: true, force: true })
  workspaces = []
})

/** A YAML batch of `count` t2v items, every second one unnamed (named from its position). */
function yamlBatch(count: number): string {
  return Array.from({ length: count }, (_, i) => {
    const payload = `{ prompt: 'an owl blinks, take ${i + 1}', aspectRatio: '1:1', duration: '5' }`
    const fields = [
      ...(i % 2 === 1 ? [] : [`name: owl-${i + 1}`]),
      'model: t2v',
      `payload: ${payload}`
    ]
    return `- ${fields.join('\n  ')}`
  }).join('\n')
}

describe('shard input', () => {
  it('two legs of one YAML batch in one workspace render every item once into one videos folder', async () => {
    const sim = await start()
    const workspace = await mkdtemp(join(tmpdir(), 'aivideo-shard-ws-'))
    workspaces.push(workspace)
    await mkdir(join(workspace, 'videos'))
    await writeFile(join(workspace, 'videos', 'owls.yml'), yamlBatch(5))
    const leg = (shard: string) =>
      main({
        workspace,
        inputs: {
          'batch-file': 'videos/owls.yml',
          shard,
          download: 'out/videos',
          'api-key': E2E_KEY,
          'base-url': sim.url,
          'poll-interval': '100ms'
        }
      })
    const legs = await Promise.all([leg('0/2'), leg('1/2')])

    const names = legs.map(result => {
      expect(result.code).toBe(0)
      return (JSON.parse(result.outputs.results) as { name: string; ok: boolean }[]).map(item => {
        expect(item.ok).toBe(true)
        return item.name
      })
    })
    expect(names).toEqual([
      ['owl-1', 'owl-3', 'owl-5'],
      ['item-2', 'item-4']
    ])
    expect((await readdir(join(workspace, 'out', 'videos'))).sort()).toEqual(
      ['item-2.mp4', 'item-4.mp4', 'owl-1.mp4', 'owl-3.mp4', 'owl-5.mp4'].sort()
    )
    expect(sim.stats().creations).toBe(5)
  })
})
