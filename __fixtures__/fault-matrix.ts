import type { ErrorCode } from '../src/core/api/error-codes.js'
import type { Fault } from '../src/sim/index.js'

/**
 * The fault matrix of issue 8 as data: for each scenario and phase, how the fault is
 * caused and what the core must answer. `__tests__/reliability/fault-matrix.test.ts`
 * drives and checks every case; `scripts/fault-matrix-report.mjs` renders the same table
 * into docs/fault-matrix.md.
 */

export const PHASES = ['create', 'status', 'detail', 'cancel', 'download'] as const
export type Phase = (typeof PHASES)[number]

/** The simulator route a phase's fault goes to. */
export const PHASE_ROUTE: Record<Phase, Fault['route']> = {
  create: 'create',
  status: 'status',
  detail: 'detail',
  cancel: 'cancel',
  download: 'video'
}

/** Client settings shared by every case, in the time of each case's own FakeClock. */
export const MATRIX_SETTINGS = {
  timeoutMs: 300,
  maxRetries: 3,
  backoff: { baseDelayMs: 5, maxDelayMs: 20, maxRetryAfterMs: 3000 },
  waitTimeoutMs: 2000,
  pollIntervalMs: 50,
  maxPollIntervalMs: 100,
  /** Sim task life for run cases: SUBMITTED for 200 ms, done at 500 ms. */
  durationsMs: { submittedMs: 200, totalMs: 500 },
  /** Cancel cases: long enough in SUBMITTED for every retry to find it cancellable. */
  cancelDurationsMs: { submittedMs: 5000, totalMs: 5500 }
} as const

/** How a case is caused. */
export type Cause =
  /** A simulator fault on the phase's route. */
  | { kind: 'fault'; fault: Omit<Fault, 'route' | 'times'> }
  /**
   * Upstream carries the request out, then the answer is lost on the way back (a proxy
   * cuts the connection): the simulator's own faults never create or cancel anything.
   */
  | { kind: 'lost-answer' }
  /** The client points at a closed local port. */
  | { kind: 'refused' }
  /** The client points at https://nonexistent.invalid. */
  | { kind: 'dns' }
  /** The task never leaves SUBMITTED (sim `stuck` on create). */
  | { kind: 'stuck' }
  /** The prompt holds `[sim:fail]`: the task ends FAILED (refunded). */
  | { kind: 'task-failed' }
  /** The caller's AbortSignal fires mid-phase (a `latency` fault keeps the phase busy). */
  | { kind: 'abort'; latencyMs?: number }

/** `persistent`: the fault hits every request of the route; `once`: only the first. */
export type Variant = 'persistent' | 'once' | 'single'

export type Outcome = 'ok' | ErrorCode | 'throws AbortError'

export interface Expectation {
  variant: Variant
  outcome: Outcome
  /** The envelope's `status` (undefined: not checked). */
  status?: string | null
  /** Tasks the simulator created in this case (each logical create makes at most 1). */
  created: 0 | 1
  /**
   * The task was created upstream but its answer never reached the client (timeout or
   * abort on create): a re-run with the same Idempotency-Key must return it, unpaid.
   */
  recoveredByRerun?: boolean
  /** The task's final status in the simulator (e.g. CANCEL after a reset cancel answer). */
  simStatus?: string
  note?: string
}

export interface Scenario {
  id: string
  title: string
  cause: Cause
  cells: Partial<Record<Phase, Expectation[]>>
  /** Run wait-timeout (and cancel deadline) when not the default. */
  waitTimeoutMs?: number
  /** Why a phase does not apply. */
  notApplicable?: Partial<Record<Phase, string>>
}

const fault = (f: Omit<Fault, 'route' | 'times'>): Cause => ({ kind: 'fault', fault: f })

const persistent = (outcome: Outcome, extra: Partial<Expectation> = {}): Expectation => ({
  variant: 'persistent',
  outcome,
  created: 1,
  ...extra
})
const once = (outcome: Outcome, extra: Partial<Expectation> = {}): Expectation => ({
  variant: 'once',
  outcome,
  created: 1,
  ...extra
})
const single = (outcome: Outcome, extra: Partial<Expectation> = {}): Expectation => ({
  variant: 'single',
  outcome,
  created: 1,
  ...extra
})

/**
 * A retryable failure: persistent -> `code` at every phase (the task id and last status
 * kept), once -> recovered by the retry. Faults on create never create a task.
 */
function retryable(code: ErrorCode, cancelSimStatus = 'SUBMITTED'): Scenario['cells'] {
  return {
    create: [persistent(code, { created: 0, status: null }), once('ok')],
    status: [persistent(code, { status: 'SUBMITTED' }), once('ok', { status: 'COMPLETED' })],
    detail: [persistent(code, { status: 'COMPLETED' }), once('ok', { status: 'COMPLETED' })],
    cancel: [
      persistent(code, { simStatus: cancelSimStatus }),
      once('ok', { status: 'CANCEL', simStatus: 'CANCEL' })
    ],
    download: [
      persistent('NETWORK_ERROR', {
        status: 'COMPLETED',
        note: 'downloadFile retries within the run deadline'
      }),
      once('ok', { status: 'COMPLETED' })
    ]
  }
}

const WHOLE_HOST = 'the whole host is unreachable: the create/status/cancel cases cover it'

export const SCENARIOS: Scenario[] = [
  {
    id: 'refused',
    title: 'connection refused',
    cause: { kind: 'refused' },
    cells: {
      create: [single('NETWORK_ERROR', { created: 0, status: null })],
      status: [single('NETWORK_ERROR', { note: 'resume with task id' })],
      cancel: [single('NETWORK_ERROR', { simStatus: 'SUBMITTED' })]
    },
    notApplicable: { detail: WHOLE_HOST, download: WHOLE_HOST }
  },
  {
    id: 'dns',
    title: 'DNS failure (nonexistent.invalid)',
    cause: { kind: 'dns' },
    cells: {
      create: [single('NETWORK_ERROR', { created: 0, status: null })],
      status: [single('NETWORK_ERROR', { note: 'resume with task id' })],
      cancel: [single('NETWORK_ERROR', { simStatus: 'SUBMITTED' })]
    },
    notApplicable: { detail: WHOLE_HOST, download: WHOLE_HOST }
  },
  {
    id: 'reset',
    title: 'connection reset mid-body',
    cause: fault({ kind: 'reset-mid-body' }),
    // The sim performs the cancel, then cuts its answer: the task is cancelled anyway.
    cells: retryable('NETWORK_ERROR', 'CANCEL')
  },
  {
    id: 'drop',
    title: 'dropped connection',
    cause: fault({ kind: 'drop' }),
    cells: retryable('NETWORK_ERROR')
  },
  {
    id: 'lost-answer',
    title: 'answer lost after upstream acted (proxy)',
    cause: { kind: 'lost-answer' },
    cells: {
      create: [
        persistent('NETWORK_ERROR', {
          status: null,
          recoveredByRerun: true,
          note: 'the task exists upstream; the same Idempotency-Key returns it, unpaid'
        }),
        once('ok', { note: 'the retry replays the task (idempotentReplay)' })
      ],
      cancel: [
        persistent('NETWORK_ERROR', { simStatus: 'CANCEL' }),
        once('ok', { status: 'CANCEL', simStatus: 'CANCEL', note: 'cancelling twice is harmless' })
      ]
    },
    notApplicable: {
      status: 'a lost read answer is a dropped connection',
      detail: 'a lost read answer is a dropped connection',
      download: 'a lost read answer is a dropped connection'
    }
  },
  {
    id: 'timeout',
    title: 'request timeout (latency 700 ms > timeout 300 ms)',
    cause: fault({ kind: 'latency', delayMs: 700 }),
    cells: {
      create: [
        persistent('NETWORK_ERROR', {
          created: 0,
          status: null,
          note: 'the sim drops a create whose client gave up (SIM-1); see lost-answer'
        }),
        once('ok')
      ],
      status: [persistent('TIMEOUT', { status: 'SUBMITTED' }), once('ok', { status: 'COMPLETED' })],
      detail: [
        persistent('NETWORK_ERROR', { status: 'COMPLETED' }),
        once('ok', { status: 'COMPLETED' })
      ],
      // Each delayed cancel still runs upstream once its latency is over.
      cancel: [
        persistent('NETWORK_ERROR', { simStatus: 'CANCEL' }),
        once('ok', { status: 'CANCEL', simStatus: 'CANCEL' })
      ],
      download: [
        persistent('ok', {
          status: 'COMPLETED',
          note: 'a download has its own 30 s idle timeout; 700 ms is slow, not a timeout'
        })
      ]
    }
  },
  {
    id: 'slow-drip',
    title: 'slow-drip body past the timeout',
    cause: fault({ kind: 'slow-drip', delayMs: 100, totalMs: 1500 }),
    // Room for the 1.5 s drip of the video after the task completes, so the download cell
    // shows the drip (not the deadline) whatever the machine's load.
    waitTimeoutMs: 4000,
    cells: {
      create: [persistent('NETWORK_ERROR', { created: 0, status: null }), once('ok')],
      status: [persistent('TIMEOUT', { status: 'SUBMITTED' }), once('ok', { status: 'COMPLETED' })],
      detail: [
        persistent('NETWORK_ERROR', { status: 'COMPLETED' }),
        once('ok', { status: 'COMPLETED' })
      ],
      cancel: [
        persistent('NETWORK_ERROR', { simStatus: 'CANCEL' }),
        once('ok', { status: 'CANCEL', simStatus: 'CANCEL' })
      ],
      download: [
        persistent('ok', {
          status: 'COMPLETED',
          note: 'body keeps arriving, so the idle timeout never fires; the small file ends inside the run deadline, which bounds the download'
        })
      ]
    }
  },
  ...[500, 502, 503, 504].map((status): Scenario => ({
    id: `http-${status}`,
    title: `HTTP ${status}`,
    cause: fault({ kind: 'http-error', status }),
    cells: retryable(status === 500 ? 'UNKNOWN_ERROR' : 'NETWORK_ERROR')
  })),
  {
    id: 'html',
    title: 'HTML error page (502)',
    cause: fault({ kind: 'html' }),
    cells: retryable('NETWORK_ERROR')
  },
  ...(['seconds', 'http-date', 'none'] as const).map((retryAfter): Scenario => ({
    id: `429-${retryAfter}`,
    title: `429, Retry-After ${retryAfter === 'none' ? 'absent' : retryAfter === 'seconds' ? '1 (seconds)' : 'HTTP date'}`,
    cause: fault({ kind: 'rate-limit', retryAfter, retryAfterSeconds: 1 }),
    // An HTTP-date Retry-After is rounded up to a whole second: up to 2 s for "1 s".
    waitTimeoutMs: 3500,
    cells: {
      create: [persistent('RATE_LIMITED', { created: 0, status: null }), once('ok')],
      status: [
        // A Retry-After that would pass the deadline ends the wait at once.
        retryAfter === 'none'
          ? persistent('TIMEOUT', { status: 'SUBMITTED' })
          : persistent('RATE_LIMITED', { status: 'SUBMITTED' }),
        once('ok', { status: 'COMPLETED' })
      ],
      detail: [
        persistent('RATE_LIMITED', { status: 'COMPLETED' }),
        once('ok', { status: 'COMPLETED' })
      ],
      cancel: [
        persistent('RATE_LIMITED', { simStatus: 'SUBMITTED' }),
        once('ok', { status: 'CANCEL', simStatus: 'CANCEL' })
      ],
      download: [
        persistent('NETWORK_ERROR', {
          status: 'COMPLETED',
          note: 'downloadFile honours Retry-After within the run deadline'
        }),
        once('ok', { status: 'COMPLETED' })
      ]
    }
  })),
  {
    id: 'failed-200',
    title: '200 with {"status":"FAILED"}',
    cause: fault({ kind: 'failed-200' }),
    cells: {
      create: [single('UNKNOWN_ERROR', { created: 0, status: null, note: 'not retried' })],
      status: [
        single('TASK_FAILED', {
          status: 'FAILED',
          note: 'on task queries a bare status is the task status (contract)'
        })
      ],
      detail: [
        single('UNKNOWN_ERROR', {
          status: 'COMPLETED',
          note: 'COMPLETED but the detail has no result link'
        })
      ],
      cancel: [single('UNKNOWN_ERROR', { simStatus: 'SUBMITTED' })],
      download: [
        single('DOWNLOAD_REFUSED', {
          status: 'COMPLETED',
          note: 'a JSON page where the video should be is refused; nothing is saved'
        })
      ]
    }
  },
  {
    id: 'truncated-json',
    title: 'truncated JSON',
    cause: fault({ kind: 'truncated-json' }),
    cells: {
      create: [persistent('UNKNOWN_ERROR', { created: 0, status: null }), once('ok')],
      status: [
        persistent('UNKNOWN_ERROR', { status: 'SUBMITTED' }),
        once('ok', { status: 'COMPLETED' })
      ],
      detail: [
        persistent('UNKNOWN_ERROR', { status: 'COMPLETED' }),
        once('ok', { status: 'COMPLETED' })
      ],
      cancel: [
        persistent('UNKNOWN_ERROR', { simStatus: 'CANCEL' }),
        once('ok', { status: 'CANCEL', simStatus: 'CANCEL' })
      ]
    },
    notApplicable: {
      download:
        'a body cut short with a matching Content-Length cannot be told from a whole file (no checksum upstream)'
    }
  },
  {
    id: 'stuck',
    title: 'task stuck in SUBMITTED',
    cause: { kind: 'stuck' },
    cells: {
      status: [single('TIMEOUT', { status: 'SUBMITTED', simStatus: 'SUBMITTED' })],
      cancel: [single('ok', { status: 'CANCEL', simStatus: 'CANCEL' })]
    },
    notApplicable: {
      create: 'the task is created normally',
      detail: 'never reached: the wait ends at the deadline',
      download: 'never reached: the wait ends at the deadline'
    }
  },
  {
    id: 'task-failed',
    title: 'task goes FAILED ([sim:fail])',
    cause: { kind: 'task-failed' },
    cells: {
      status: [single('TASK_FAILED', { status: 'FAILED', simStatus: 'FAILED' })],
      cancel: [single('TASK_NOT_CANCELLABLE', { status: 'FAILED', simStatus: 'FAILED' })]
    },
    notApplicable: {
      create: 'the task is created normally',
      detail: 'covered by the status case (detail read for the failure reason)',
      download: 'never reached: a FAILED task has no video'
    }
  },
  {
    id: 'unknown-status',
    title: 'unknown status string',
    cause: fault({ kind: 'unknown-status' }),
    cells: {
      status: [
        persistent('UNKNOWN_ERROR', { status: 'QUEUED_EXTERNAL' }),
        once('ok', { status: 'COMPLETED' })
      ],
      detail: [
        persistent('ok', {
          status: 'COMPLETED',
          note: 'the status endpoint said COMPLETED and the detail has the link'
        })
      ]
    },
    notApplicable: {
      create: 'statuses come from task queries',
      cancel: 'the sim refuses unknown-status on cancel',
      download: 'statuses come from task queries'
    }
  },
  {
    id: 'abort',
    title: 'abort mid-phase (AbortSignal)',
    cause: { kind: 'abort', latencyMs: 1000 },
    cells: {
      create: [
        single('ABORTED', {
          created: 1,
          status: 'SUBMITTED',
          note: 'aborted while the create was in flight: it gets 5 s to answer, so the task id comes back to cancel by'
        })
      ],
      status: [single('ABORTED', { status: 'SUBMITTED' })],
      detail: [single('ABORTED', { status: 'COMPLETED' })],
      cancel: [
        single('throws AbortError', {
          simStatus: 'CANCEL',
          note: 'client methods throw only on abort (contract)'
        })
      ],
      download: [single('ABORTED', { status: 'COMPLETED', note: 'no partial file left' })]
    }
  }
]

/** What one case observed, for the printed matrix. */
export interface CaseResult {
  scenario: string
  phase: Phase
  variant: Variant
  outcome: string
  elapsedMs: number
}

function shortVariant(variant: Variant): string {
  return variant === 'single' ? '' : `${variant}: `
}

/** `persistent: NETWORK_ERROR; once: ok`, from expectations or results. */
export function describeCell(
  scenario: Scenario,
  phase: Phase,
  results?: readonly CaseResult[]
): string {
  const expected = scenario.cells[phase]
  if (expected === undefined) return 'n/a'
  return expected
    .map(e => {
      const seen = results?.find(
        r => r.scenario === scenario.id && r.phase === phase && r.variant === e.variant
      )
      const outcome = seen?.outcome ?? e.outcome
      const flag = e.recoveredByRerun ? ' (task recovered by re-run)' : ''
      return `${shortVariant(e.variant)}${outcome}${flag}`
    })
    .join('; ')
}

/** The matrix as a Markdown table: scenario rows, phase columns. */
export function renderMatrix(results?: readonly CaseResult[]): string {
  const header = `| scenario | ${PHASES.join(' | ')} |`
  const rule = `| --- | ${PHASES.map(() => '---').join(' | ')} |`
  const rows = SCENARIOS.map(
    s => `| ${s.title} | ${PHASES.map(p => describeCell(s, p, results)).join(' | ')} |`
  )
  return [header, rule, ...rows].join('\n')
}

/** Number of cases (scenario x phase x variant) the matrix runs. */
export function countCases(): number {
  return SCENARIOS.reduce(
    (sum, s) => sum + Object.values(s.cells).reduce((n, cell) => n + (cell?.length ?? 0), 0),
    0
  )
}

/** One line per case that carries a note, and per phase that does not apply. */
export function renderNotes(): string {
  const lines: string[] = []
  for (const s of SCENARIOS) {
    for (const phase of PHASES) {
      for (const e of s.cells[phase] ?? []) {
        if (e.note) {
          const variant = e.variant === 'single' ? '' : ` (${e.variant})`
          lines.push(`- **${s.title} x ${phase}${variant}**: ${e.note}`)
        }
      }
      const reason = s.notApplicable?.[phase]
      if (reason) lines.push(`- ${s.title} x ${phase}: n/a, ${reason}`)
    }
  }
  return lines.join('\n')
}
