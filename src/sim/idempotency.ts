import type { Account } from './accounts.js'
import type { Task } from './task-store.js'

/** JSON with object keys sorted at every level, so key order never makes two bodies differ. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
  }
  return JSON.stringify(value)
}

export type IdempotencyMatch =
  { kind: 'new' } | { kind: 'replay'; task: Task } | { kind: 'conflict'; task: Task }

interface Entry {
  request: string
  task: Task
}

/** Idempotency-Key -> task, per API key: a replay returns the task, a different body conflicts. */
export class IdempotencyLedger {
  private readonly entries = new Map<Account, Map<string, Entry>>()

  match(
    account: Account,
    idempotencyKey: string,
    model: string,
    payload: unknown
  ): IdempotencyMatch {
    const entry = this.entries.get(account)?.get(idempotencyKey)
    if (entry === undefined) return { kind: 'new' }
    const isSame = entry.request === canonicalJson({ model, payload })
    return isSame ? { kind: 'replay', task: entry.task } : { kind: 'conflict', task: entry.task }
  }

  record(
    account: Account,
    idempotencyKey: string,
    model: string,
    payload: unknown,
    task: Task
  ): void {
    const forAccount = this.entries.get(account) ?? new Map<string, Entry>()
    forAccount.set(idempotencyKey, { request: canonicalJson({ model, payload }), task })
    this.entries.set(account, forAccount)
  }
}
