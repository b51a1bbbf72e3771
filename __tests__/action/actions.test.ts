import { describe, expect, it } from '@jest/globals'
import type { Simulator } from '../../src/sim/index.js'
import { useActionHarness } from '../../__fixtures__/action-harness.js'
import { untilSimulator } from '../../__fixtures__/test-simulator.js'
import { E2E_KEY, T2V_PAYLOAD, simInputs } from '../../__fixtures__/runner.js'

const { start, main } = useActionHarness({ durationsMs: { submittedMs: 200, totalMs: 500 } })

/** Inputs for the actions that need only a key, a base URL and perhaps a task id. */
function taskInputs(baseUrl: string, action: string, extra: Record<string, string> = {}) {
  return { action, 'api-key': E2E_KEY, 'base-url': baseUrl, ...extra }
}

async function createTask(s: Simulator): Promise<string> {
  const created = await main({ inputs: simInputs(s.url, { action: 'createGeneration' }) })
  expect(created.outputs.ok).toBe('true')
  return created.outputs.taskId
}

describe('createGeneration', () => {
  it('creates a task and returns at once with its id, saving it for the post step', async () => {
    const s = await start()
    const result = await main({ inputs: simInputs(s.url, { action: 'createGeneration' }) })

    expect(result.code).toBe(0)
    expect(result.outputs).toMatchObject({ ok: 'true', status: 'SUBMITTED' })
    expect(JSON.parse(result.outputs.data)).toMatchObject({
      creditsCharged: 15,
      idempotentReplay: false
    })
    expect(result.state).toMatchObject({ taskId: result.outputs.taskId, finished: 'true' })
    expect(s.stats().requests).toEqual({ create: { 200: 1 } })
  })
})

describe('getStatus', () => {
  it('reads the status of a task, with taskId accepted as an alias of task-id', async () => {
    const s = await start()
    const taskId = await createTask(s)
    const result = await main({ inputs: taskInputs(s.url, 'getStatus', { taskId }) })

    expect(result.outputs).toMatchObject({ ok: 'true', taskId })
    expect(['SUBMITTED', 'PROGRESS', 'COMPLETED']).toContain(result.outputs.status)
    expect(JSON.parse(result.outputs.data)).toEqual({ status: result.outputs.status })
  })

  it('maps an unknown task to TASK_NOT_FOUND', async () => {
    const s = await start()
    const result = await main({
      inputs: taskInputs(s.url, 'getStatus', { 'task-id': 'ck-no-such-task' })
    })

    expect(result.code).toBe(1)
    expect(result.outputs).toMatchObject({
      ok: 'false',
      errorCode: 'TASK_NOT_FOUND',
      taskId: 'ck-no-such-task'
    })
  })
})

describe('getTask', () => {
  it('fetches a finished task in full and sets videoUrl', async () => {
    const s = await start()
    const taskId = await createTask(s)
    await untilSimulator(s, stats => stats.tasks[0]?.status === 'COMPLETED', 'the task COMPLETED')
    const result = await main({ inputs: taskInputs(s.url, 'getTask', { 'task-id': taskId }) })

    expect(result.outputs).toMatchObject({ ok: 'true', status: 'COMPLETED', taskId })
    expect(result.outputs.videoUrl).toMatch(new RegExp(`^${s.url}/`))
    expect(JSON.parse(result.outputs.data)).toMatchObject({
      id: taskId,
      model: 't2v',
      creditsCharged: 15
    })
    expect(result.summary).toContain('Credits charged')
  })

  it('downloads the video of a finished task when download is set', async () => {
    const s = await start()
    const taskId = await createTask(s)
    await untilSimulator(s, stats => stats.tasks[0]?.status === 'COMPLETED', 'the task COMPLETED')
    const result = await main({
      inputs: taskInputs(s.url, 'getTask', { 'task-id': taskId, download: 'video.mp4' })
    })

    expect(result.outputs.ok).toBe('true')
    expect(result.outputs.videoPath).toBe(`${result.workspace}/video.mp4`)
  })
})

describe('cancelTask', () => {
  it('cancels a SUBMITTED task with PUT, refunded in full', async () => {
    const s = await start({ durationsMs: { submittedMs: 20_000, totalMs: 30_000 } })
    const taskId = await createTask(s)
    const result = await main({ inputs: taskInputs(s.url, 'cancelTask', { 'task-id': taskId }) })

    expect(result.outputs).toMatchObject({ ok: 'true', status: 'CANCEL', taskId })
    const stats = s.stats()
    expect(stats.requests.cancel).toEqual({ 200: 1 })
    expect(stats.credits).toEqual({ charged: 15, refunded: 15 })
  })

  it('answers TASK_NOT_CANCELLABLE for a task that already finished', async () => {
    const s = await start()
    const taskId = await createTask(s)
    await untilSimulator(s, stats => stats.tasks[0]?.status === 'COMPLETED', 'the task COMPLETED')
    const result = await main({ inputs: taskInputs(s.url, 'cancelTask', { 'task-id': taskId }) })

    expect(result.code).toBe(1)
    expect(result.outputs).toMatchObject({
      ok: 'false',
      errorCode: 'TASK_NOT_CANCELLABLE',
      status: 'COMPLETED'
    })
  })
})

describe('listTasks', () => {
  it('lists the tasks of the key', async () => {
    const s = await start()
    const taskId = await createTask(s)
    const result = await main({ inputs: taskInputs(s.url, 'listTasks') })

    expect(result.outputs.ok).toBe('true')
    const data = JSON.parse(result.outputs.data) as { tasks: { id: string }[] }
    expect(data.tasks.map(t => t.id)).toEqual([taskId])
    expect(result.summary).toContain(taskId)
  })
})

describe('account', () => {
  it('shows models, balance and limits, and warns about a model the key may not use', async () => {
    const s = await start({
      keys: [{ key: E2E_KEY, balance: 321, supportedModels: ['t2v', 'i2v'] }]
    })
    const result = await main({ inputs: taskInputs(s.url, 'account', { model: 'wan27' }) })

    expect(result.code).toBe(0)
    expect(JSON.parse(result.outputs.data)).toMatchObject({
      supportedModels: ['t2v', 'i2v'],
      currentBalance: 321
    })
    expect(result.summary).toContain('Supported models')
    expect(result.summary).toContain('t2v, i2v')
    expect(result.summary).toContain('321')
    expect(result.stdout).toMatch(
      /::warning .*Model "wan27" is not in this key's supportedModels \(t2v, i2v\)/
    )
  })
})

describe('quote', () => {
  it('prices a request without creating anything: credits and affordable outputs', async () => {
    const s = await start({ balance: 10 })
    const result = await main({ inputs: simInputs(s.url, { action: 'quote' }) })

    expect(result.code).toBe(0)
    expect(result.outputs).toMatchObject({ ok: 'true', credits: '15', affordable: 'false' })
    expect(result.summary).toContain('Price (credits)')
    expect(s.stats().creations).toBe(0)
  })

  it('logs the coercion of a numeric duration, as run does: the price is of what is sent', async () => {
    const s = await start()
    const payload = JSON.stringify({ ...T2V_PAYLOAD, duration: 5 })
    const result = await main({ inputs: simInputs(s.url, { action: 'quote', payload }) })

    expect(result.outputs).toMatchObject({ ok: 'true', credits: '15' })
    expect(result.stdout).toContain(
      'Note: payload.duration was the number 5; sent as the string "5" as t2v expects'
    )
  })
})

describe('action input', () => {
  it('refuses an unknown action, listing the valid ones, and sends nothing', async () => {
    const s = await start()
    const result = await main({ inputs: taskInputs(s.url, 'render') })

    expect(result.code).toBe(1)
    expect(result.outputs.errorCode).toBe('INVALID_INPUT')
    expect(result.outputs.errorMessage).toContain(
      'run, createGeneration, getStatus, getTask, cancelTask, listTasks, account, quote'
    )
    expect(s.stats().totalRequests).toBe(0)
  })
})
