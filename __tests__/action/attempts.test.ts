import { describe, expect, it } from '@jest/globals'
import { useActionHarness } from '../../__fixtures__/action-harness.js'
import { holdingCreates } from '../../__fixtures__/holding-proxy.js'
import { simInputs } from '../../__fixtures__/runner.js'

/** Tasks stay SUBMITTED for the whole test: every attempt ends TIMEOUT, every task is cancellable. */
const { start, step, clientFor, closeAfterTest } = useActionHarness({
  durationsMs: { submittedMs: 60_000, totalMs: 70_000 }
})

const run = { GITHUB_RUN_ID: '3141592', GITHUB_REPOSITORY: 'o/r', GITHUB_ACTION: 'video' }

describe('re-run attempts', () => {
  it('attempt 3 resumes the task attempt 2 made after attempt 1 was cancelled: 2 creations, never 3', async () => {
    const s = await start()
    const inputs = simInputs(s.url, { 'wait-timeout': '1s' })
    const attempt = (n: number) =>
      step('dist/index.js', { inputs, env: { ...run, GITHUB_RUN_ATTEMPT: String(n) } })

    const first = await attempt(1)
    expect(first.outputs).toMatchObject({ errorCode: 'TIMEOUT', status: 'SUBMITTED' })
    const a = first.outputs.taskId
    expect((await clientFor(s).cancelTask(a)).ok).toBe(true)

    const second = await attempt(2)
    const b = second.outputs.taskId
    expect(second.outputs).toMatchObject({ errorCode: 'TIMEOUT', status: 'SUBMITTED' })
    expect(b).not.toBe(a)
    expect(second.stdout).toContain(`(${a} CANCEL; refunded): starting a new task`)

    const third = await attempt(3)
    expect(third.outputs).toMatchObject({ errorCode: 'TIMEOUT', taskId: b })
    expect(third.stdout).toContain(`Task ${b} of an earlier attempt is SUBMITTED`)

    const stats = s.stats()
    expect(stats.creations).toBe(2)
    expect(stats.credits).toEqual({ charged: 30, refunded: 15 })
    // One list request per re-run attempt finds every earlier task; attempt 1 needs none.
    expect(stats.requests.list).toEqual({ 200: 2 })
  })

  it('saves the key before the create: SIGINT while the create is in flight, the post step finds the task by its key and cancels it, a re-run resumes nothing dead', async () => {
    const s = await start()
    const proxy = closeAfterTest(await holdingCreates(s.url))
    const inputs = simInputs(proxy.url)
    const env = { ...run, GITHUB_RUN_ATTEMPT: '1' }
    const main = await step('dist/index.js', {
      inputs,
      env,
      signalOn: /::add-mask::/,
      signalAfterMs: 2_500
    })

    expect(main.outputs).toMatchObject({ errorCode: 'ABORTED', taskId: '' })
    expect(main.state.idempotencyKey).toMatch(/^gha-/)
    expect(main.state.taskId).toBeUndefined()
    expect(s.stats().creations).toBe(1)

    const post = await step('dist/post.js', { inputs, env, stateFrom: main.state })
    const [task] = s.stats().tasks
    expect(post.stdout).toContain(`Cancelled task ${task.id}`)
    expect(task.status).toBe('CANCEL')
    expect(s.stats().credits).toEqual({ charged: 15, refunded: 15 })

    const rerun = await step('dist/index.js', {
      inputs: { ...simInputs(s.url), 'wait-timeout': '1s' },
      env: { ...env, GITHUB_RUN_ATTEMPT: '2' }
    })
    expect(rerun.outputs.taskId).not.toBe(task.id)
    expect(s.stats().creations).toBe(2)
  })
})
