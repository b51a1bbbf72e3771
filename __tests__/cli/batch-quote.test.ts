import { describe, expect, it } from '@jest/globals'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { T2V_PAYLOAD, envelopeOf, runScript, useCliHarness } from './cli-process.js'

const cli = useCliHarness({
  durationsMs: { submittedMs: 100, totalMs: 300 },
  workDirPrefix: 'aivideomaker-batch-quote-'
})

/** Two t2v jobs: 5 s (15 credits in the simulator) and 8 s (24), the second capped at 20. */
async function batchFile(): Promise<string> {
  const path = join(cli.workDir, 'quote-batch.json')
  await writeFile(
    path,
    JSON.stringify([
      { name: 'short', model: 't2v', payload: T2V_PAYLOAD },
      { name: 'long', model: 't2v', payload: { ...T2V_PAYLOAD, duration: '8' }, 'max-credits': 20 }
    ])
  )
  return path
}

describe('--action quote --batch', () => {
  it('prices every job, gives the total and whether run would go ahead, and creates nothing', async () => {
    const file = await batchFile()
    const before = cli.sim.stats()
    const result = await runScript(
      ['--action', 'quote', '--batch', file, '--max-total-credits', '100'],
      {
        env: cli.env,
        cwd: cli.workDir
      }
    )

    expect(result.code).toBe(0)
    const envelope = envelopeOf(result.stdout)
    expect(envelope).toMatchObject({ ok: true, errorCode: null })
    expect(envelope.data).toMatchObject({
      quotes: [
        { name: 'short', model: 't2v', credits: 15 },
        { name: 'long', model: 't2v', credits: 24 }
      ],
      totalCredits: 39,
      affordable: true,
      maxTotalCredits: 100,
      withinCaps: false
    })
    expect(String(envelope.data?.refusal)).toMatch(
      /"long" \(t2v\) costs 24 credits, above its max-credits of 20/
    )
    expect(result.stderr).toMatch(
      /batch quote: 2 jobs, 39 credits in total.*nothing was created or charged/
    )
    const after = cli.sim.stats()
    expect(after.creations).toBe(before.creations)
  })

  it('gives --max-credits to the jobs without their own cap, as run does', async () => {
    const file = await batchFile()
    const result = await runScript(['--action', 'quote', '--batch', file, '--max-credits', '10'], {
      env: cli.env,
      cwd: cli.workDir
    })

    expect(result.code).toBe(0)
    const data = envelopeOf(result.stdout).data
    expect(data).toMatchObject({ totalCredits: 39, withinCaps: false })
    // "short" has no cap of its own: 15 credits is above --max-credits 10.
    expect(String(data?.refusal)).toMatch(
      /"short" \(t2v\) costs 15 credits, above its max-credits of 10/
    )
  })

  it('refuses --model beside --batch as a usage error, sending nothing', async () => {
    const file = await batchFile()
    const result = await runScript(['--action', 'quote', '--batch', file, '--model', 't2v'], {
      env: cli.env,
      cwd: cli.workDir
    })

    expect(result.code).toBe(2)
    expect(envelopeOf(result.stdout).errorMessage).toMatch(/--batch does not go with --model/)
  })
})
