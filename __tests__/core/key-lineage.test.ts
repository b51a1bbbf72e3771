import { describe, expect, it } from '@jest/globals'
import { chooseLineageKey, keyGeneration, lineageKey } from '../../src/core/run/key-lineage.js'
import { run } from '../../src/core/run/workflow.js'
import { cancelByIdempotencyKey } from '../../src/core/tasks/key-cancellation.js'
import type { TaskDetail } from '../../src/core/tasks/task-record.js'
import { useTestSimulator } from '../../__fixtures__/test-simulator.js'

const { start, clientFor } = useTestSimulator({
  key: 'lineage-test-key',
  durationsMs: { submittedMs: 60_000, totalMs: 70_000 }
})
const fox = { prompt: 'a red fox in snow', aspectRatio: '16:9', duration: '5' }
const BASE = 'gha-0123456789abcdef'

function task(id: string, key: string | null, status: string, createdAt: string): TaskDetail {
  return { id, status, idempotencyKey: key, createdAt, videoUrl: null }
}

describe('lineageKey', () => {
  it('sends the base first, then a numbered key per generation that keyGeneration reads back', () => {
    expect(lineageKey(BASE, 1)).toBe(BASE)
    expect(lineageKey(BASE, 3)).toBe(`${BASE}-a3`)
    expect(keyGeneration(BASE, `${BASE}-a3`)).toBe(3)
    expect(keyGeneration(BASE, 'other-key-a3')).toBeNull()
  })

  it('stays within the 128 characters upstream allows', () => {
    const long = 'k'.repeat(128)
    expect(lineageKey(long, 12)).toHaveLength(128)
    expect(keyGeneration(long, lineageKey(long, 12))).toBe(12)
  })
})

describe('chooseLineageKey', () => {
  it('resumes the newest live task of the lineage, whatever the list order', () => {
    const tasks = [
      task('a', BASE, 'CANCEL', '2026-01-01T00:00:00Z'),
      task('b', `${BASE}-a2`, 'SUBMITTED', '2026-01-01T00:02:00Z'),
      task('x', 'someone-else', 'SUBMITTED', '2026-01-01T00:03:00Z')
    ]
    expect(chooseLineageKey(BASE, tasks)).toEqual({
      key: `${BASE}-a2`,
      resumed: { taskId: 'b', status: 'SUBMITTED' },
      dead: [{ taskId: 'a', status: 'CANCEL' }]
    })
  })

  it('takes the next generation when every earlier task is dead, and the base when there is none', () => {
    const dead = [
      task('b', `${BASE}-a2`, 'FAILED', '2026-01-01T00:02:00Z'),
      task('a', BASE, 'CANCEL', '2026-01-01T00:00:00Z')
    ]
    expect(chooseLineageKey(BASE, dead).key).toBe(`${BASE}-a3`)
    expect(chooseLineageKey(BASE, dead).resumed).toBeNull()
    expect(chooseLineageKey(BASE, [])).toEqual({ key: BASE, resumed: null, dead: [] })
  })

  it('counts a COMPLETED task as live: its video is paid for and is resumed', () => {
    const tasks = [task('a', BASE, 'COMPLETED', '2026-01-01T00:00:00Z')]
    expect(chooseLineageKey(BASE, tasks).resumed).toEqual({ taskId: 'a', status: 'COMPLETED' })
  })
})

describe('run across attempts', () => {
  it('the issue scenario: A cancelled, attempt 2 makes B, attempt 3 resumes B (2 creations, 30 charged, 15 refunded)', async () => {
    const sim = await start()
    const client = clientFor(sim)
    const attempt = () =>
      run(
        {
          model: 't2v',
          payload: fox,
          idempotencyKey: BASE,
          idempotencyKeyUsedBefore: true,
          waitTimeoutMs: 300,
          pollIntervalMs: 100
        },
        { client }
      )
    const a = await attempt()
    expect(a.errorCode).toBe('TIMEOUT')
    await client.cancelTask(a.taskId as string)
    const b = await attempt()
    const c = await attempt()

    expect(b.taskId).not.toBe(a.taskId)
    expect(c).toMatchObject({ errorCode: 'TIMEOUT', taskId: b.taskId })
    const stats = sim.stats()
    expect(stats.creations).toBe(2)
    expect(stats.credits).toEqual({ charged: 30, refunded: 15 })
  })

  it('hands the key to the face before the create is sent', async () => {
    const sim = await start()
    const seen: string[] = []
    await run(
      {
        model: 't2v',
        payload: fox,
        idempotencyKey: BASE,
        idempotencyKeyUsedBefore: false,
        waitTimeoutMs: 200
      },
      {
        client: clientFor(sim),
        onIdempotencyKey: key => seen.push(`${key} with ${sim.stats().creations} creations`)
      }
    )
    expect(seen).toEqual([`${BASE} with 0 creations`])
  })

  it('quotes first with maxCredits: over budget, nothing is created', async () => {
    const sim = await start()
    const result = await run(
      { model: 't2v', payload: fox, maxCredits: 5, waitTimeoutMs: 2_000 },
      { client: clientFor(sim) }
    )
    expect(result.errorCode).toBe('BUDGET_EXCEEDED')
    expect(result.errorMessage).toMatch(/15 credits, above its max-credits of 5/)
    const stats = sim.stats()
    expect(stats.requests.quote).toEqual({ 200: 1 })
    expect(stats.requests.create).toBeUndefined()
    expect(stats.creations).toBe(0)
  })
})

describe('cancelByIdempotencyKey', () => {
  it('finds a task by its key with one list request and cancels it while SUBMITTED; a key without a task is reported', async () => {
    const sim = await start()
    const client = clientFor(sim)
    const created = await client.createGeneration('t2v', fox, { idempotencyKey: BASE })
    const result = await cancelByIdempotencyKey(client, [BASE, 'never-sent-key'])

    expect(result.failure).toBeNull()
    expect(result.outcomes).toEqual([
      expect.objectContaining({ taskId: created.taskId, outcome: 'cancelled' })
    ])
    expect(result.notFound).toEqual(['never-sent-key'])
    expect(sim.stats().requests.list).toEqual({ 200: 1 })
    expect(sim.stats().credits).toEqual({ charged: 15, refunded: 15 })
  })
})
