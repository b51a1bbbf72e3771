import { throttleProgress } from '../core/progress-throttle.js'
import { formatMs, type WaitProgress } from '../core/wait.js'
import type { TextSink } from './redaction.js'

/** Everything the CLI says on stderr: remarks, and the progress of a wait. */
export interface Reporter {
  /** One remark on its own line (task created, retrying, cancelled, how to resume). */
  note(text: string): void
  /** Told after every poll (run's onProgress). */
  progress(progress: WaitProgress): void
  /** Ends the live line and its timer; safe to call more than once. */
  stop(): void
}

export interface ReporterOptions {
  stderr: TextSink
  /** stderr is a terminal: one line rewritten in place. */
  isTTY: boolean
  /** --quiet: nothing at all on stderr. */
  quiet: boolean
  now?: () => number
}

const PREFIX = 'aivideomaker: '
/** Without a terminal, a long wait logs a line on each status change or this often. */
const PLAIN_LINE_INTERVAL_MS = 30_000
const TICK_MS = 200
const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏']
const CLEAR_LINE = '\r\x1b[2K'

/**
 * Picks the stderr style: nothing with --quiet; on a terminal a single spinner line that
 * updates in place (`\r` + clear) between polls; otherwise plain, throttled lines, as CI
 * logs show every byte.
 */
export function createReporter(options: ReporterOptions): Reporter {
  if (options.quiet)
    return { note: () => undefined, progress: () => undefined, stop: () => undefined }
  return options.isTTY ? liveReporter(options) : plainReporter(options)
}

function plainReporter({ stderr, now = Date.now }: ReporterOptions): Reporter {
  const print = throttleProgress(
    progress => stderr.write(`${PREFIX}${describe(progress)}\n`),
    PLAIN_LINE_INTERVAL_MS,
    now
  )
  return {
    note: text => stderr.write(`${PREFIX}${text}\n`),
    progress: print,
    stop: () => undefined
  }
}

function liveReporter({ stderr, now = Date.now }: ReporterOptions): Reporter {
  let last: { progress: WaitProgress; at: number } | null = null
  let frame = 0
  let timer: ReturnType<typeof setInterval> | null = null

  const render = (): void => {
    if (last === null) return
    const elapsed = last.progress.elapsedMs + (now() - last.at)
    const spinner = SPINNER[frame++ % SPINNER.length]
    stderr.write(
      `${CLEAR_LINE}${spinner} ${describe({ ...last.progress, elapsedMs: elapsed }, now() - last.at)}`
    )
  }
  const clear = (): void => {
    if (last !== null) stderr.write(CLEAR_LINE)
  }
  const stop = (): void => {
    if (timer !== null) clearInterval(timer)
    timer = null
    clear()
    last = null
  }

  return {
    note: text => {
      clear()
      stderr.write(`${PREFIX}${text}\n`)
      render()
    },
    progress: progress => {
      if (progress.nextPollMs === null) {
        stop()
        stderr.write(`${PREFIX}${describe(progress)}\n`)
        return
      }
      last = { progress, at: now() }
      if (timer === null) {
        timer = setInterval(render, TICK_MS)
        // Never the reason the process stays alive.
        timer.unref()
      }
      render()
    },
    stop
  }
}

/** `task ck1 is PROGRESS (12s elapsed, 4 polls; next check in 5s)`. */
function describe(progress: WaitProgress, sinceMs = 0): string {
  const status = progress.status ?? 'pending'
  const polls = `${progress.polls} poll${progress.polls === 1 ? '' : 's'}`
  if (progress.nextPollMs === null) {
    return `task ${progress.taskId} is ${status} after ${formatMs(progress.elapsedMs)} (${polls})`
  }
  const next = Math.max(0, progress.nextPollMs - sinceMs)
  return `task ${progress.taskId} is ${status} (${formatMs(progress.elapsedMs)} elapsed, ${polls}; next check in ${formatMs(next)})`
}
