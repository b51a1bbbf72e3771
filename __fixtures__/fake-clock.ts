import { AsyncLocalStorage } from 'node:async_hooks'
import { subscribe } from 'node:diagnostics_channel'
import type { ClientRequest, ServerResponse } from 'node:http'
import type { Clock } from '../src/core/time/clock.js'
import { abortReason } from '../src/core/time/clock.js'

/**
 * HTTP requests this process has in flight. Virtual time must not move while one is
 * out: a deadline timer fired mid-request would end a wait that real time never ended.
 */
class RequestsInFlight {
  private count = 0
  /** Requests an in-process server made while answering another (a test proxy's relay). */
  private readonly hops = new Map<ClientRequest, ServerResponse>()
  private waiters: (() => void)[] = []

  constructor() {
    subscribe('http.client.request.start', message => {
      const { request } = message as { request: ClientRequest }
      this.count++
      const answer = answering.getStore()
      if (isOpen(answer)) this.hops.set(request, answer)
      request.once('close', () => {
        this.count--
        this.hops.delete(request)
        this.wake()
      })
    })
  }

  /**
   * Requests in flight, a relayed one counted once: a hop a server makes while the answer
   * it relays is still open is part of that request, so a proxy in front of a simulator
   * that holds the relayed request in a sleep keeps time no stiller than the simulator alone.
   */
  get inFlight(): number {
    let relayed = 0
    for (const parent of this.hops.values()) if (isOpen(parent)) relayed++
    return this.count - relayed
  }

  /** Resolves at the next change: a request ended, or a sleeper began to hold one. */
  changed(): Promise<void> {
    return new Promise(resolve => this.waiters.push(resolve))
  }

  wake(): void {
    const waiters = this.waiters
    this.waiters = []
    for (const wake of waiters) wake()
  }
}

/**
 * The answer an in-process server (the simulator) is working on, seen from the code that
 * answers it: a sleep made there holds that request (a latency fault, a late create).
 */
const answering = new AsyncLocalStorage<ServerResponse>()
subscribe('http.server.request.start', message => {
  // Published just before the server emits 'request', so the handler runs in this context.
  answering.enterWith((message as { response: ServerResponse }).response)
})

/** Whether an answer is still being made (a sleep made while making it holds its request). */
function isOpen(response: ServerResponse | undefined): response is ServerResponse {
  return response !== undefined && !response.writableEnded && !response.destroyed
}

const requests = new RequestsInFlight()

interface Timer {
  at: number
  order: number
  ms: number
  /** The answer this sleep was made in, when an in-process server made it. */
  answer: ServerResponse | undefined
  fire(): void
}

/** Turns of the event loop that must pass with nothing in flight before time moves. */
const QUIET_TURNS = 2

/**
 * A clock under the test's control. Sleeps wait on virtual timers; once the process is
 * quiet (no HTTP request in flight, no file or name look-up work outstanding, nothing left
 * to run but sleepers), time advances to
 * the earliest timer and wakes its sleeper, one timer at a time. Concurrent sleepers
 * therefore run in the order their times come, and a long timer (a deadline) fires only
 * after every earlier one. `sleeps` records each completed sleep, in the order they ended.
 * A request that an in-process server holds in a sleep on a FakeClock (a simulator on a
 * test's clock, answering late) does not keep time still: only time can answer it.
 */
export class FakeClock implements Clock {
  time: number
  readonly sleeps: number[] = []
  private timers: Timer[] = []
  private created = 0
  private advancing = false

  constructor(start = Date.parse('2026-11-25T12:00:00Z')) {
    this.time = start
  }

  now(): number {
    return this.time
  }

  /** Sleepers still waiting for their time. */
  get pending(): number {
    return this.timers.length
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortReason(signal))
    return new Promise((resolve, reject) => {
      const wait = Math.max(0, ms)
      const onAbort = (): void => {
        this.timers = this.timers.filter(other => other !== timer)
        holding.delete(timer)
        reject(abortReason(signal as AbortSignal))
      }
      const timer: Timer = {
        at: this.time + wait,
        order: this.created++,
        ms: wait,
        answer: answering.getStore(),
        fire: () => {
          signal?.removeEventListener('abort', onAbort)
          this.sleeps.push(timer.ms)
          if (signal?.aborted) reject(abortReason(signal))
          else resolve()
        }
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      this.timers.push(timer)
      if (timer.answer !== undefined) holding.add(timer)
      if (isOpen(timer.answer)) requests.wake()
      void this.advance()
    })
  }

  /** Fires timers in time order, each once the process has gone quiet. */
  private async advance(): Promise<void> {
    if (this.advancing) return
    this.advancing = true
    try {
      while (this.timers.length > 0) {
        await quiet()
        if (this.timers.length === 0) break
        const next = this.timers.reduce((a, b) =>
          b.at < a.at || (b.at === a.at && b.order < a.order) ? b : a
        )
        this.timers = this.timers.filter(timer => timer !== next)
        holding.delete(next)
        this.time = Math.max(this.time, next.at)
        next.fire()
      }
    } finally {
      this.advancing = false
    }
  }
}

/**
 * Sleeps made while answering a request, on every FakeClock in the process: a test may run
 * several clocks side by side (one per case), and a request one clock's server holds must
 * not keep another clock still, or two held requests would each wait for the other.
 */
const holding = new Set<Timer>()

/** Requests in flight that a server holds in a sleep on a FakeClock. */
function held(): number {
  return new Set([...holding].map(timer => timer.answer).filter(isOpen)).size
}

/** libuv requests of file system and name look-up work (a `process.getActiveResourcesInfo` type). */
const DISK_OR_LOOKUP = /^(FSReq|CloseReq|FileHandleCloseReq|GetAddrInfoReqWrap|GetNameInfoReqWrap)/

/** Whether the process has file system or name look-up work outstanding. */
function diskOrLookupWork(): boolean {
  return process.getActiveResourcesInfo().some(type => DISK_OR_LOOKUP.test(type))
}

/**
 * Resolves after `QUIET_TURNS` turns of the event loop in a row in which every request in
 * flight is one a server keeps waiting in a sleep on a FakeClock.
 */
async function quiet(): Promise<void> {
  for (let turns = 0; turns < QUIET_TURNS;) {
    await new Promise<void>(resolve => setImmediate(resolve))
    if (requests.inFlight > held()) {
      turns = 0
      await requests.changed()
    } else if (diskOrLookupWork()) {
      // A file written or a name looked up between two requests (a download's temporary
      // file, its rename): real work, whose end no timer may overtake.
      turns = 0
      await new Promise<void>(resolve => setTimeout(resolve, 1))
    } else {
      turns++
    }
  }
}
