import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { AccountBook } from './accounts.js'
import { dispatch } from './dispatcher.js'
import { FaultRegistry, type Fault } from './faults.js'
import { IdempotencyLedger } from './idempotency.js'
import { InputFileStore } from './input-files.js'
import { resolveOptions, type ResolvedOptions, type SimulatorOptions } from './options.js'
import { createRandomSource } from './random-source.js'
import { RateWindow } from './rate-window.js'
import type { SimContext } from './sim-context.js'
import { StatsRecorder, type SimStats } from './stats.js'
import { TaskStore } from './task-store.js'
import { HistoryBlock, HistoryShelf } from './task-history.js'
import { webhookBody, type ViewSettings } from './task-views.js'
import { MINUTE_MS, TimeScale } from './time-scale.js'
import { TimerSet } from './timers.js'
import { WebhookSender } from './webhooks.js'

/** Offset of the seed that draws generation times from the one that draws failures. */
const DURATION_STREAM = 0x9e3779b9
/** Keeps the history of each key apart from the others' under one seed. */
const HISTORY_SEED_STEP = 7919

/** A running simulator. */
export interface Simulator {
  /** Base URL, e.g. `http://127.0.0.1:8787` (no trailing slash). */
  url: string
  port: number
  /** Closes every connection, clears every timer, abandons webhooks; idempotent. */
  stop(): Promise<void>
  stats(): SimStats
  /**
   * Client connections still open. A client killed mid-request may have left requests the
   * simulator has yet to read and count: a test waits for 0 before it counts what follows.
   */
  openConnections(): Promise<number>
  /** Replaces the faults in force (validated; throws on an invalid fault). */
  setFaults(faults: Fault[]): void
  clearFaults(): void
  /** Sets a key's balance; an unknown key is added with default settings. */
  setBalance(key: string, credits: number): void
}

/** The host as it goes into a URL: wildcard binds are reached over loopback. */
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1'
  if (host === '::') return '[::1]'
  return host.includes(':') ? `[${host}]` : host
}

function listen(server: http.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve((server.address() as AddressInfo).port)
    })
  })
}

/**
 * Starts a local AIVideoMaker API v1 service (all seven endpoints, balances, limits,
 * task lifecycle, result files, webhooks, faults) and resolves once it listens.
 * Throws on invalid options, or when the port cannot be bound.
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const resolved = resolveOptions(options)
  const server = http.createServer()
  const port = await listen(server, resolved.port, resolved.host)
  const url = `http://${urlHost(resolved.host)}:${port}`
  const clock = resolved.clock
  const now = (): number => clock.now()
  const scale = new TimeScale(
    resolved.speed,
    resolved.durationsMs,
    resolved.durationSpread,
    resolved.seed,
    // A stream of its own: drawing durations must not change which tasks a seed fails.
    createRandomSource(resolved.seed === undefined ? undefined : resolved.seed + DURATION_STREAM)
  )
  const timers = new TimerSet(clock)
  const stats = new StatsRecorder()
  const webhooks = new WebhookSender()
  const faults = new FaultRegistry()
  faults.set(resolved.faults)
  const views: ViewSettings = {
    baseUrl: url,
    resultUrlField: resolved.resultUrlField,
    listShape: resolved.listShape,
    listIdField: resolved.listIdField
  }
  const accounts = new AccountBook(resolved.keys, scale.realMs(MINUTE_MS))
  const context: SimContext = {
    options: resolved,
    views,
    accounts,
    history: startingHistory(resolved, accounts, views, now()),
    tasks: new TaskStore({
      timers,
      stats,
      now,
      onStatusChange: task => {
        if (task.webhookUrl) webhooks.notify(task.id, task.webhookUrl, webhookBody(task, views))
      }
    }),
    ledger: new IdempotencyLedger(),
    faults,
    stats,
    inputs: new InputFileStore(url),
    queryWindow: new RateWindow(resolved.queryLimit, resolved.queryWindowMs),
    scale,
    timers,
    random: createRandomSource(resolved.seed),
    now
  }
  const snapshot = (): SimStats =>
    stats.snapshot(context.accounts.balances(), context.tasks.statsView(), scale.distribution(), {
      historyTasks: context.history.counts(),
      pageSize: resolved.listPageSize,
      paging: resolved.listPageSize > 0 ? resolved.listPaging : null
    })
  server.on('request', (request, response) => void dispatch(context, request, response, snapshot))

  let stopping: Promise<void> | undefined
  return {
    url,
    port,
    stop: () => {
      stopping ??= new Promise(resolve => {
        timers.clearAll()
        webhooks.stop()
        server.close(() => resolve())
        server.closeAllConnections()
      })
      return stopping
    },
    stats: snapshot,
    openConnections: () =>
      new Promise((resolve, reject) =>
        server.getConnections((error, count) => (error ? reject(error) : resolve(count)))
      ),
    setFaults: list => faults.set(list),
    clearFaults: () => faults.clear(),
    setBalance: (key, credits) => context.accounts.setBalance(key, credits)
  }
}

/** Each key's list starts with `history` finished tasks, drawn from the seed and the key's place. */
function startingHistory(
  options: ResolvedOptions,
  accounts: AccountBook,
  views: ViewSettings,
  nowMs: number
): HistoryShelf {
  const shelf = new HistoryShelf()
  if (options.history === 0) return shelf
  options.keys.forEach((key, place) => {
    const account = accounts.authenticate(key.key)
    if (account === undefined) return
    const seed = (options.seed ?? 0) + place * HISTORY_SEED_STEP
    shelf.add(HistoryBlock.atStart(account, options.history, seed, nowMs, views))
  })
  return shelf
}
