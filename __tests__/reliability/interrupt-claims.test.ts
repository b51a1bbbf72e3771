import { beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Simulator } from '../../src/sim/index.js'
import { useActionHarness } from '../../__fixtures__/action-harness.js'
import { simInputs } from '../../__fixtures__/runner.js'
import { API_KEY, T2V_PAYLOAD, buildCli, envelopeOf, startScript } from '../cli/cli-process.js'

/**
 * Issue 20 part 2, "claims that cannot miss", end to end through the real action bundle
 * (main, then post step) and the real CLI (SIGINT): after an interrupt the task under the
 * saved key is found and cancelled, or its create is replayed (same key, same body) and the
 * task that answers is cancelled; "nothing charged" only when that is proven; a big batch
 * is claimed whole by its ids, however the list fails.
 */

/** Tasks stay SUBMITTED for the whole test: every claim finds them cancellable. */
const { start, main, post } = useActionHarness({
  generationRequestsPerMinute: -1,
  durationsMs: { submittedMs: 120_000, totalMs: 180_000 },
  timeoutMs: 60_000
})

beforeAll(async () => {
  await buildCli()
})

/** Task ids a batch's main step has saved for its post step (`taskIds0`, `taskIds1`, ...). */
function savedTaskIds(state: Record<string, string>): number {
  return Object.entries(state)
    .filter(([name]) => /^taskIds\d+$/.test(name))
    .reduce((sum, [, ids]) => sum + (JSON.parse(ids) as string[]).length, 0)
}

/** Resolves once `reached()` holds; bounded, so a miss fails the test. */
async function until(reached: () => boolean): Promise<void> {
  for (let i = 0; i < 3_000 && !reached(); i++) await sleep(10)
  expect(reached()).toBe(true)
}

/**
 * Resolves once the simulator has no client connection open, looked at after at least one
 * turn of I/O (a connection the dead client made last is accepted there); bounded.
 */
async function untilConnectionsClosed(sim: Simulator): Promise<void> {
  let open = Infinity
  for (let i = 0; i < 3_000 && open > 0; i++) {
    await sleep(10)
    open = await sim.openConnections()
  }
  expect(open).toBe(0)
}

function expectOneTaskCancelled(sim: Simulator): void {
  const stats = sim.stats()
  expect(stats.creations).toBe(1)
  expect(stats.tasks.map(task => task.status)).toEqual(['CANCEL'])
  expect(stats.credits).toEqual({ charged: 15, refunded: 15 })
}

describe('the post step claims a create whose answer never came back', () => {
  it('a create upstream carries out late (after the main step died, and after the post step listed) is claimed and cancelled, refunded', async () => {
    const sim = await start()
    // The main step's create, and the post step's replay, are each carried out 1.5 s after they arrive.
    sim.setFaults([{ route: 'create', kind: 'late', delayMs: 1_500, times: 2 }])
    const inputs = simInputs(sim.url, { 'idempotency-key': 'late-create-claim-01' })
    const killed = await main({
      inputs,
      signal: 'SIGKILL',
      signalWhen: until(() => sim.stats().lateCreates.arrived === 1)
    })
    expect(killed.exitSignal).toBe('SIGKILL')
    expect(sim.stats().creations).toBe(0)

    const claimed = await post({ inputs, stateFrom: killed.state })
    await until(() => sim.stats().lateCreates.carriedOut === 2)

    const [task] = sim.stats().tasks
    expect(claimed.stdout).toContain(
      `Cancelled task ${task.id}: the cut-off create under Idempotency-Key late-create-claim-01 had been carried out (its replay answered with the task, at no charge); 15 credits refunded.`
    )
    expect(claimed.stdout).not.toContain('nothing charged')
    expect(claimed.summary).toContain(`Post step: Cancelled task ${task.id}`)
    expectOneTaskCancelled(sim)
    expect(sim.stats().replays).toBe(1)
  })

  it('a create never carried out is proven absent by its replay, whose task is cancelled at once: then, and only then, "nothing charged"', async () => {
    const sim = await start()
    sim.setFaults([{ route: 'create', kind: 'lost', times: 1 }])
    const inputs = simInputs(sim.url, { 'idempotency-key': 'lost-create-claim-01' })
    const killed = await main({
      inputs,
      signal: 'SIGKILL',
      signalWhen: until(() => sim.stats().lostCreates === 1)
    })
    expect(killed.exitSignal).toBe('SIGKILL')

    const claimed = await post({ inputs, stateFrom: killed.state })

    const [task] = sim.stats().tasks
    expect(claimed.stdout).toContain(
      `The cut-off create under Idempotency-Key lost-create-claim-01 had not been carried out: its replay made task ${task.id}, cancelled at once (15 credits charged, 15 credits refunded): nothing charged.`
    )
    expectOneTaskCancelled(sim)
  })

  it('SIGINT during a create slower than the step\'s grace: the outputs say the create was unanswered (not "before a task was created"), and the post step claims the task', async () => {
    const sim = await start()
    // Answered after the main step's 4 s signal grace has ended it (SIGNAL_GRACE_MS).
    sim.setFaults([{ route: 'create', kind: 'late', delayMs: 4_500, times: 1 }])
    const inputs = simInputs(sim.url, { 'idempotency-key': 'slow-create-claim-01' })
    const interrupted = await main({
      inputs,
      signal: 'SIGINT',
      signalWhen: until(() => sim.stats().lateCreates.arrived === 1)
    })

    expect(interrupted.outputs.errorCode).toBe('ABORTED')
    expect(interrupted.outputs.errorMessage).not.toContain('before a task was created')
    expect(interrupted.outputs.errorMessage).toContain(
      'while its create (Idempotency-Key slow-create-claim-01) was still unanswered'
    )
    const claimed = await post({ inputs, stateFrom: interrupted.state })
    await until(() => sim.stats().lateCreates.carriedOut === 1)
    expect(claimed.stdout).toMatch(/(Cancelled task \S+|cancelled at once).*15 credits refunded/)
    expectOneTaskCancelled(sim)
  })
})

describe('the post step claims a big batch whole', () => {
  it('a cancelled 40-item batch with a failing list: every task ends cancelled, the post step says so with the credits, within its limit', async () => {
    const sim = await start()
    const workspace = await mkdtemp(join(tmpdir(), 'aivideo-claim-'))
    try {
      const items = Array.from({ length: 40 }, (_, i) => ({
        name: `fox-${i + 1}`,
        model: 't2v',
        payload: { ...T2V_PAYLOAD, prompt: `fox number ${i + 1}` }
      }))
      await writeFile(join(workspace, 'batch.json'), JSON.stringify(items))
      const inputs = {
        'batch-file': 'batch.json',
        concurrency: '8',
        'api-key': simInputs(sim.url)['api-key'],
        'base-url': sim.url,
        'poll-interval': '100ms'
      }
      // Killed, as the runner does at the end of its grace, once main has saved all 40 task
      // ids (not merely once upstream made the tasks: an answer main never read leaves a
      // cut-off create, which the post step finds by its key instead): main claims nothing,
      // the post step all, by id.
      const interrupted = await main({
        workspace,
        inputs,
        signal: 'SIGKILL',
        signalOnState: state => savedTaskIds(state) === 40
      })
      expect(savedTaskIds(interrupted.state)).toBe(40)
      expect(interrupted.state.finished).toBeUndefined()
      // The killed step's last requests may still be on their way in: count from when the
      // simulator has read every one of them (all their connections closed).
      await untilConnectionsClosed(sim)
      // From here on, upstream's list fails, and task queries would be slow to come by.
      sim.setFaults([{ route: 'list', kind: 'http-error', status: 503 }])
      const queriesBefore = sim.stats().queryRequests

      const claimed = await post({ workspace, inputs, stateFrom: interrupted.state })

      expect(claimed.code).toBe(0)
      expect(claimed.stdout).toContain(
        'The batch was interrupted: cancelled 40 of 40 task(s) (600 credits refunded).'
      )
      expect(claimed.stdout).not.toContain('::warning')
      const stats = sim.stats()
      expect(stats.tasks).toHaveLength(40)
      expect(stats.tasks.every(task => task.status === 'CANCEL')).toBe(true)
      expect(stats.credits).toEqual({ charged: 600, refunded: 600 })
      // Claimed by id: no task query (list or status) spent of the 60-a-minute budget.
      expect(stats.queryRequests).toBe(queriesBefore)
      expect(stats.requests.cancel).toEqual({ 200: 40 })
    } finally {
      await rm(workspace, { recursive: true, force: true })
    }
  })
})

describe('Ctrl-C in the CLI claims a create upstream carries out late', () => {
  it('the create outlives the grace: its replay makes the task, which is cancelled, and the envelope carries the refund', async () => {
    const sim = await start({ keys: [{ key: API_KEY, generationRequestsPerMinute: -1 }] })
    // Longer than the 5 s a create on its way gets after Ctrl-C.
    sim.setFaults([{ route: 'create', kind: 'late', delayMs: 6_000, times: 1 }])
    const running = startScript(
      [
        '--model',
        't2v',
        '--payload',
        JSON.stringify(T2V_PAYLOAD),
        '--idempotency-key',
        'cli-late-create-01'
      ],
      { env: { AIVIDEO_API_KEY: API_KEY, AIVIDEO_BASE_URL: sim.url } }
    )
    await until(() => sim.stats().lateCreates.arrived === 1)
    running.child.kill('SIGINT')
    const result = await running.done
    await until(() => sim.stats().lateCreates.carriedOut === 1)

    const envelope = envelopeOf(result.stdout)
    const [task] = sim.stats().tasks
    expect(envelope).toMatchObject({
      errorCode: 'TASK_CANCELLED',
      status: 'CANCEL',
      taskId: task.id
    })
    expect(envelope.data).toMatchObject({
      taskId: task.id,
      creditsCharged: 15,
      creditsRefunded: 15
    })
    expect(result.stderr).toContain(
      `its replay made task ${task.id}, cancelled at once (15 credits charged, 15 credits refunded): nothing charged.`
    )
    expectOneTaskCancelled(sim)
    expect(sim.stats().replays).toBe(1)
  }, 30_000)
})
