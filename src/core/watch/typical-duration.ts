/**
 * How long upstream usually takes to generate a video, per model, in ms. The watcher
 * polls sparsely until a task can plausibly be done and densely around these times;
 * what it observes during a run corrects them (see `PollSchedule`).
 *
 * Sources: `t2v` with a 5 s video takes about 6.5 minutes on the live service, and
 * another model about 3.5 minutes (public notes of live calls, in upstream-api.md).
 * Every other entry is an ESTIMATE: `t2v` 8 s scaled from 5 s; the rest taken as the
 * 3.5-minute model until someone measures them.
 */
const TYPICAL_SECONDS: Readonly<Record<string, number>> = {
  t2v: 390,
  /** Estimate: scaled from the 5 s figure. */
  't2v:8': 480,
  /** Estimates: the "other model" figure of 3.5 minutes. */
  i2v: 210,
  lv: 210,
  t2v_v3: 210,
  i2v_v3: 210,
  minimax: 210,
  seedance20: 210,
  wan27: 210,
  happyhorse: 210
}

/** The typical generation time of `model` for this payload; null for a model not in the table. */
export function typicalDurationMs(model: string, payload?: unknown): number | null {
  const duration =
    typeof payload === 'object' && payload !== null
      ? (payload as Record<string, unknown>).duration
      : undefined
  const seconds =
    (model === 't2v' && String(duration) === '8' ? TYPICAL_SECONDS['t2v:8'] : undefined) ??
    (Object.hasOwn(TYPICAL_SECONDS, model) ? TYPICAL_SECONDS[model] : undefined)
  return seconds === undefined ? null : seconds * 1000
}
