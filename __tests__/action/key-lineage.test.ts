import { describe, expect, it } from '@jest/globals'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { useActionHarness } from '../../__fixtures__/action-harness.js'
import { E2E_KEY, T2V_PAYLOAD, simInputs } from '../../__fixtures__/runner.js'
import { makeTempDir } from '../../__fixtures__/temp-dirs.js'

/** Tasks stay SUBMITTED for the whole test: every run ends TIMEOUT, every task is cancellable. */
const { start, step, clientFor } = useActionHarness({
  durationsMs: { submittedMs: 60_000, totalMs: 70_000 }
})

const payload = (prompt: string) => JSON.stringify({ ...T2V_PAYLOAD, prompt })
/** A job of another workflow: its own run id and step, an explicit key. */
const job = (baseUrl: string, key: string, prompt: string, runId: string) => ({
  inputs: simInputs(baseUrl, {
    'idempotency-key': key,
    payload: payload(prompt),
    'wait-timeout': '1s'
  }),
  env: { GITHUB_RUN_ID: runId, GITHUB_REPOSITORY: 'o/r', GITHUB_ACTION: 'video' }
})

/** Each task's Idempotency-Key, as upstream lists it. */
async function keysOf(s: Parameters<typeof clientFor>[0]): Promise<Record<string, unknown>> {
  const listed = await clientFor(s).listTasks()
  return Object.fromEntries((listed.data?.tasks ?? []).map(task => [task.id, task.idempotencyKey]))
}

describe('a key never crosses requests', () => {
  it("a job keyed promo-video with another prompt makes its own task, not job promo-video-a2's (IDEMPOTENCY_CONFLICT before)", async () => {
    const s = await start()
    const y = await step('dist/index.js', job(s.url, 'promo-video-a2', 'a city at night', '1'))
    expect(y.outputs).toMatchObject({ errorCode: 'TIMEOUT', status: 'SUBMITTED' })

    const x = await step('dist/index.js', job(s.url, 'promo-video', 'a forest at dawn', '2'))
    expect(x.outputs).toMatchObject({ errorCode: 'TIMEOUT', status: 'SUBMITTED' })
    expect(x.outputs.taskId).not.toBe(y.outputs.taskId)
    expect(s.stats().creations).toBe(2)
    expect(await keysOf(s)).toEqual({
      [y.outputs.taskId]: 'promo-video-a2',
      [x.outputs.taskId]: 'promo-video'
    })
  })

  it("with the same prompt it reports its own task, and cancelling it (interrupted step) leaves job promo-video-a2's task alone", async () => {
    const s = await start()
    const y = await step('dist/index.js', job(s.url, 'promo-video-a2', 'the same prompt', '1'))
    const yTask = y.outputs.taskId

    const xJob = job(s.url, 'promo-video', 'the same prompt', '2')
    const x = await step('dist/index.js', {
      ...xJob,
      inputs: { ...xJob.inputs, 'wait-timeout': '1m' },
      signalOn: /Task \S+: SUBMITTED/,
      signalAfterMs: 100
    })
    expect(x.outputs).toMatchObject({ errorCode: 'TASK_CANCELLED', status: 'CANCEL' })
    const xTask = x.outputs.taskId
    expect(xTask).not.toBe(yTask)
    expect(x.stdout).not.toContain(yTask)
    expect(x.stdout).toContain(`Cancelled task ${xTask}`)

    await step('dist/post.js', { ...xJob, stateFrom: x.state })
    const statuses = Object.fromEntries(s.stats().tasks.map(task => [task.id, task.status]))
    expect(statuses).toEqual({ [yTask]: 'SUBMITTED', [xTask]: 'CANCEL' })
  })

  it("two 128-character keys sharing their first 125 characters: job B never resumes job A's second-attempt task", async () => {
    const s = await start()
    const shared = 'k'.repeat(125)
    const a = job(s.url, `${shared}aaa`, 'the same prompt', '1')
    const first = await step('dist/index.js', a)
    expect((await clientFor(s).cancelTask(first.outputs.taskId)).ok).toBe(true)
    const second = await step('dist/index.js', a)
    expect(second.outputs.taskId).not.toBe(first.outputs.taskId)

    const b = await step('dist/index.js', job(s.url, `${shared}bbb`, 'the same prompt', '2'))
    expect(b.outputs).toMatchObject({ errorCode: 'TIMEOUT', status: 'SUBMITTED' })
    expect([first.outputs.taskId, second.outputs.taskId]).not.toContain(b.outputs.taskId)
    expect(s.stats().creations).toBe(3)
    expect((await keysOf(s))[b.outputs.taskId]).toBe(`${shared}bbb`)
  })

  it('a task 1.x made under <key>-a2 for this request is still resumed, never paid twice', async () => {
    const s = await start()
    const client = clientFor(s)
    const fox = { ...T2V_PAYLOAD, prompt: 'made by 1.x' }
    // What a 1.x re-run left: the base's task cancelled, then one under `<base>-a2`.
    const base = await client.createGeneration('t2v', fox, { idempotencyKey: 'promo-video' })
    await client.cancelTask(base.taskId as string)
    const old = await client.createGeneration('t2v', fox, { idempotencyKey: 'promo-video-a2' })

    const x = await step('dist/index.js', job(s.url, 'promo-video', 'made by 1.x', '1'))
    expect(x.outputs).toMatchObject({ errorCode: 'TIMEOUT', taskId: old.taskId })
    expect(x.stdout).toContain(`Task ${old.taskId} of an earlier attempt is SUBMITTED`)
    expect(s.stats().creations).toBe(2)
  })

  it('refuses a batch whose items are keyed item-key-0001 and item-key-0001-a2, naming both, before anything is sent', async () => {
    const s = await start()
    const workspace = await makeTempDir('aivideo-lineage-ws-')
    const items = ['item-key-0001', 'item-key-0001-a2', 'item-key-0002'].map((key, i) => ({
      name: `clip-${i + 1}`,
      model: 't2v',
      payload: { ...T2V_PAYLOAD, prompt: `take ${i + 1}` },
      'idempotency-key': key
    }))
    await writeFile(join(workspace, 'batch.json'), JSON.stringify(items))
    const result = await step('dist/index.js', {
      workspace,
      inputs: {
        'batch-file': 'batch.json',
        'api-key': E2E_KEY,
        'base-url': s.url,
        'poll-interval': '100ms',
        'wait-timeout': '1s'
      },
      env: { GITHUB_RUN_ID: '1', GITHUB_RUN_ATTEMPT: '2', GITHUB_REPOSITORY: 'o/r' }
    })

    expect(result.outputs.errorCode).toBe('INVALID_INPUT')
    expect(result.outputs.errorMessage).toContain(
      'item 1 "clip-1" and item 2 "clip-2" have related idempotency keys'
    )
    expect(result.outputs.errorMessage).not.toContain('clip-3"')
    const stats = s.stats()
    expect(stats.creations).toBe(0)
    expect(stats.requests.list).toBeUndefined()
  })
})
