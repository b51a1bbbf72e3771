import { describe, expect, it } from '@jest/globals'
import type { Client } from '../../src/core/api/client.js'
import { cancelSubmittedTasks } from '../../src/core/tasks/task-cancellation.js'
import { untilSimulator, useTestSimulator } from '../../__fixtures__/test-simulator.js'

const KEY = 'cancel-test-key-0001'
const FOX = { prompt: 'a red fox in snow', aspectRatio: '16:9', duration: '5' }

const { start, clientFor } = useTestSimulator({
  key: KEY,
  generationRequestsPerMinute: -1,
  durationsMs: { submittedMs: 60_000, totalMs: 120_000 }
})

async function createTasks(client: Client, count: number): Promise<string[]> {
  const ids: string[] = []
  for (let i = 0; i < count; i++) {
    const created = await client.createGeneration('t2v', { ...FOX, prompt: `fox ${i}` })
    ids.push(created.taskId as string)
  }
  return ids
}

describe('cancelSubmittedTasks', () => {
  it('cancels SUBMITTED tasks with their refund, reading their statuses with one list request', async () => {
    const target = await start()
    const client = clientFor(target)
    const ids = await createTasks(client, 3)

    const outcomes = await cancelSubmittedTasks(client, ids, { concurrency: 2 })

    expect(outcomes).toEqual(
      ids.map(taskId => ({ taskId, outcome: 'cancelled', status: 'CANCEL', creditsRefunded: 15 }))
    )
    const stats = target.stats()
    expect(stats.requests.list).toEqual({ 200: 1 })
    expect(stats.requests.status).toBeUndefined()
    expect(stats.requests.cancel).toEqual({ 200: 3 })
    expect(stats.credits).toEqual({ charged: 45, refunded: 45 })
  })

  it('cancels a task of unknown status without reading it first; a second cancel refunds nothing more', async () => {
    const target = await start()
    const client = clientFor(target)
    const [taskId] = await createTasks(client, 1)
    await client.cancelTask(taskId)

    const outcomes = await cancelSubmittedTasks(client, [taskId])

    expect(outcomes).toEqual([
      { taskId, outcome: 'cancelled', status: 'CANCEL', creditsRefunded: 0 }
    ])
    expect(target.stats().requests.status).toBeUndefined()
    expect(target.stats().credits).toEqual({ charged: 15, refunded: 15 })
  })

  it('trusts known statuses; a refused cancel leaves the task alone with the status read back', async () => {
    const target = await start({ durationsMs: { submittedMs: 1, totalMs: 60_000 } })
    const client = clientFor(target)
    const [taskId] = await createTasks(client, 1)
    await untilSimulator(target, s => s.tasks[0]?.status === 'PROGRESS', 'the task in PROGRESS')

    const [outcome] = await cancelSubmittedTasks(client, [taskId], {
      knownStatuses: new Map([[taskId, 'SUBMITTED']])
    })

    expect(outcome).toEqual({ taskId, outcome: 'left', status: 'PROGRESS' })
    expect(target.stats().requests.list).toBeUndefined()
  })

  it('sends the cancel of a task whose status is unknown directly, and reports its failure', async () => {
    const target = await start()
    const client = clientFor(target)

    const [outcome] = await cancelSubmittedTasks(client, ['no-such-task'])

    expect(outcome).toMatchObject({ taskId: 'no-such-task', outcome: 'failed', stage: 'cancel' })
    expect(outcome.outcome === 'failed' && outcome.envelope.errorCode).toBe('TASK_NOT_FOUND')
    expect(target.stats().requests.cancel).toEqual({ 404: 1 })
    expect(target.stats().requests.status).toBeUndefined()
  })

  it('when the list fails twice, cancels the tasks directly: no status query', async () => {
    const target = await start()
    const client = clientFor(target)
    const ids = await createTasks(client, 3)
    target.setFaults([{ route: 'list', kind: 'http-error', status: 503 }])

    const outcomes = await cancelSubmittedTasks(client, ids)

    expect(outcomes.map(o => o.outcome)).toEqual(['cancelled', 'cancelled', 'cancelled'])
    const stats = target.stats()
    expect(stats.requests.list).toEqual({ 503: 2 })
    expect(stats.requests.status).toBeUndefined()
    expect(stats.requests.cancel).toEqual({ 200: 3 })
  })
})
