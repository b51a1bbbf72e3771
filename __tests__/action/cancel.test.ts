import { describe, expect, it } from '@jest/globals'
import { useActionHarness } from '../../__fixtures__/action-harness.js'
import { untilSimulator } from '../../__fixtures__/test-simulator.js'
import { envelopeOf, simInputs } from '../../__fixtures__/runner.js'

/** Tasks that stay SUBMITTED long enough to be cancelled. */
const { start, step } = useActionHarness({ durationsMs: { submittedMs: 20_000, totalMs: 30_000 } })

/** Cancels the job once the first progress line shows the task. */
const ONCE_WAITING = /Task \S+: SUBMITTED/
/** Cancels the job once a progress line shows the task running. */
const ONCE_RUNNING = /Task \S+: PROGRESS/

describe('job cancellation', () => {
  it('SIGINT mid-wait cancels the SUBMITTED task in the main step (TASK_CANCELLED, refunded); the post step does not claim it again', async () => {
    const s = await start()
    const inputs = simInputs(s.url)
    const main = await step('dist/index.js', { inputs, signalOn: ONCE_WAITING, signalAfterMs: 100 })

    expect(main.signalledAtMs).not.toBeNull()
    expect(main.code).toBe(1)
    expect(main.outputs).toMatchObject({
      ok: 'false',
      errorCode: 'TASK_CANCELLED',
      status: 'CANCEL'
    })
    expect(main.outputs.taskId).not.toBe('')
    expect(envelopeOf(main)).toMatchObject({ data: { creditsRefunded: 15 } })
    expect(main.stdout).toContain(`Cancelled task ${main.outputs.taskId}`)
    expect(main.state).toMatchObject({ taskId: main.outputs.taskId, baseUrl: s.url, model: 't2v' })
    expect(main.state.finished).toBeUndefined()
    const before = s.stats().totalRequests

    const post = await step('dist/post.js', { inputs, stateFrom: main.state })

    expect(post.code).toBe(0)
    expect(post.stdout).not.toContain('Cancelled task')
    expect(post.summary ?? '').not.toContain('Post step:')
    expect(s.stats().totalRequests).toBe(before)
    const stats = s.stats()
    expect(stats.requests.cancel).toEqual({ 200: 1 })
    expect(stats.credits).toEqual({ charged: 15, refunded: 15 })
    expect(stats.tasks[0].status).toBe('CANCEL')
  })

  it('handles SIGTERM the same way', async () => {
    const s = await start()
    const main = await step('dist/index.js', {
      inputs: simInputs(s.url),
      signal: 'SIGTERM',
      signalOn: ONCE_WAITING
    })

    expect(main.outputs).toMatchObject({ errorCode: 'TASK_CANCELLED', status: 'CANCEL' })
    expect(main.state.taskId).toBe(main.outputs.taskId)
    expect(s.stats().credits).toEqual({ charged: 15, refunded: 15 })
  })

  it('the post step leaves a task alone once it has left SUBMITTED', async () => {
    const s = await start({ durationsMs: { submittedMs: 100, totalMs: 600 } })
    const inputs = simInputs(s.url)
    // Signalled once the task runs: main leaves a task in PROGRESS to run on, ABORTED.
    const main = await step('dist/index.js', { inputs, signalOn: ONCE_RUNNING })
    expect(main.outputs).toMatchObject({ errorCode: 'ABORTED', status: 'PROGRESS' })
    await untilSimulator(s, stats => stats.tasks[0]?.status === 'COMPLETED', 'the task COMPLETED')
    const post = await step('dist/post.js', { inputs, stateFrom: main.state })

    expect(post.code).toBe(0)
    expect(post.stdout).toMatch(/Task \S+ is COMPLETED: left alone/)
    // The cancel is sent without reading the status first: upstream refuses it, and the task is untouched.
    expect(s.stats().requests.cancel).toEqual({ 409: 1 })
    expect(s.stats().tasks.map(task => task.status)).toEqual(['COMPLETED'])
  })

  it('the post step does nothing after a main step that finished', async () => {
    const s = await start({ durationsMs: { submittedMs: 100, totalMs: 300 } })
    const inputs = simInputs(s.url)
    const main = await step('dist/index.js', { inputs })
    const before = s.stats().totalRequests
    const post = await step('dist/post.js', { inputs, stateFrom: main.state })

    expect(main.state.finished).toBe('true')
    expect(post.code).toBe(0)
    expect(s.stats().totalRequests).toBe(before)
  })

  it('cancel-on-abort false leaves the task running and says so', async () => {
    const s = await start()
    const inputs = simInputs(s.url, { 'cancel-on-abort': 'false' })
    const main = await step('dist/index.js', { inputs, signalOn: ONCE_WAITING })
    const post = await step('dist/post.js', { inputs, stateFrom: main.state })

    expect(main.outputs).toMatchObject({ errorCode: 'ABORTED', status: 'SUBMITTED' })
    expect(post.code).toBe(0)
    expect(post.stdout).toContain('cancel-on-abort is false')
    expect(s.stats().requests.cancel).toBeUndefined()
  })

  it('the post step only warns when it cannot reach the service', async () => {
    // A task in PROGRESS when main is signalled: main leaves it, the post step tries its cancel.
    const s = await start({ durationsMs: { submittedMs: 100, totalMs: 60_000 } })
    const inputs = simInputs(s.url)
    const main = await step('dist/index.js', { inputs, signalOn: ONCE_RUNNING })
    await s.stop()
    const post = await step('dist/post.js', {
      inputs: { ...inputs, 'max-retries': '0' },
      stateFrom: main.state
    })

    expect(post.code).toBe(0)
    expect(post.stdout).toMatch(
      /::warning .*Task \S+ was not handled: its cancel failed: .*It may still be SUBMITTED and paid\./
    )
  })

  it("main's claim stops at its deadline when the cancel goes unanswered: ABORTED, and the post step claims the task", async () => {
    // Every cancel is held for 60 s: main's claim must give up at its deadline (3 s after
    // the signal) and leave the task to the post step, not run into the runner's SIGTERM.
    const s = await start({
      durationsMs: { submittedMs: 60_000, totalMs: 61_000 },
      faults: [{ route: 'cancel', kind: 'latency', delayMs: 60_000, times: 1 }]
    })
    const inputs = simInputs(s.url)
    const main = await step('dist/index.js', { inputs, signalOn: ONCE_WAITING })

    // It ended on SIGINT alone, ABORTED with the task's id, and settled nothing.
    expect(main.signalsSent).toEqual(['SIGINT'])
    expect(main.code).toBe(1)
    expect(main.outputs).toMatchObject({ ok: 'false', errorCode: 'ABORTED', status: 'SUBMITTED' })
    expect(main.outputs.taskId).not.toBe('')
    expect(main.stdout).not.toContain('Cancelled task')
    expect(main.state).toMatchObject({ taskId: main.outputs.taskId })
    expect(s.stats().credits).toEqual({ charged: 15, refunded: 0 })

    const post = await step('dist/post.js', { inputs, stateFrom: main.state })

    expect(post.code).toBe(0)
    expect(post.stdout).toContain(`Cancelled task ${main.outputs.taskId}`)
    const stats = s.stats()
    expect(stats.tasks.map(task => task.status)).toEqual(['CANCEL'])
    expect(stats.credits).toEqual({ charged: 15, refunded: 15 })
  })

  it('a re-run after the interrupted step cancelled the task starts a new one', async () => {
    // SUBMITTED for the whole test, whatever the machine's load: the claim always finds it cancellable.
    const s = await start({ durationsMs: { submittedMs: 60_000, totalMs: 61_000 } })
    const env = { GITHUB_RUN_ID: '55501', GITHUB_RUN_ATTEMPT: '1' }
    const inputs = simInputs(s.url)
    const first = await step('dist/index.js', { inputs, env, signalOn: ONCE_WAITING })
    await step('dist/post.js', { inputs, env, stateFrom: first.state })
    const rerun = await step('dist/index.js', {
      inputs: { ...inputs, 'wait-timeout': '1s' },
      env: { ...env, GITHUB_RUN_ATTEMPT: '2' }
    })

    expect(rerun.outputs).toMatchObject({ errorCode: 'TIMEOUT', status: 'SUBMITTED' })
    expect(rerun.outputs.taskId).not.toBe(first.outputs.taskId)
    expect(rerun.stdout).toContain(
      `Every task of earlier attempts ended without a video (${first.outputs.taskId} CANCEL; refunded)`
    )
    expect(s.stats().creations).toBe(2)
  })
})
