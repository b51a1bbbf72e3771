export const FAULT_ROUTES = [
  'create',
  'list',
  'detail',
  'status',
  'cancel',
  'account',
  'quote',
  'video'
] as const

export type FaultRoute = (typeof FAULT_ROUTES)[number]

export const FAULT_KINDS = [
  'latency',
  'http-error',
  'drop',
  'reset-mid-body',
  'failed-200',
  'html',
  'slow-drip',
  'truncated-json',
  'rate-limit',
  'stuck',
  'unknown-status',
  'hostile-fields',
  'late',
  'lost'
] as const

export type FaultKind = (typeof FAULT_KINDS)[number]

/** Kinds that replace the answer; the others only delay or alter a normal answer. */
export type AnsweringFaultKind = Exclude<
  FaultKind,
  'latency' | 'stuck' | 'unknown-status' | 'hostile-fields' | 'late'
>

/** Routes where a kind makes sense; a fault elsewhere would silently never fire. */
const KIND_ROUTES: Partial<Record<FaultKind, readonly FaultRoute[]>> = {
  stuck: ['create'],
  late: ['create'],
  lost: ['create'],
  'unknown-status': ['list', 'detail', 'status'],
  'hostile-fields': ['detail']
}

export interface Fault {
  route: FaultRoute
  kind: FaultKind
  /** How many requests (for `stuck`: created tasks) it affects; default: forever. */
  times?: number
  /** `http-error` (default 500), `html` (default 502), `truncated-json` (default 200). */
  status?: number
  /**
   * `latency` delay (default 500); `slow-drip` pause between pieces (default 200); `late`:
   * how long after it arrives the create is carried out (default: a seeded draw of 2 to 20
   * simulated seconds, scaled by `speed`).
   */
  delayMs?: number
  /** `slow-drip`: time the whole body takes to arrive (default 2000). */
  totalMs?: number
  /** `rate-limit`: how `Retry-After` is sent; default 'seconds'. */
  retryAfter?: 'seconds' | 'http-date' | 'none'
  /** `rate-limit`: the delay it asks for; default 1. */
  retryAfterSeconds?: number
  /** `http-error`: errorCode of the body; default derived from the status. */
  errorCode?: string
  /** `http-error`: message of the body. */
  message?: string
  /**
   * `unknown-status`: the status reported (default QUEUED_EXTERNAL); `hostile-fields`: the
   * text put in the detail's model, output message and error, and credit fields.
   */
  text?: string
}

function refuse(index: number, rule: string): never {
  throw new Error(`Invalid fault #${index}: ${rule}`)
}

function isWhole(value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): boolean {
  return Number.isInteger(value) && (value as number) >= min && (value as number) <= max
}

function parseFault(value: unknown, index: number): Fault {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    refuse(index, 'must be an object')
  }
  const fault = value as Fault
  if (!FAULT_ROUTES.includes(fault.route)) {
    refuse(index, `route must be one of ${FAULT_ROUTES.join(', ')}`)
  }
  if (!FAULT_KINDS.includes(fault.kind)) {
    refuse(index, `kind must be one of ${FAULT_KINDS.join(', ')}`)
  }
  const routes = KIND_ROUTES[fault.kind]
  if (routes && !routes.includes(fault.route)) {
    refuse(index, `${fault.kind} applies to ${routes.join(', ')}`)
  }
  const numbers: [keyof Fault, number, number?][] = [
    ['times', 1],
    ['status', 100, 599],
    ['delayMs', 0],
    ['totalMs', 0],
    ['retryAfterSeconds', 0]
  ]
  for (const [name, min, max] of numbers) {
    if (fault[name] !== undefined && !isWhole(fault[name], min, max)) {
      refuse(index, `${name} must be an integer >= ${min}${max ? ` and <= ${max}` : ''}`)
    }
  }
  for (const name of ['errorCode', 'message', 'text'] as const) {
    if (fault[name] !== undefined && typeof fault[name] !== 'string') {
      refuse(index, `${name} must be a string`)
    }
  }
  const retryAfter = fault.retryAfter
  if (retryAfter !== undefined && !['seconds', 'http-date', 'none'].includes(retryAfter)) {
    refuse(index, 'retryAfter must be seconds, http-date or none')
  }
  return { ...fault }
}

/** Checks a list of faults (from options or over HTTP); throws an Error naming the bad entry. */
export function parseFaults(value: unknown): Fault[] {
  if (!Array.isArray(value)) throw new Error('Faults must be a JSON array')
  return value.map(parseFault)
}

interface ActiveFault {
  fault: Fault
  remaining: number
}

/** The faults in force; each use of a fault counts against its `times`. */
export class FaultRegistry {
  private active: ActiveFault[] = []

  set(faults: Fault[]): void {
    this.active = parseFaults(faults).map(fault => ({ fault, remaining: fault.times ?? Infinity }))
  }

  clear(): void {
    this.active = []
  }

  /** The first fault of one of these kinds on the route, used up once; undefined if none. */
  take<K extends FaultKind>(
    route: FaultRoute,
    kinds: readonly K[]
  ): (Fault & { kind: K }) | undefined {
    const entry = this.active.find(
      a => a.fault.route === route && (kinds as readonly FaultKind[]).includes(a.fault.kind)
    )
    if (entry === undefined) return undefined
    entry.remaining -= 1
    if (entry.remaining <= 0) this.active = this.active.filter(a => a !== entry)
    return entry.fault as Fault & { kind: K }
  }
}

export const ANSWERING_FAULT_KINDS: readonly AnsweringFaultKind[] = [
  'http-error',
  'drop',
  'reset-mid-body',
  'failed-200',
  'html',
  'slow-drip',
  'truncated-json',
  'rate-limit',
  'lost'
]
