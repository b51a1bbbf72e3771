/**
 * Runs `job` for every item with at most `limit` jobs in flight, taking items in order.
 * Resolves when every job has; the first job that throws rejects it (jobs already
 * started still run to their end, no new one starts).
 *
 * @throws RangeError when `limit` is not a whole number of at least 1.
 */
export async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  job: (item: T, index: number) => Promise<void>
): Promise<void> {
  checkLimit(limit)
  let next = 0
  let failed = false
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const index = next++
      try {
        await job(items[index], index)
      } catch (error) {
        failed = true
        throw error
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
}

/** A gate for jobs that start one by one (e.g. downloads): at most `size` run at once, served in order. */
export class ConcurrencyLimit {
  private active = 0
  private readonly waiting: (() => void)[] = []

  /** @throws RangeError when `size` is not a whole number of at least 1. */
  constructor(private readonly size: number) {
    checkLimit(size)
  }

  async run<T>(job: () => Promise<T>): Promise<T> {
    if (this.active >= this.size) await new Promise<void>(resolve => this.waiting.push(resolve))
    this.active++
    try {
      return await job()
    } finally {
      this.active--
      this.waiting.shift()?.()
    }
  }
}

function checkLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new RangeError(`a concurrency limit must be a whole number of at least 1, not ${limit}`)
  }
}
