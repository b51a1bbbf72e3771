import type { ClaimOutcome, Settlement } from './interrupt-settlement.js'

/** What a settlement came to, for one summary line and the envelope. */
export interface SettlementTotals {
  cancelled: number
  /** Credits upstream said it refunded, summed over the cancels that said so. */
  creditsRefunded: number
  /** Tasks left alone, per status (upstream cancels only SUBMITTED ones). */
  left: Map<string, number>
  /** Every task id, or key, not handled: they may still be SUBMITTED and paid. */
  unhandled: Extract<ClaimOutcome, { kind: 'unhandled' }>[]
}

export function settlementTotals(settlement: Settlement): SettlementTotals {
  const totals: SettlementTotals = {
    cancelled: 0,
    creditsRefunded: 0,
    left: new Map(),
    unhandled: []
  }
  for (const outcome of settlement.outcomes) {
    if (outcome.kind === 'cancelled') {
      totals.cancelled++
      totals.creditsRefunded += outcome.creditsRefunded ?? 0
    } else if (outcome.kind === 'left') {
      const status = outcome.status ?? 'no longer SUBMITTED'
      totals.left.set(status, (totals.left.get(status) ?? 0) + 1)
    } else {
      totals.unhandled.push(outcome)
    }
  }
  return totals
}

/**
 * True only when it is proven that the key's create cost nothing in the end: its one task
 * was cancelled and upstream refunded all it had charged for it.
 */
export function isNothingCharged(outcome: ClaimOutcome): boolean {
  return (
    outcome.kind === 'cancelled' &&
    outcome.creditsCharged !== null &&
    outcome.creditsRefunded === outcome.creditsCharged
  )
}

/** One sentence on what became of one task (or key), in words every face can show. */
export function describeClaimOutcome(outcome: ClaimOutcome): string {
  switch (outcome.kind) {
    case 'cancelled': {
      const refunded =
        outcome.creditsRefunded === null
          ? 'its credits are refunded in full'
          : `${outcome.creditsRefunded} credits refunded`
      switch (outcome.route) {
        case 'id':
          return `Cancelled task ${outcome.taskId}, which was still SUBMITTED when the run was interrupted; ${refunded}.`
        case 'list':
          return `Cancelled task ${outcome.taskId}, found under Idempotency-Key ${outcome.key}; ${refunded}.`
        case 'replay-found':
          return `Cancelled task ${outcome.taskId}: the cut-off create under Idempotency-Key ${outcome.key} had been carried out (its replay answered with the task, at no charge); ${refunded}.`
        case 'replay-created': {
          const charged =
            outcome.creditsCharged === null ? '' : `${outcome.creditsCharged} credits charged, `
          const net = isNothingCharged(outcome) ? ': nothing charged' : ''
          return `The cut-off create under Idempotency-Key ${outcome.key} had not been carried out: its replay made task ${outcome.taskId}, cancelled at once (${charged}${refunded})${net}.`
        }
        default: {
          const unknownRoute: never = outcome.route
          throw new Error(`unhandled claim route ${String(unknownRoute)}`)
        }
      }
    }
    case 'left': {
      const found = outcome.key === null ? '' : ` (under Idempotency-Key ${outcome.key})`
      return `Task ${outcome.taskId}${found} is ${outcome.status ?? 'no longer SUBMITTED'}: left alone (only a SUBMITTED task can be cancelled).`
    }
    case 'unhandled': {
      const reason = outcome.reason.replace(/\.+$/, '')
      return outcome.taskId === null
        ? `The task under Idempotency-Key ${outcome.key} was not claimed: ${reason}. A task may exist under the key, paid; look for it with listTasks.`
        : `Task ${outcome.taskId} was not handled: ${reason}. It may still be SUBMITTED and paid.`
    }
    default: {
      const unknown: never = outcome
      throw new Error(`unhandled claim outcome ${JSON.stringify(unknown)}`)
    }
  }
}

/** One line for a batch: how many were cancelled, refunded, left alone, and every id not handled. */
export function describeSettlement(settlement: Settlement, taskCount: number): string {
  const totals = settlementTotals(settlement)
  const alone = [...totals.left].map(([status, count]) => `${count} ${status}`).join(', ')
  const refunded = totals.creditsRefunded > 0 ? ` (${totals.creditsRefunded} credits refunded)` : ''
  const parts = [
    `cancelled ${totals.cancelled} of ${taskCount} task(s)${refunded}`,
    ...(alone === '' ? [] : [`left alone ${alone} (only a SUBMITTED task can be cancelled)`])
  ]
  if (totals.unhandled.length > 0) {
    const named = totals.unhandled.map(o => o.taskId ?? `the task under Idempotency-Key ${o.key}`)
    parts.push(
      `not handled ${totals.unhandled.length}${settlement.timedOut ? ' (the time limit passed)' : ''}: ${named.join(', ')}`
    )
  }
  return parts.join('; ')
}
