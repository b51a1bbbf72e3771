import type { ModelName, Payload } from './models.js'
import type { DurationOverride } from './options.js'

/** Generation times observed on the live service, in simulated seconds. */
const T2V_SECONDS = { '5': 390, '8': 480 } as const
const OTHER_MODEL_SECONDS = 210
/** Share of a task's life spent waiting in SUBMITTED (the only cancellable state). */
const SUBMITTED_SHARE = 0.15

export const MINUTE_MS = 60_000
export const DAY_MS = 24 * 60 * MINUTE_MS

/** How generation times are drawn, as `/__sim/stats` reports it. */
export type DurationDistribution =
  | {
      kind: 'log-normal'
      /** Sigma of the underlying normal: about the relative spread (0.3 = ~30 %). */
      spread: number
      /** Null when the draws come from Math.random. */
      seed: number | null
      /** Each model's median generation time, simulated seconds. */
      medianSeconds: Record<string, number>
    }
  | { kind: 'fixed'; submittedMs: number; totalMs: number }

/** Converts simulated time to real time: `speed` simulated seconds pass per real second. */
export class TimeScale {
  constructor(
    private readonly speed: number,
    private readonly override: DurationOverride | undefined,
    private readonly spread: number,
    private readonly seed: number | undefined,
    private readonly random: () => number
  ) {}

  realMs(simulatedMs: number): number {
    return simulatedMs / this.speed
  }

  /**
   * Real milliseconds a new task spends SUBMITTED, and until it is COMPLETED or FAILED:
   * log-normal around the model's typical time, so completions spread out as upstream's do.
   */
  taskDurations(model: ModelName, payload: Payload): DurationOverride {
    if (this.override) return this.override
    const totalMs = this.realMs(medianSeconds(model, payload) * 1000 * this.drawFactor())
    return { submittedMs: totalMs * SUBMITTED_SHARE, totalMs }
  }

  distribution(): DurationDistribution {
    if (this.override) return { kind: 'fixed', ...this.override }
    return {
      kind: 'log-normal',
      spread: this.spread,
      seed: this.seed ?? null,
      medianSeconds: {
        't2v (duration 5)': T2V_SECONDS['5'],
        't2v (duration 8)': T2V_SECONDS['8'],
        'every other model': OTHER_MODEL_SECONDS
      }
    }
  }

  /** exp(spread x a standard normal draw), by Box-Muller; 1 when there is no spread. */
  private drawFactor(): number {
    if (this.spread === 0) return 1
    // 1 - u keeps the logarithm's argument in (0, 1].
    const u1 = 1 - this.random()
    const u2 = this.random()
    const normal = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2)
    return Math.exp(this.spread * normal)
  }
}

function medianSeconds(model: ModelName, payload: Payload): number {
  return model === 't2v' ? T2V_SECONDS[payload.duration === '8' ? '8' : '5'] : OTHER_MODEL_SECONDS
}
