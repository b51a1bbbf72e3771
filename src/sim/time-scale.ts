import type { ModelName, Payload } from './models.js'
import type { DurationOverride } from './options.js'

/** Generation times observed on the live service, in simulated seconds. */
const T2V_SECONDS = { '5': 390, '8': 480 } as const
const OTHER_MODEL_SECONDS = 210
/** Share of a task's life spent waiting in SUBMITTED (the only cancellable state). */
const SUBMITTED_SHARE = 0.15

export const MINUTE_MS = 60_000
export const DAY_MS = 24 * 60 * MINUTE_MS

/** Converts simulated time to real time: `speed` simulated seconds pass per real second. */
export class TimeScale {
  constructor(
    private readonly speed: number,
    private readonly override: DurationOverride | undefined
  ) {}

  realMs(simulatedMs: number): number {
    return simulatedMs / this.speed
  }

  /** Real milliseconds a new task spends SUBMITTED, and until it is COMPLETED or FAILED. */
  taskDurations(model: ModelName, payload: Payload): DurationOverride {
    if (this.override) return this.override
    const seconds =
      model === 't2v' ? T2V_SECONDS[payload.duration === '8' ? '8' : '5'] : OTHER_MODEL_SECONDS
    const totalMs = this.realMs(seconds * 1000)
    return { submittedMs: totalMs * SUBMITTED_SHARE, totalMs }
  }
}
