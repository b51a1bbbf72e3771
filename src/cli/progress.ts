import { throttleProgress } from '../core/watch/progress-throttle.js'
import { formatMs, type WaitProgress } from '../core/watch/wait.js'
import type { TextSink } from './redaction.js'
import { terminalText } from './terminal-text.js'

/** Where a batch stands after a polling cycle. */
export interface BatchStanding {
  items: number
  /** Items finished, ok or not. */
  done: number
  failed: number
  elapsedMs: number
  /** Null once nothing is left to poll. */
  nextPollMs: number | null
}

/** Everything the CLI says on stderr: remarks, and the progress of a wait. */
export interface Reporter {
  /** One remark on its own line (task created, retrying, cancelled, how to resume). */
  note(text: string): void
  /** Told after every poll (run's onProgress). */
  progress(progress: WaitProgress): void
  /** Told after every polling cycle of a batch. */
  batch(standing: BatchStanding): void
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
 * Every line of text passes `terminalText`, so upstream text carries no escape sequence;
 * the only control codes written are the live line's own (`CLEAR_LINE`).
 *
 * Picks the stderr style: nothing with --quiet; on a terminal a single spinner line that
 * updates in place (`\r` + clear) between polls; otherwise plain, throttled lines, as CI
 * logs show every byte.
 */
export function createReporter(options: ReporterOptions): Reporter {
  if (options.quiet) {
    const ignore = (): void => undefined
    return { note: ignore, progress: ignore, batch: ignore, stop: ignore }
  }
  return options.isTTY ? liveReporter(options) : plainReporter(options)
}

function plainReporter({ stderr, now = Date.now }: ReporterOptions): Reporter {
  const print = throttleProgress(
    progress => stderr.write(`${PREFIX}${terminalText(describe(progress))}\n`),
    PLAIN_LINE_INTERVAL_MS,
    now
  )
  let lastBatchLine = -Infinity
  return {
    note: text => stderr.write(`${PREFIX}${terminalText(text)}\n`),
    progress: progress => {
      if (!endedUnread(progress)) print(progress)
    },
    // Item events have lines of their own; the summary only says the batch is alive.
    batch: standing => {
      if (standing.nextPollMs === null || now() - lastBatchLine < PLAIN_LINE_INTERVAL_MS) return
      lastBatchLine = now()
      stderr.write(`${PREFIX}${terminalText(describeBatch(standing))}\n`)
    },
    stop: () => undefined
  }
}

function liveReporter({ stderr, now = Date.now }: ReporterOptions): Reporter {
  /** The live line, given the time since it was set (counts down to the next poll). */
  let last: { line: (sinceMs: number) => string; at: number } | null = null
  let frame = 0
  let timer: ReturnType<typeof setInterval> | null = null

  const render = (): void => {
    if (last === null) return
    const spinner = SPINNER[frame++ % SPINNER.length]
    stderr.write(`${CLEAR_LINE}${spinner} ${terminalText(last.line(now() - last.at))}`)
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
  const show = (line: (sinceMs: number) => string): void => {
    last = { line, at: now() }
    if (timer === null) {
      timer = setInterval(render, TICK_MS)
      // Never the reason the process stays alive.
      timer.unref()
    }
    render()
  }

  return {
    note: text => {
      clear()
      stderr.write(`${PREFIX}${terminalText(text)}\n`)
      render()
    },
    progress: progress => {
      if (progress.nextPollMs === null) {
        stop()
        if (!endedUnread(progress)) stderr.write(`${PREFIX}${terminalText(describe(progress))}\n`)
        return
      }
      show(since => describe({ ...progress, elapsedMs: progress.elapsedMs + since }, since))
    },
    batch: standing => {
      if (standing.nextPollMs === null) return stop()
      show(since => describeBatch({ ...standing, elapsedMs: standing.elapsedMs + since }, since))
    },
    stop
  }
}

/**
 * The wait ended before any status was read (an unknown task id, say): calling the task
 * "pending" would mislead, and the last line says what happened.
 */
function endedUnread(progress: WaitProgress): boolean {
  return progress.nextPollMs === null && progress.status == null
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

/** `batch: 12/50 done, 3 failed, next poll in 10s (2m elapsed)`. */
function describeBatch(standing: BatchStanding, sinceMs = 0): string {
  const next = Math.max(0, (standing.nextPollMs ?? 0) - sinceMs)
  return `batch: ${standing.done}/${standing.items} done, ${standing.failed} failed, next poll in ${formatMs(next)} (${formatMs(standing.elapsedMs)} elapsed)`
}
