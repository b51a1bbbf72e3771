import { describe, expect, it } from '@jest/globals'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { useActionHarness } from '../../__fixtures__/action-harness.js'
import { E2E_KEY, T2V_PAYLOAD, envelopeOf } from '../../__fixtures__/runner.js'
import { makeTempDir } from '../../__fixtures__/temp-dirs.js'

const { start, main } = useActionHarness({ durationsMs: { submittedMs: 100, totalMs: 300 } })

async function workspaceWithBatch(): Promise<string> {
  const workspace = await makeTempDir('aivideo-quote-ws-')
  await writeFile(
    join(workspace, 'batch.json'),
    JSON.stringify([
      { name: 'short', model: 't2v', payload: T2V_PAYLOAD },
      { name: 'long', model: 't2v', payload: { ...T2V_PAYLOAD, duration: '8' } }
    ])
  )
  return workspace
}

describe('action quote with batch-file', () => {
  it.each([
    ['no cap', {}, 'true'],
    ['a max-total-credits below the total', { 'max-total-credits': '30' }, 'false'],
    ['a max-credits below one item', { 'max-credits': '20' }, 'false']
  ])('prices every item, with %s, and creates nothing', async (_, extra, affordable) => {
    const sim = await start()
    const result = await main({
      workspace: await workspaceWithBatch(),
      inputs: {
        action: 'quote',
        'batch-file': 'batch.json',
        'api-key': E2E_KEY,
        'base-url': sim.url,
        ...extra
      }
    })

    expect(result.code).toBe(0)
    expect(result.outputs).toMatchObject({ ok: 'true', credits: '39', affordable })
    expect(envelopeOf(result).data).toMatchObject({
      quotes: [
        { name: 'short', credits: 15 },
        { name: 'long', credits: 24 }
      ],
      totalCredits: 39
    })
    expect(sim.stats().creations).toBe(0)
  })
})
