import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Simulator } from '../../src/sim/index.js'
import {
  API_KEY,
  T2V_PAYLOAD,
  checkRunsForTheKey,
  buildCli,
  envelopeOf,
  useCliSimulator,
  startScript
} from './cli-process.js'

/** Tasks stay SUBMITTED long enough to be interrupted there. */
const slowSubmit = useCliSimulator({ submittedMs: 20_000, totalMs: 30_000 })
/** Tasks go to PROGRESS at once, and stay there. */
const slowProgress = useCliSimulator({ submittedMs: 0, totalMs: 30_000 })

beforeAll(buildCli)

function startRun(sim: Simulator) {
  return startScript(
    ['--model', 't2v', '--payload', JSON.stringify(T2V_PAYLOAD), '--poll-interval', '100ms'],
    {
      env: { AIVIDEO_API_KEY: API_KEY, AIVIDEO_BASE_URL: sim.url }
    }
  )
}

checkRunsForTheKey()

describe('Ctrl-C during a wait', () => {
  it('cancels a task that is still SUBMITTED (refunded), prints TASK_CANCELLED with the credits refunded, exit 1', async () => {
    const refunded = slowSubmit.stats().credits.refunded
    const running = startRun(slowSubmit)
    await running.waitForStderr(/is SUBMITTED/)
    running.child.kill('SIGINT')
    const result = await running.done
    expect(result.code).toBe(1)
    const envelope = envelopeOf(result.stdout)
    expect(envelope).toMatchObject({ ok: false, status: 'CANCEL', errorCode: 'TASK_CANCELLED' })
    // The refund upstream reported, not a guess from the charge.
    expect(envelope.data).toMatchObject({
      taskId: envelope.taskId,
      status: 'CANCEL',
      creditsCharged: 15,
      creditsRefunded: 15
    })
    expect(result.stderr).toContain(
      `Cancelled task ${envelope.taskId}, which was still SUBMITTED when the run was interrupted; 15 credits refunded.`
    )
    const stats = slowSubmit.stats()
    expect(stats.credits.refunded).toBe(refunded + 15)
    expect(stats.tasks.find(task => task.id === envelope.taskId)?.status).toBe('CANCEL')
  })

  it('leaves a task in PROGRESS running, says how to resume, and prints ABORTED, exit 1', async () => {
    const running = startRun(slowProgress)
    await running.waitForStderr(/is PROGRESS/)
    running.child.kill('SIGINT')
    const result = await running.done
    expect(result.code).toBe(1)
    const envelope = envelopeOf(result.stdout)
    expect(envelope).toMatchObject({ ok: false, status: 'PROGRESS', errorCode: 'ABORTED' })
    expect(result.stderr).toContain(`--taskId ${envelope.taskId}`)
    expect(result.stderr).toContain(`--action getStatus --taskId ${envelope.taskId}`)
    expect(slowProgress.stats().tasks.find(task => task.id === envelope.taskId)?.status).toBe(
      'PROGRESS'
    )
  })

  it('a second Ctrl-C exits at once with 130', async () => {
    slowSubmit.setFaults([{ route: 'cancel', kind: 'latency', delayMs: 5_000 }])
    try {
      const running = startRun(slowSubmit)
      await running.waitForStderr(/is SUBMITTED/)
      running.child.kill('SIGINT')
      await running.waitForStderr(/cancelling task/)
      running.child.kill('SIGINT')
      const result = await running.done
      expect(result.code).toBe(130)
    } finally {
      slowSubmit.clearFaults()
    }
  })
})
