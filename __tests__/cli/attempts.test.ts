import { beforeAll, describe, expect, it } from '@jest/globals'
import { holdingCreates } from '../../__fixtures__/holding-proxy.js'
import {
  API_KEY,
  T2V_PAYLOAD,
  buildCli,
  envelopeOf,
  runScript,
  useCliSimulator,
  startScript
} from './cli-process.js'

// Tasks stay SUBMITTED for the whole file: every one is cancellable.
const sim = useCliSimulator({ submittedMs: 60_000, totalMs: 70_000 })

beforeAll(buildCli)

const payload = (prompt: string): string => JSON.stringify({ ...T2V_PAYLOAD, prompt })

describe('the CLI through the core run', () => {
  it('Ctrl-C while the create is in flight: the task is found by the key kept in memory, and cancelled (refunded)', async () => {
    const proxy = await holdingCreates(sim.url)
    try {
      const before = sim.stats()
      const running = startScript(
        ['--model', 't2v', '--payload', payload('cut off'), '--idempotency-key', 'auto'],
        { env: { AIVIDEO_API_KEY: API_KEY, AIVIDEO_BASE_URL: proxy.url } }
      )
      await proxy.firstHeld
      running.child.kill('SIGINT')
      const result = await running.done

      const envelope = envelopeOf(result.stdout)
      expect(envelope).toMatchObject({ errorCode: 'TASK_CANCELLED', status: 'CANCEL' })
      expect(result.stderr).toMatch(
        new RegExp(
          `Cancelled task ${envelope.taskId}, found under Idempotency-Key \\S+; 15 credits refunded\\.`
        )
      )
      expect(envelope.data).toMatchObject({ creditsRefunded: 15 })
      const after = sim.stats()
      expect(after.creations).toBe(before.creations + 1)
      expect(after.credits.refunded - before.credits.refunded).toBe(15)
    } finally {
      await proxy.close()
    }
  })

  it('quotes first with --max-credits, as the action does: over budget, nothing is created', async () => {
    const before = sim.stats()
    const result = await runScript(
      ['--model', 't2v', '--payload', payload('over budget'), '--max-credits', '5'],
      { env: { AIVIDEO_API_KEY: API_KEY, AIVIDEO_BASE_URL: sim.url } }
    )
    expect(result.code).toBe(1)
    expect(envelopeOf(result.stdout)).toMatchObject({ errorCode: 'BUDGET_EXCEEDED', taskId: null })
    const after = sim.stats()
    expect(after.creations).toBe(before.creations)
    expect(after.requests.quote?.[200]).toBe((before.requests.quote?.[200] ?? 0) + 1)
  })

  it('re-running an --idempotency-key auto command after its task was cancelled makes a new task once, then resumes it', async () => {
    const args = ['--model', 't2v', '--payload', payload('again'), '--idempotency-key', 'auto']
    const env = { AIVIDEO_API_KEY: API_KEY, AIVIDEO_BASE_URL: sim.url }
    const timeout = ['--wait-timeout', '300ms']
    const first = envelopeOf((await runScript([...args, ...timeout], { env })).stdout)
    await runScript(['--action', 'cancelTask', '--taskId', String(first.taskId)], { env })
    const second = envelopeOf((await runScript([...args, ...timeout], { env })).stdout)
    const third = envelopeOf((await runScript([...args, ...timeout], { env })).stdout)

    expect(second.taskId).not.toBe(first.taskId)
    expect(third).toMatchObject({ errorCode: 'TIMEOUT', taskId: second.taskId })
  })

  it('a command keyed cli-promo-video makes its own task, never the one of a command keyed cli-promo-video-a2', async () => {
    const env = { AIVIDEO_API_KEY: API_KEY, AIVIDEO_BASE_URL: sim.url }
    const runKeyed = async (key: string, prompt: string) =>
      envelopeOf(
        (
          await runScript(
            [
              '--model',
              't2v',
              '--payload',
              payload(prompt),
              '--idempotency-key',
              key,
              '--wait-timeout',
              '300ms'
            ],
            { env }
          )
        ).stdout
      )
    const before = sim.stats().creations
    const y = await runKeyed('cli-promo-video-a2', 'a city at night')
    const x = await runKeyed('cli-promo-video', 'a forest at dawn')
    const sameX = await runKeyed('cli-promo-video', 'a forest at dawn')

    expect(y).toMatchObject({ errorCode: 'TIMEOUT', status: 'SUBMITTED' })
    expect(x).toMatchObject({ errorCode: 'TIMEOUT', status: 'SUBMITTED' })
    expect(x.taskId).not.toBe(y.taskId)
    expect(sameX.taskId).toBe(x.taskId)
    expect(sim.stats().creations).toBe(before + 2)
  })
})
