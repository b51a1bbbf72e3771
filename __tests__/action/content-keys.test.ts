import { describe, expect, it } from '@jest/globals'
import { useActionHarness } from '../../__fixtures__/action-harness.js'
import { envelopeOf, simInputs } from '../../__fixtures__/runner.js'

/** Tasks leave SUBMITTED at once and stay in PROGRESS for a while: too late to cancel. */
const { start, step } = useActionHarness({ durationsMs: { submittedMs: 50, totalMs: 2500 } })

const ONCE_IN_PROGRESS = /Task \S+: PROGRESS/

describe('idempotency-key: content', () => {
  it('a later run replays the task a cancelled run left in PROGRESS: one task, paid once', async () => {
    const s = await start()
    const inputs = simInputs(s.url, { 'idempotency-key': 'content' })
    const cancelled = await step('dist/index.js', { inputs, signalOn: ONCE_IN_PROGRESS })
    expect(cancelled.signalledAtMs).not.toBeNull()
    const taskId = cancelled.outputs.taskId
    expect(taskId).not.toBe('')
    // The post step cannot cancel a task in PROGRESS: it keeps running upstream, paid.
    await step('dist/post.js', { inputs, stateFrom: cancelled.state })
    expect(s.stats().creations).toBe(1)

    // The successor run (a new run id) sends the same content key and is answered free.
    const successor = await step('dist/index.js', { inputs })
    expect(successor.code).toBe(0)
    expect(envelopeOf(successor)).toMatchObject({ ok: true, status: 'COMPLETED', taskId })
    expect(s.stats().creations).toBe(1)
    expect(s.stats().credits.charged).toBe(15)
  })

  it('auto keys, by contrast, pay again in a new run', async () => {
    const s = await start()
    const inputs = simInputs(s.url)
    const cancelled = await step('dist/index.js', { inputs, signalOn: ONCE_IN_PROGRESS })
    await step('dist/post.js', { inputs, stateFrom: cancelled.state })
    const successor = await step('dist/index.js', { inputs })
    expect(successor.code).toBe(0)
    expect(successor.outputs.taskId).not.toBe(cancelled.outputs.taskId)
    expect(s.stats().creations).toBe(2)
  })
})
