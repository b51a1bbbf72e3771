/**
 * A sliding-window request limit per client (an IP, or an API key): at most `limit`
 * accepted requests in any `windowMs`. Refused requests are not counted, so a client
 * that waits as told gets through.
 */
export class RateWindow {
  private readonly accepted = new Map<string, number[]>()

  constructor(
    private readonly limit: number,
    private readonly windowMs: number
  ) {}

  /** Milliseconds until `client` may make a request; 0 when it may now. */
  waitMs(client: string, now: number): number {
    if (this.limit === 0) return this.windowMs
    const times = this.recent(client, now)
    if (times.length < this.limit) return 0
    return times[times.length - this.limit] + this.windowMs - now
  }

  record(client: string, now: number): void {
    const times = this.recent(client, now)
    times.push(now)
    this.accepted.set(client, times)
  }

  private recent(client: string, now: number): number[] {
    const times = (this.accepted.get(client) ?? []).filter(t => t > now - this.windowMs)
    if (times.length === 0) this.accepted.delete(client)
    else this.accepted.set(client, times)
    return times
  }
}
