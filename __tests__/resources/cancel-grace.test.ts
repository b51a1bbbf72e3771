import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { promisify } from 'node:util'
import type { Simulator } from '../../src/sim/index.js'
import { useActionHarness } from '../../__fixtures__/action-harness.js'
import { loadEmulator, simInputs, type RunActionResult } from '../../__fixtures__/runner.js'

/**
 * Issue 8: the job is cancelled mid-wait the way the runner does it — SIGINT, SIGTERM
 * 7.5 s later, SIGKILL 2.5 s after that (scripts/emulate-runner.mjs) — and the action
 * must end within that grace period with the still-SUBMITTED task cancelled and its outputs
 * written (TASK_CANCELLED, the task id, the refund); the post step then has nothing left to
 * claim: one task, one cancel, refunded.
 * (__tests__/action/cancel.test.ts covers a plain SIGINT or SIGTERM.)
 */

const run = promisify(execFile)
let grace: { sigtermAfterMs: number; sigkillAfterMs: number }
let dir: string

/** Tasks stay SUBMITTED long enough to be cancelled. */
const { start, step } = useActionHarness({
  durationsMs: { submittedMs: 30_000, totalMs: 40_000 },
  timeoutMs: 30_000
})

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aivideo-grace-'))
  const emulator = (await loadEmulator()) as unknown as {
    SIGTERM_AFTER_MS: number
    SIGKILL_AFTER_MS: number
  }
  grace = {
    sigtermAfterMs: emulator.SIGTERM_AFTER_MS,
    sigkillAfterMs: emulator.SIGTERM_AFTER_MS + emulator.SIGKILL_AFTER_MS
  }
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** The runner's cancellation, once the first progress line shows the task. */
const CANCEL_MID_WAIT = { signal: 'SIGINT', signalOn: /Task \S+: SUBMITTED/ } as const

/** What every cancelled main step must leave behind: the task cancelled, and said so. */
function expectCancelledWithTask(main: RunActionResult): void {
  expect(main.outputs).toMatchObject({ ok: 'false', errorCode: 'TASK_CANCELLED', status: 'CANCEL' })
  expect(main.outputs.taskId).toMatch(/^[A-Za-z0-9_-]+$/)
  expect(main.state).toMatchObject({ taskId: main.outputs.taskId })
  expect(main.state.finished).toBeUndefined()
}

/** The post step claims nothing more; one task existed, cancelled once, and its credits came back. */
async function expectCancelledOnce(
  s: Simulator,
  inputs: Record<string, string>,
  main: RunActionResult
) {
  const post = await step('dist/post.js', { inputs, stateFrom: main.state })
  expect(post.code).toBe(0)
  expect(post.stdout).not.toContain('Cancelled task')
  const stats = s.stats()
  expect(stats.creations).toBe(1)
  expect(stats.tasks.map(task => [task.id, task.status])).toEqual([[main.outputs.taskId, 'CANCEL']])
  expect(stats.credits).toEqual({ charged: 15, refunded: 15 })
  expect(stats.requests.cancel).toEqual({ 200: 1 })
}

describe('SIGINT, then SIGTERM 7.5 s later, as the runner cancels a job', () => {
  it('ends on its own long before SIGTERM, even with a status request hanging, with the task cancelled', async () => {
    const s = await start()
    const inputs = simInputs(s.url, { 'poll-interval': '1s' })
    const running = step('dist/index.js', { inputs, signal: 'SIGINT', signalAfterMs: 2_500 })
    // Once the task exists, every status request hangs for 30 s: the first poll (at 1 s)
    // is in flight when SIGINT comes, and the abort must cut it.
    while (s.stats().creations === 0) await sleep(10)
    s.setFaults([{ route: 'status', kind: 'latency', delayMs: 30_000 }])
    const main = await running
    console.log(
      `SIGINT with a status request hanging: exit ${main.code} after ${Math.round(main.exitedAfterSignalMs ?? -1)} ms (SIGTERM due at ${grace.sigtermAfterMs} ms)`
    )

    expect(main.exitSignal).toBeNull()
    expect(main.code).toBe(1)
    // It ended on SIGINT alone: the runner never had to send SIGTERM.
    expect(main.signalsSent).toEqual(['SIGINT'])
    expectCancelledWithTask(main)
    s.clearFaults()
    await expectCancelledOnce(s, inputs, main)
  })

  it('when the cleanup stalls past SIGTERM, the task was already cancelled and the outputs written', async () => {
    // A job summary that cannot be written (a FIFO nobody reads): the last thing main does.
    const summary = join(dir, 'stalled-summary')
    await run('mkfifo', [summary])
    const s = await start()
    const inputs = simInputs(s.url)
    const main = await step('dist/index.js', {
      inputs,
      env: { GITHUB_STEP_SUMMARY: summary },
      ...CANCEL_MID_WAIT
    })
    const ended = main.exitSignal ?? `exit ${main.code}`
    console.log(
      `SIGINT with a stalled summary write: ${ended} after ${Math.round(main.exitedAfterSignalMs ?? -1)} ms ` +
        `(SIGTERM at ${grace.sigtermAfterMs} ms, SIGKILL at ${grace.sigkillAfterMs} ms)`
    )

    // It ended within the runner's plan (at the latest by its SIGKILL), not by the step timeout.
    expect(main.signalsSent).not.toContain('timeout')
    expect(main.signalsSent[0]).toBe('SIGINT')
    expectCancelledWithTask(main)
    await expectCancelledOnce(s, inputs, main)
  }, 40_000)
})
