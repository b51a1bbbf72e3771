import { isAbortError, type Clock } from '../time/clock.js'
import type { CreateData } from '../api/client.js'
import type { DeadlineSignal } from '../time/deadline.js'
import { createWithGrace } from '../run/create-grace.js'
import { failureEnvelope, type Envelope, type Failure } from '../api/envelope.js'
import type { ErrorCode } from '../api/error-codes.js'
import type { RetryPolicy } from '../http/retry-policy.js'
import type { BatchOptions } from './types.js'
import { itemIdempotencyKey } from './batch-item-key.js'
import type { BatchLedger, Slot } from './batch-ledger.js'
import { itemLabel, type ValidItem } from './batch-validation.js'
import { formatMs } from '../watch/wait.js'
import { prefixedMessage } from '../api/advice.js'

/** Told when an item's task exists. */
export type OnCreated = (slot: Slot, created: CreateData, label: string) => void

/**
 * A batch's creations: pauses every creation while the per-key creation limit (429) says
 * so, and stops sending once the key is refused. A create lost on the network is retried
 * by the transport alone (with its Idempotency-Key), under the client's one retry policy,
 * so no create is sent more than 1 + maxRetries times for a network failure.
 */
export class CreationSchedule {
  /** Creations wait until then after the per-key creation limit refused one. */
  private pausedUntil = 0
  private refusedKey: Failure | null = null

  constructor(
    private readonly options: BatchOptions,
    private readonly clock: Clock,
    private readonly ledger: BatchLedger,
    /** The batch's start and deadline, as clock times. */
    private readonly started: number,
    private readonly deadline: number
  ) {}

  /** Creates one item's task and hands it to `onCreated`; never throws. */
  async create(
    valid: ValidItem,
    base: string | null,
    deadline: DeadlineSignal,
    onCreated: OnCreated
  ): Promise<void> {
    const slot = this.ledger.slots[valid.index]
    const label = itemLabel(valid.index, valid.item.name)
    slot.startedAt = this.clock.now()
    slot.data.timings.startedAt = new Date(slot.startedAt).toISOString()
    const idempotencyKey = itemIdempotencyKey(valid, base)
    if (idempotencyKey !== undefined) {
      this.options.onIdempotencyKey?.(slot.name, idempotencyKey, {
        model: valid.model,
        payload: valid.payload,
        maxCredits: valid.item.maxCredits
      })
    }
    let sending = false
    try {
      for (let attempt = 0; ; attempt++) {
        if (this.refusedKey !== null) {
          const refused = this.refusedKey
          return this.ledger.finish(
            valid.index,
            failureEnvelope({ ...refused, errorMessage: `${label} was ${refused.errorMessage}` })
          )
        }
        const pause = this.pausedUntil - this.clock.now()
        if (pause > 0) await this.clock.sleep(pause, deadline.signal)
        // None starts after an interrupt; one already on its way gets its grace (createWithGrace).
        deadline.signal.throwIfAborted()
        sending = true
        const created = await createWithGrace(this.options.client, valid.model, valid.payload, {
          idempotencyKey,
          maxCredits: valid.item.maxCredits,
          webhookUrl: this.options.webhookUrl,
          deadline: this.deadline,
          clock: this.clock,
          interrupt: this.options.signal
        })
        sending = false
        if (created.ok && created.data !== null) return onCreated(slot, created.data, label)
        const code = created.errorCode ?? 'UNKNOWN_ERROR'
        const retryMs = retryDelay(created, attempt, this.options.client.retryPolicy)
        if (retryMs === null) {
          if (code === 'AUTH_FAILED')
            this.refusedKey = withoutTask(created, 'not sent: the API key was refused')
          return this.ledger.finish(valid.index, {
            ...created,
            errorMessage: prefixedMessage(`${label}: `, created.errorMessage)
          })
        }
        this.pausedUntil = Math.max(this.pausedUntil, this.clock.now() + retryMs)
      }
    } catch (error) {
      if (!isAbortError(error) && !deadline.signal.aborted) throw error
      this.ledger.finish(valid.index, this.interrupted(label, sending, idempotencyKey))
    }
  }

  /** ABORTED or TIMEOUT for an item whose creation the deadline or the signal cut short. */
  private interrupted(
    label: string,
    cutOff: boolean,
    idempotencyKey: string | undefined
  ): Envelope<unknown> {
    const aborted = this.options.signal?.aborted === true
    const code: ErrorCode = aborted ? 'ABORTED' : 'TIMEOUT'
    const limited = this.pausedUntil >= this.clock.now()
    const what = aborted
      ? `${label} was interrupted before its task was created`
      : `${label} was not created within the wait-timeout (${formatMs(this.deadline - this.started)})` +
        (limited ? ', still waiting for the per-key creation limit' : '')
    // Cut off mid-request, the create may have reached upstream: only its key can tell.
    const next = cutOff
      ? idempotencyKey === undefined
        ? 'Its create request was cut off, so a task may exist upstream: check listTasks before sending it again.'
        : 'Its create request was cut off, so a task may exist upstream: run the batch again with the same idempotency key to resume it without paying twice.'
      : 'No task was created for it: run the batch again (or raise wait-timeout).'
    return failureEnvelope({ errorCode: code, errorMessage: `${what}. ${next}` })
  }
}

/**
 * How long every creation pauses before this one is sent again, or null to give up. Only
 * the per-key creation limit is waited out here: a refused create created nothing, so
 * sending it again is safe even without a key, and the batch deadline bounds the pauses.
 * Every other failure already had the transport's retries.
 */
function retryDelay(
  created: Envelope<CreateData>,
  attempt: number,
  policy: RetryPolicy
): number | null {
  if (created.errorCode !== 'RATE_LIMITED') return null
  const retryAfterMs = created.retryAfter === null ? null : created.retryAfter * 1000
  return policy.delay(attempt + 1, retryAfterMs)
}

function withoutTask(created: Envelope<unknown>, what: string): Failure {
  return {
    errorCode: created.errorCode ?? 'AUTH_FAILED',
    errorMessage: prefixedMessage(`${what}: `, created.errorMessage)
  }
}
