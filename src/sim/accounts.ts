import type { ModelName } from './models.js'
import { resolveKey, type ResolvedKey } from './options.js'
import { RateWindow } from './rate-window.js'

export interface Account {
  readonly key: string
  /** What stats and logs show instead of the key. */
  readonly fingerprint: string
  balance: number
  readonly supportedModels: readonly ModelName[]
  readonly generationRequestsPerMinute: number
  readonly dailyCreditLimit: number
  readonly creditWarningAt: number
  /** Undefined when creations are unlimited (-1). */
  readonly creations: RateWindow | undefined
}

/** A prefix short enough that even a tiny key is never shown whole. */
function prefixOf(key: string): string {
  return `${key.slice(0, Math.min(4, Math.floor(key.length / 2)))}…`
}

/** The API keys and their balances. */
export class AccountBook {
  private readonly accounts = new Map<string, Account>()

  /** @param minuteMs real milliseconds in one simulated minute (creation limits use it) */
  constructor(
    keys: ResolvedKey[],
    private readonly minuteMs: number
  ) {
    for (const key of keys) this.add(key)
  }

  /** The account for the `key` header, or undefined when missing or unknown. */
  authenticate(header: string | string[] | undefined): Account | undefined {
    return typeof header === 'string' ? this.accounts.get(header) : undefined
  }

  /** Sets a key's balance, adding the key with default settings when it is new. */
  setBalance(key: string, credits: number): void {
    const account = this.accounts.get(key) ?? this.add(resolveKey({ key }))
    account.balance = resolveKey({ key, balance: credits }).balance
  }

  balances(): Record<string, number> {
    return Object.fromEntries([...this.accounts.values()].map(a => [a.fingerprint, a.balance]))
  }

  private add(key: ResolvedKey): Account {
    const taken = new Set([...this.accounts.values()].map(a => a.fingerprint))
    let fingerprint = prefixOf(key.key)
    for (let n = 2; taken.has(fingerprint); n += 1) fingerprint = `${prefixOf(key.key)}#${n}`
    const limit = key.generationRequestsPerMinute
    const account: Account = {
      ...key,
      fingerprint,
      creations: limit === -1 ? undefined : new RateWindow(limit, this.minuteMs)
    }
    this.accounts.set(key.key, account)
    return account
  }
}
