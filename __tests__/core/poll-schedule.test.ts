import { beforeEach, describe, expect, it } from '@jest/globals'
import { PollSchedule, type CycleOutcome } from '../../src/core/watch/poll-schedule.js'
import { ListFallback } from '../../src/core/watch/list-fallback.js'
import { newPollCycle } from '../../src/core/watch/poll-cycle.js'
import { typicalDurationMs } from '../../src/core/watch/typical-duration.js'
import { failureEnvelope } from '../../src/core/api/envelope.js'
import { FakeClock } from '../../__fixtures__/fake-clock.js'

let clock: FakeClock

beforeEach(() => {
  clock = new FakeClock(0)
})

const quiet: CycleOutcome = { changed: false, retryAfterMs: null, via: 'status', elapsedMs: 0 }
const T2V_5S = { model: 't2v', payload: { duration: '5' } }

/** Sleeps each delay the schedule asks for until `until`, returning them. */
async function delaysUntil(schedule: PollSchedule, until: number): Promise<number[]> {
  const delays = [schedule.firstDelay(clock.now())]
  await clock.sleep(delays[0])
  while (clock.now() < until) {
    const delay = schedule.nextDelay(clock.now(), quiet)
    delays.push(delay)
    await clock.sleep(delay)
  }
  return delays
}

describe('typicalDurationMs', () => {
  it('knows t2v from live calls, 8 s videos and the other models as estimates, and no others', () => {
    expect(typicalDurationMs('t2v', { duration: '5' })).toBe(390_000)
    expect(typicalDurationMs('t2v', { duration: '8' })).toBe(480_000)
    expect(typicalDurationMs('t2v_v3', { duration: '5' })).toBe(210_000)
    expect(typicalDurationMs('not-a-model')).toBeNull()
    expect(typicalDurationMs('toString')).toBeNull()
  })
})

describe('PollSchedule', () => {
  it('checks a resumed task at once, and waits the poll interval for one just created', () => {
    const resumed = new PollSchedule({ pollIntervalMs: 5000 })
    resumed.add('ck1', clock.now(), null)
    expect(resumed.firstDelay(clock.now())).toBe(0)
    const created = new PollSchedule({ pollIntervalMs: 5000 })
    created.add('ck1', clock.now(), 'SUBMITTED')
    expect(created.firstDelay(clock.now())).toBe(5000)
  })

  it('grows the interval by 1.5x to the cap for a task of unknown pace, and restarts on a change', async () => {
    const schedule = new PollSchedule({ pollIntervalMs: 1000, maxPollIntervalMs: 3000 })
    schedule.add('ck1', clock.now(), 'SUBMITTED')
    expect(await delaysUntil(schedule, 10_000)).toEqual([1000, 1500, 2250, 3000, 3000])
    expect(schedule.nextDelay(clock.now(), { ...quiet, changed: true })).toBe(1000)
  })

  it('polls sparsely until a task can plausibly be done, then every poll interval', async () => {
    const schedule = new PollSchedule({ pollIntervalMs: 5000, maxPollIntervalMs: 30_000 })
    schedule.add('ck1', clock.now(), 'SUBMITTED', T2V_5S)
    const delays = await delaysUntil(schedule, 300_000)
    // 55 % of t2v's 390 s: nothing is expected before 214.5 s.
    const plausibleAt = 214_500
    let at = delays[0]
    for (const delay of delays.slice(1)) {
      if (at < plausibleAt - 30_000) expect(delay).toBeGreaterThan(5000)
      // Never sleeps past the moment the task may be done.
      if (at < plausibleAt) expect(at + delay).toBeLessThanOrEqual(plausibleAt + 5000)
      else expect(delay).toBe(5000)
      at += delay
    }
    expect(delays.filter(d => d === 30_000).length).toBeGreaterThanOrEqual(4)
    expect(delays.slice(0, 2)).toEqual([5000, 7500])
  })

  it('learns the pace this run shows: a model finishing 10x faster makes its other tasks dense early', async () => {
    const schedule = new PollSchedule({ pollIntervalMs: 5000, maxPollIntervalMs: 30_000 })
    schedule.add('ck1', clock.now(), 'SUBMITTED', T2V_5S)
    schedule.add('ck2', clock.now(), 'SUBMITTED', T2V_5S)
    expect(schedule.expectedAt('ck2')).toBe(390_000)
    await clock.sleep(39_000)
    schedule.settle('ck1', clock.now(), true)
    expect(schedule.expectedAt('ck2')).toBe(39_000)
    expect(schedule.nextDelay(clock.now(), quiet)).toBe(5000)
  })

  it('learns nothing from a task that failed to be watched', async () => {
    const schedule = new PollSchedule({ pollIntervalMs: 5000 })
    schedule.add('ck1', clock.now(), 'SUBMITTED', T2V_5S)
    schedule.add('ck2', clock.now(), 'SUBMITTED', T2V_5S)
    await clock.sleep(39_000)
    schedule.settle('ck1', clock.now(), false)
    expect(schedule.expectedAt('ck2')).toBe(390_000)
  })

  it('scales the table for a faster simulator', () => {
    const schedule = new PollSchedule({ durationScale: 1 / 60 })
    schedule.add('ck1', clock.now(), 'SUBMITTED', T2V_5S)
    expect(schedule.expectedAt('ck1')).toBeCloseTo(6500)
  })

  it('times list cycles start to start, per-task cycles rest the whole interval, and obeys Retry-After', () => {
    const schedule = new PollSchedule({ pollIntervalMs: 1000, maxPollIntervalMs: 1000 })
    schedule.add('ck1', clock.now(), 'SUBMITTED')
    expect(schedule.nextDelay(0, { ...quiet, via: 'list', elapsedMs: 300 })).toBe(700)
    expect(schedule.nextDelay(0, { ...quiet, via: 'status', elapsedMs: 300 })).toBe(1000)
    expect(schedule.nextDelay(0, { ...quiet, retryAfterMs: 7000 })).toBe(7000)
  })
})

describe('ListFallback', () => {
  const unreadable = failureEnvelope({ errorCode: 'UNKNOWN_ERROR', errorMessage: 'unreadable' })

  it('sets an unreadable list aside after two answers, and tries it again on a clock', async () => {
    const fallback = new ListFallback(5, 30_000)
    expect(fallback.onFailure(unreadable, newPollCycle(), clock.now())).toEqual({
      next: 'poll-each'
    })
    expect(fallback.isListDue(clock.now())).toBe(true)
    fallback.onFailure(unreadable, newPollCycle(), clock.now())
    expect(fallback.isListDue(clock.now())).toBe(false)
    await clock.sleep(29_999)
    expect(fallback.isListDue(clock.now())).toBe(false)
    await clock.sleep(1)
    expect(fallback.isListDue(clock.now())).toBe(true)
    // One more unreadable answer after the retry sets it aside again at once.
    fallback.onFailure(unreadable, newPollCycle(), clock.now())
    expect(fallback.isListDue(clock.now())).toBe(false)
    await clock.sleep(30_000)
    fallback.onAnswered()
    fallback.onFailure(unreadable, newPollCycle(), clock.now())
    expect(fallback.isListDue(clock.now())).toBe(true)
  })

  it('waits out a rate-limited list instead of polling each task', () => {
    const fallback = new ListFallback(5, 30_000)
    const cycle = newPollCycle()
    const limited = failureEnvelope({
      errorCode: 'RATE_LIMITED',
      errorMessage: 'slow down',
      retryAfter: 4
    })
    expect(fallback.onFailure(limited, cycle, clock.now())).toEqual({ next: 'wait', failAll: null })
    expect(cycle.retryAfterMs).toBe(4000)
    expect(fallback.isListDue(clock.now())).toBe(true)
  })
})
