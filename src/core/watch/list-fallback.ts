import type { Envelope, Failure } from '../api/envelope.js'
import type { PollCycle } from './poll-cycle.js'
import { clientFailure } from './watch-failure.js'

/** Unusable list answers in a row before the list is set aside for per-task polls. */
const LIST_FAILURES_BEFORE_FALLBACK = 2

/** Per-task cycles after which a set-aside list is tried again (it may have recovered). */
const LIST_RETRY_CYCLES = 10

/**
 * What a failed list answer means for the cycle: poll each task one by one, or wait for
 * the next cycle, possibly ending every pending task with `failAll`.
 */
export type ListVerdict = { next: 'poll-each' } | { next: 'wait'; failAll: Failure | null }

/** When the one list request is used, and when per-task status polls replace it. */
export class ListFallback {
  /** Per-task cycles left before the list is tried again; 0 while the list is in use. */
  private setAside = 0
  private failures = 0
  private rateLimited = 0
  private networkFailed = 0

  constructor(private readonly maxFailures: number) {}

  /** True when this cycle asks the list; otherwise counts one per-task cycle down. */
  isListDue(): boolean {
    if (this.setAside === 0) return true
    this.setAside--
    return false
  }

  /** The list answered usably: every failure streak starts over. */
  onAnswered(): void {
    this.failures = 0
    this.rateLimited = 0
    this.networkFailed = 0
  }

  /**
   * A rate limit waits (per-task polls would only make it worse); a network failure
   * waits too, until it persists (an answer too large to read fails the same way every
   * time); anything else means the list cannot answer: after two in a row it is set
   * aside, and tried again after LIST_RETRY_CYCLES per-task cycles.
   */
  onFailure(answer: Envelope<unknown>, cycle: PollCycle): ListVerdict {
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
      this.setAside = LIST_RETRY_CYCLES
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
