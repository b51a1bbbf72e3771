import type { Envelope, Failure } from '../api/envelope.js'
import type { PollCycle } from './poll-cycle.js'
import { clientFailure } from './watch-failure.js'

/** Unusable list answers in a row before the list is set aside for per-task polls. */
const LIST_FAILURES_BEFORE_FALLBACK = 2

/**
 * What a failed list answer means for the cycle: poll each task one by one, or wait for
 * the next cycle, possibly ending every pending task with `failAll`.
 */
export type ListVerdict = { next: 'poll-each' } | { next: 'wait'; failAll: Failure | null }

/**
 * When the one list request is used, and when per-task status polls replace it. A list
 * set aside is tried again on a clock (`retryAfterMs`), never after a number of per-task
 * cycles: a cycle over N tasks lasts N budget slots, so a count of cycles would keep a
 * large batch on per-task polls for an hour after one transient failure.
 */
export class ListFallback {
  /** Clock time before which the list is not asked; 0 while it is in use. */
  private setAsideUntil = 0
  private failures = 0
  private rateLimited = 0
  private networkFailed = 0

  constructor(
    private readonly maxFailures: number,
    private readonly retryAfterMs: number
  ) {}

  /** True when the list may be asked at `now`. */
  isListDue(now: number): boolean {
    return now >= this.setAsideUntil
  }

  /** The list answered usably: every failure streak starts over. */
  onAnswered(): void {
    this.failures = 0
    this.rateLimited = 0
    this.networkFailed = 0
    this.setAsideUntil = 0
  }

  /**
   * A rate limit waits (per-task polls would only make it worse); a network failure
   * waits too, until it persists (an answer too large to read fails the same way every
   * time); anything else means the list cannot answer: after two in a row it is set
   * aside until `retryAfterMs` from now.
   */
  onFailure(answer: Envelope<unknown>, cycle: PollCycle, now: number): ListVerdict {
    const code = answer.errorCode ?? 'UNKNOWN_ERROR'
    if (code === 'AUTH_FAILED') {
      // Every per-task query would be refused the same way.
      return { next: 'wait', failAll: clientFailure(answer) }
    }
    if (code === 'RATE_LIMITED') return this.onRateLimited(answer, cycle)
    if (code === 'NETWORK_ERROR' && ++this.networkFailed < this.maxFailures) {
      return { next: 'wait', failAll: null }
    }
    this.failures++
    if (code === 'NETWORK_ERROR' || this.failures >= LIST_FAILURES_BEFORE_FALLBACK) {
      this.setAsideUntil = now + this.retryAfterMs
      // One more unusable answer after the retry sets it aside again.
      this.failures = LIST_FAILURES_BEFORE_FALLBACK - 1
      this.networkFailed = 0
    }
    return { next: 'poll-each' }
  }

  private onRateLimited(answer: Envelope<unknown>, cycle: PollCycle): ListVerdict {
    if (answer.retryAfter !== null) cycle.retryAfterMs = answer.retryAfter * 1000
    const failAll =
      ++this.rateLimited >= this.maxFailures
        ? clientFailure(answer, 'Listing tasks kept failing: ')
        : null
    return { next: 'wait', failAll }
  }
}
