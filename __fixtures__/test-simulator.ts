import { afterAll, afterEach, beforeAll } from '@jest/globals'
import {
  startSimulator,
  type DurationOverride,
  type KeyOptions,
  type SimClock,
  type Simulator,
  type SimulatorOptions
} from '../src/sim/index.js'
import { createClient, type Client, type ClientOptions } from '../src/core/api/client.js'
import { RequestBudget } from '../src/core/http/request-budget.js'
import { FakeClock } from './fake-clock.js'

/**
 * The simulator a test file starts for each of its tests: the one key it accepts, with
 * that key's settings (credits: `balance`, default 1000), and how long tasks take
 * (without `durationsMs`, each model's own typical time).
 */
export interface TestSimulatorDefaults extends KeyOptions {
  durationsMs?: DurationOverride
}

/** A server a test starts beside the simulator (a scripted upstream, a fake GitHub API). */
export interface Closable {
  close(): Promise<void>
}

export interface TestSimulator {
  /**
   * Starts a simulator for the current test: the file's defaults, overridden by `options`.
   * `balance` sets the default key's credits; `keys` replaces the key altogether.
   */
  start(options?: SimulatorOptions & { balance?: number }): Promise<Simulator>
  /**
   * `start` on a new FakeClock of the test's own: the simulator's tasks, limits and waits
   * run on it, and so do `clientFor`'s clients and the runs the test hands it to, so the
   * test never waits for real time. Its faults that keep a request waiting (latency,
   * late, slow-drip) wait on that clock too.
   */
  startOnClock(
    options?: Omit<SimulatorOptions, 'clock'> & { balance?: number }
  ): Promise<{ sim: Simulator; clock: FakeClock }>
  /** Closes `server` after the current test, once its simulators have stopped; returns it. */
  closeAfterTest<T extends Closable>(server: T): T
  /**
   * A client of `target` with the file's key, no retries and its own roomy query budget,
   * so one test's polling never waits on another's; `overrides` win. When `target` was
   * started on a test clock (`start({ clock })`), the client runs on that clock too, so
   * both sides share one timeline.
   */
  clientFor(target: Simulator, overrides?: Partial<ClientOptions>): Client
}

/**
 * Gives each test its own simulator: registers an `afterEach` that stops every simulator
 * `start` gave the test, then closes every server handed to `closeAfterTest`.
 */
export function useTestSimulator(defaults: TestSimulatorDefaults): TestSimulator {
  const clocks = new WeakMap<Simulator, SimClock>()
  let simulators: Simulator[] = []
  let servers: Closable[] = []
  afterEach(async () => {
    for (const sim of simulators) await sim.stop()
    for (const server of servers) await server.close()
    simulators = []
    servers = []
  })
  const start: TestSimulator['start'] = async ({ balance, ...options } = {}) => {
    const { durationsMs, ...key } = defaults
    const sim = await startSimulator({
      keys: [{ ...key, balance: balance ?? key.balance ?? 1000 }],
      durationsMs,
      ...options
    })
    simulators.push(sim)
    if (options.clock) clocks.set(sim, options.clock)
    return sim
  }
  return {
    start,
    async startOnClock(options = {}) {
      const clock = new FakeClock()
      return { sim: await start({ ...options, clock }), clock }
    },
    closeAfterTest(server) {
      servers.push(server)
      return server
    },
    clientFor(target, overrides = {}) {
      return createClient({
        apiKey: defaults.key,
        baseUrl: target.url,
        maxRetries: 0,
        queryBudget: new RequestBudget({ limit: 1000, windowMs: 1000 }),
        clock: clocks.get(target),
        ...overrides
      })
    }
  }
}

/**
 * One simulator for a whole test file: started before its first test, its faults cleared
 * after each test, stopped after the last. The returned handle stands for it (the tests
 * read `sim.url`, call `sim.stats()` and the rest) from `beforeAll` on.
 */
export function useSharedSimulator(options: SimulatorOptions = {}): Simulator {
  let current: Simulator | null = null
  beforeAll(async () => {
    current = await startSimulator(options)
  })
  afterEach(() => current?.clearFaults())
  afterAll(async () => {
    await current?.stop()
    current = null
  })
  return new Proxy({} as Simulator, {
    get(_, property) {
      if (current === null) throw new Error('The shared simulator starts in beforeAll')
      const value: unknown = Reflect.get(current, property)
      return typeof value === 'function' ? value.bind(current) : value
    }
  })
}

/** How often, and how many times, `until` looks. */
const STATE_CHECK_MS = 10
const STATE_CHECKS = 1000

/**
 * Resolves once `reached()` holds (a webhook arrived, a task moved on), so a test orders its
 * steps by what it can see rather than by sleeping for a guessed time. Rejects with
 * `failure` after a bounded number of looks.
 */
export async function until(reached: () => boolean, failure: string): Promise<void> {
  for (let check = 0; check < STATE_CHECKS; check++) {
    if (reached()) return
    await new Promise(resolve => setTimeout(resolve, STATE_CHECK_MS))
  }
  throw new Error(failure)
}

/**
 * Resolves once the simulator's own state satisfies `ready` (tasks move on the simulator's
 * timers). Rejects after a bounded number of looks.
 */
export function untilSimulator(
  sim: Simulator,
  ready: (stats: ReturnType<Simulator['stats']>) => boolean,
  what: string
): Promise<void> {
  return until(() => ready(sim.stats()), `The simulator never showed ${what}`)
}
