import { describe, expect, it } from '@jest/globals'
import { ConcurrencyLimit, forEachLimited } from '../../src/core/time/concurrency-limit.js'

const tick = (): Promise<void> => new Promise(resolve => setImmediate(resolve))

describe('forEachLimited', () => {
  it('runs every item once, in order, with at most limit in flight', async () => {
    let active = 0
    let peak = 0
    const started: number[] = []
    await forEachLimited([1, 2, 3, 4, 5, 6, 7], 3, async (item, index) => {
      expect(index).toBe(item - 1)
      started.push(item)
      active++
      peak = Math.max(peak, active)
      await tick()
      active--
    })
    expect(started).toEqual([1, 2, 3, 4, 5, 6, 7])
    expect(peak).toBe(3)
  })

  it('starts no new job after one throws, and rejects with its error', async () => {
    const started: number[] = []
    const run = forEachLimited([1, 2, 3, 4], 1, async item => {
      started.push(item)
      if (item === 2) throw new Error('boom')
    })
    await expect(run).rejects.toThrow('boom')
    expect(started).toEqual([1, 2])
  })

  it('refuses a limit below 1', async () => {
    await expect(forEachLimited([1], 0, async () => undefined)).rejects.toThrow(RangeError)
  })
})

describe('ConcurrencyLimit', () => {
  it('runs at most size jobs at once and returns each job value', async () => {
    const limit = new ConcurrencyLimit(2)
    let active = 0
    let peak = 0
    const values = await Promise.all(
      [1, 2, 3, 4, 5].map(n =>
        limit.run(async () => {
          active++
          peak = Math.max(peak, active)
          await tick()
          active--
          return n * 10
        })
      )
    )
    expect(values).toEqual([10, 20, 30, 40, 50])
    expect(peak).toBe(2)
  })
})
