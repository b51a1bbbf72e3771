/**
 * The trials of the crash-safety test (__tests__/reliability/crash-safety.test.ts) and the
 * table docs/crash-safety.md shows (scripts/crash-safety-report.mjs renders it from here,
 * so the doc cannot drift from what the test runs). Seeded: the same seed gives the same
 * trials, kill moments included.
 */
import { createRandomSource } from '../src/sim/random-source.js'

export const CRASH_SEED = 12_2026

export const FACES = ['action', 'cli'] as const
export const MODES = ['single', 'batch'] as const
export const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGKILL'] as const
export const PHASES = ['create', 'wait', 'download'] as const
/**
 * How upstream carries out creates: at once, or late (each create 2 to 20 simulated
 * seconds after it arrives, the simulator's `late` fault, seeded per trial), so a kill
 * often lands while upstream still holds the create and makes its task afterwards.
 */
export const CREATE_TIMINGS = ['prompt', 'late'] as const

/**
 * What the key's task list holds besides the run's own tasks: nothing, or a hostile history
 * (`HISTORY_TASKS` finished tasks of other requests, plus live neighbours made to look like
 * this request's: the same prompt under other keys, and other prompts under 1.x lineage
 * tails of this request's keys). A task of one request must never be taken for another's.
 */
export const HISTORIES = ['none', 'hostile'] as const
/** Finished tasks of other requests in the key's list in hostile-history trials. */
export const HISTORY_TASKS = 10_000
/** The phases a hostile-history trial is killed in: where a lookup by key happens. */
export const HISTORY_PHASES = ['create', 'wait'] as const

export type Face = (typeof FACES)[number]
export type Mode = (typeof MODES)[number]
export type KillSignal = (typeof SIGNALS)[number]
export type Phase = (typeof PHASES)[number]
export type CreateTiming = (typeof CREATE_TIMINGS)[number]
export type History = (typeof HISTORIES)[number]

/** How many trials each (face, mode, signal, phase) gets. */
export const REPEATS = 2

/** How long each phase stays open (simulator latency and task durations), in ms. */
export const PHASE_WINDOW_MS: Record<Phase, number> = { create: 400, wait: 900, download: 400 }

/** Simulator speed of late-create trials: 2 to 20 simulated seconds are 200 to 2000 ms. */
export const LATE_CREATE_SPEED = 10

export interface CrashTrial {
  /** 1-based, in plan order; names the trial in failures. */
  index: number
  face: Face
  mode: Mode
  signal: KillSignal
  phase: Phase
  creates: CreateTiming
  history: History
  /** When the process is killed: this long after the phase's first request arrives. */
  killAfterMs: number
}

/** The phases a mode has: batch runs download nothing. */
export function phasesOf(mode: Mode): readonly Phase[] {
  return mode === 'batch' ? PHASES.filter(phase => phase !== 'download') : PHASES
}

/**
 * Every (face, mode, signal, phase) REPEATS times with prompt creates, each at its own
 * random moment; then every (face, mode, signal) REPEATS times killed during a late create;
 * then every (face, mode, signal) once per HISTORY_PHASES phase with a hostile history.
 * New kinds come last, so the earlier trials keep the moments they always had.
 */
export function crashPlan(seed = CRASH_SEED): CrashTrial[] {
  const random = createRandomSource(seed)
  const trials: CrashTrial[] = []
  const add = (
    trial: Omit<CrashTrial, 'index' | 'killAfterMs' | 'history'>,
    history: History = 'none'
  ): void => {
    const killAfterMs = Math.floor(random() * PHASE_WINDOW_MS[trial.phase])
    trials.push({ index: trials.length + 1, ...trial, history, killAfterMs })
  }
  for (const face of FACES) {
    for (const mode of MODES) {
      for (const signal of SIGNALS) {
        for (const phase of phasesOf(mode)) {
          for (let repeat = 0; repeat < REPEATS; repeat++) {
            add({ face, mode, signal, phase, creates: 'prompt' })
          }
        }
      }
    }
  }
  for (const face of FACES) {
    for (const mode of MODES) {
      for (const signal of SIGNALS) {
        for (let repeat = 0; repeat < REPEATS; repeat++) {
          add({ face, mode, signal, phase: 'create', creates: 'late' })
        }
      }
    }
  }
  for (const face of FACES) {
    for (const mode of MODES) {
      for (const signal of SIGNALS) {
        for (const phase of HISTORY_PHASES)
          add({ face, mode, signal, phase, creates: 'prompt' }, 'hostile')
      }
    }
  }
  return trials
}

/** What one trial found, per logical request, summed over its requests. */
export interface TrialOutcome {
  trial: CrashTrial
  /** Logical requests (1, or 3 for a batch). */
  requests: number
  /** Requests with more than one live (SUBMITTED or PROGRESS) task at any check. */
  multipleLive: number
  /** SUBMITTED tasks nobody claims after the post step (or the CLI's own handler). */
  unclaimedSubmitted: number
  /** Tasks created upstream whose id appears in no output, state or log. */
  lostIds: number
  /** Requests whose credits charged minus refunded is not one price per finished video. */
  creditMismatches: number
  /** Requests that paid more than one price per finished video (a subset of the mismatches). */
  doubleCharges: number
  /**
   * Tasks of other requests (hostile-history neighbours) that this request's steps
   * cancelled, resumed, or named in any log, output or state.
   */
  crossings: number
  /** Whether the process was still running when the kill came. */
  killed: boolean
}

export const INVARIANTS = [
  ['multipleLive', 'more than one live task'],
  ['unclaimedSubmitted', 'SUBMITTED left unclaimed'],
  ['lostIds', 'task ids lost'],
  ['creditMismatches', 'charged - refunded != price x videos']
] as const

/** The late-create table's columns: double charges first, as the rule they prove. */
export const LATE_INVARIANTS = [
  ['doubleCharges', 'double charges'],
  ['unclaimedSubmitted', 'SUBMITTED left unclaimed'],
  ['multipleLive', 'more than one live task'],
  ['lostIds', 'task ids lost'],
  ['creditMismatches', 'charged - refunded != price x videos']
] as const

/** The hostile-history table's columns: tasks crossing requests first, as the rule they prove. */
export const HISTORY_INVARIANTS = [
  ['crossings', 'tasks crossing requests'],
  ['doubleCharges', 'double charges'],
  ['unclaimedSubmitted', 'SUBMITTED left unclaimed'],
  ['multipleLive', 'more than one live task'],
  ['lostIds', 'task ids lost'],
  ['creditMismatches', 'charged - refunded != price x videos']
] as const

/** How one of the doc's tables is made: which trials, which trial-count columns, which invariants. */
interface TableSpec {
  belongs: (trial: CrashTrial) => boolean
  /** Columns counting the group's trials: a title and what a group shows in it. */
  trialColumns: readonly (readonly [string, (group: readonly CrashTrial[]) => string])[]
  invariants: readonly (readonly [InvariantField, string])[]
}

type InvariantField =
  | 'multipleLive'
  | 'unclaimedSubmitted'
  | 'lostIds'
  | 'creditMismatches'
  | 'doubleCharges'
  | 'crossings'

/**
 * One row per (face, mode, signal) of the spec's trials: its trial columns, then each
 * invariant's count. Without outcomes, the counts are what the test asserts: 0.
 */
function renderTable(
  spec: TableSpec,
  plan: readonly CrashTrial[],
  outcomes?: readonly TrialOutcome[]
): string {
  const titles = [
    ...spec.trialColumns.map(([title]) => title),
    ...spec.invariants.map(([, title]) => title)
  ]
  const header = `| face | mode | signal | ${titles.join(' | ')} |`
  const rule = `|${' --- |'.repeat(3 + titles.length)}`
  const rows: string[] = []
  for (const face of FACES) {
    for (const mode of MODES) {
      for (const signal of SIGNALS) {
        const group = plan.filter(
          t => t.face === face && t.mode === mode && t.signal === signal && spec.belongs(t)
        )
        const found = outcomes?.filter(o => group.includes(o.trial))
        const cells = [
          ...spec.trialColumns.map(([, show]) => show(group)),
          ...spec.invariants.map(([field]) =>
            String(found ? found.reduce((sum, o) => sum + o[field], 0) : 0)
          )
        ]
        rows.push(`| ${face} | ${mode} | ${signal} | ${cells.join(' | ')} |`)
      }
    }
  }
  return [header, rule, ...rows].join('\n')
}

/** A column counting the group's trials killed in `phase` ('n/a' when the mode has none). */
function killedIn(phase: Phase): readonly [string, (group: readonly CrashTrial[]) => string] {
  return [
    `killed in ${phase}`,
    group => {
      const count = group.filter(t => t.phase === phase).length
      return count === 0 ? 'n/a' : String(count)
    }
  ]
}

/** The trials with prompt creates on a fresh key: trials per phase, then each invariant. */
export function renderCrashTable(
  plan: readonly CrashTrial[],
  outcomes?: readonly TrialOutcome[]
): string {
  return renderTable(
    {
      belongs: t => t.creates === 'prompt' && t.history === 'none',
      trialColumns: PHASES.map(killedIn),
      invariants: INVARIANTS
    },
    plan,
    outcomes
  )
}

/** The trials killed while upstream held a late create: trials, then each invariant. */
export function renderLateCreateTable(
  plan: readonly CrashTrial[],
  outcomes?: readonly TrialOutcome[]
): string {
  return renderTable(
    {
      belongs: t => t.creates === 'late',
      trialColumns: [['killed in a late create', group => String(group.length)]],
      invariants: LATE_INVARIANTS
    },
    plan,
    outcomes
  )
}

/** The trials beside a hostile history: trials per phase, then each invariant. */
export function renderHistoryTable(
  plan: readonly CrashTrial[],
  outcomes?: readonly TrialOutcome[]
): string {
  return renderTable(
    {
      belongs: t => t.history === 'hostile',
      trialColumns: HISTORY_PHASES.map(killedIn),
      invariants: HISTORY_INVARIANTS
    },
    plan,
    outcomes
  )
}
