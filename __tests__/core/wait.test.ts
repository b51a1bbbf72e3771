import { beforeEach, describe, expect, it } from '@jest/globals'
import { createClient } from '../../src/core/api/client.js'
import { RequestBudget } from '../../src/core/http/request-budget.js'
import { waitForTask, type WaitProgress } from '../../src/core/watch/wait.js'
import { FakeClock } from '../../__fixtures__/fake-clock.js'
import { json, useScriptedServer } from '../../__fixtures__/scripted-server.js'

const server = useScriptedServer()
let clock: FakeClock

beforeEach(() => {
  clock = new FakeClock(0)
})

function client() {
  return createClient({
    apiKey: 'wait-test-key',
    baseUrl: server.url,
    clock,
    random: () => 0,
    maxRetries: 1,
    queryBudget: new RequestBudget({ limit: 10_000, windowMs: 1000 })
  })
}

const status = (s: string) => json(200, { status: s })

describe('waitForTask', () => {
  it('checks a resumed task at once, then polls at an interval that grows while nothing changes and restarts on a change', async () => {
    server.answer(status('SUBMITTED'), status('PROGRESS'), status('PROGRESS'), status('COMPLETED'))
    const waited = await waitForTask(client(), 'ck1', {
      clock,
      deadline: 600_000,
      pollIntervalMs: 1000,
      maxPollIntervalMs: 2000
    })
    expect(waited).toMatchObject({
      ok: true,
      status: 'COMPLETED',
      taskId: 'ck1',
      data: { polls: 4 }
    })
    expect(clock.sleeps).toEqual([0, 1500, 1000, 1500])
  })

  it('answers COMPLETED for a finished task resumed with a wait-timeout under the poll interval', async () => {
    server.answer(status('COMPLETED'))
    const waited = await waitForTask(client(), 'ck1', {
      clock,
      deadline: 1000,
      pollIntervalMs: 5000
    })
    expect(waited).toMatchObject({ ok: true, status: 'COMPLETED', data: { polls: 1 } })
    expect(clock.sleeps).toEqual([0])
  })

  it('waits the poll interval before the first poll of a task just created', async () => {
    server.answer(status('COMPLETED'))
    await waitForTask(client(), 'ck1', {
      clock,
      deadline: 60_000,
      pollIntervalMs: 5000,
      initialStatus: 'SUBMITTED'
    })
    expect(clock.sleeps).toEqual([5000])
  })

  it('is ok for FAILED and CANCEL too: the wait ended, the caller judges the status', async () => {
    server.answer(status('FAILED'))
    expect(
      await waitForTask(client(), 'ck1', { clock, deadline: 60_000, pollIntervalMs: 10 })
    ).toMatchObject({ ok: true, status: 'FAILED' })
    server.answer(status('CANCEL'))
    expect(
      await waitForTask(client(), 'ck1', { clock, deadline: 60_000, pollIntervalMs: 10 })
    ).toMatchObject({ ok: true, status: 'CANCEL' })
  })

  it('gives up with TIMEOUT at the deadline, keeping the task id and last status', async () => {
    server.answer(status('SUBMITTED'))
    const waited = await waitForTask(client(), 'ck9', {
      clock,
      deadline: 10_000,
      pollIntervalMs: 1000,
      maxPollIntervalMs: 3000
    })
    expect(waited).toMatchObject({
      ok: false,
      errorCode: 'TIMEOUT',
      taskId: 'ck9',
      status: 'SUBMITTED'
    })
    expect(waited.errorMessage).toMatch(/resume/)
    expect(clock.now()).toBe(10_000)
  })

  it('checks once at the deadline when the next poll falls past it', async () => {
    server.answer(status('COMPLETED'))
    const waited = await waitForTask(client(), 'ck2', {
      clock,
      deadline: 2000,
      pollIntervalMs: 600_000,
      initialStatus: 'SUBMITTED'
    })
    expect(waited).toMatchObject({ ok: true, status: 'COMPLETED', data: { polls: 1 } })
    expect(clock.now()).toBe(2000)
  })

  it('never sleeps less than Retry-After after a rate-limited poll', async () => {
    server.answer(
      json(429, {}, { 'retry-after': '20' }),
      json(429, {}, { 'retry-after': '20' }),
      status('COMPLETED')
    )
    const waited = await waitForTask(client(), 'ck1', {
      clock,
      deadline: 600_000,
      pollIntervalMs: 1000
    })
    expect(waited.ok).toBe(true)
    // one transport retry after 20 s, then the wait loop itself waits at least 20 s
    expect(clock.sleeps.slice(1)).toEqual([20_000, 20_000])
  })

  it('stops on an unknown status instead of waiting forever', async () => {
    server.answer(status('QUEUED_EXTERNAL'))
    const waited = await waitForTask(client(), 'ck1', {
      clock,
      deadline: 3_600_000,
      pollIntervalMs: 1000
    })
    expect(waited).toMatchObject({
      ok: false,
      errorCode: 'UNKNOWN_ERROR',
      status: 'QUEUED_EXTERNAL',
      taskId: 'ck1'
    })
    expect(server.requests).toHaveLength(3)
  })

  it('returns at once on a failure that will not go away', async () => {
    server.answer(json(404, { status: 'FAILED', message: 'not found' }))
    expect(
      await waitForTask(client(), 'ck1', { clock, deadline: 60_000, pollIntervalMs: 10 })
    ).toMatchObject({ ok: false, errorCode: 'TASK_NOT_FOUND', taskId: 'ck1' })
    expect(server.requests).toHaveLength(1)
  })

  it('gives up after repeated transient failures', async () => {
    server.answer(json(503, {}))
    const waited = await waitForTask(client(), 'ck1', {
      clock,
      deadline: 3_600_000,
      pollIntervalMs: 10,
      maxConsecutiveFailures: 3
    })
    expect(waited).toMatchObject({ ok: false, errorCode: 'NETWORK_ERROR', taskId: 'ck1' })
    // 3 polls, each 1 + maxRetries(1) requests
    expect(server.requests).toHaveLength(6)
  })

  it('ends with ABORTED when the signal fires', async () => {
    server.answer(status('SUBMITTED'))
    const controller = new AbortController()
    const progress: WaitProgress[] = []
    const waited = await waitForTask(client(), 'ck1', {
      clock,
      deadline: 3_600_000,
      pollIntervalMs: 10,
      signal: controller.signal,
      onProgress: p => {
        progress.push(p)
        if (p.polls === 2) controller.abort()
      }
    })
    expect(waited).toMatchObject({
      ok: false,
      errorCode: 'ABORTED',
      taskId: 'ck1',
      status: 'SUBMITTED'
    })
    expect(progress).toHaveLength(2)
  })
})
