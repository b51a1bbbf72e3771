// The requests the benchmarks' batches cycle through, shared so both measure the same
// generation times.

/** A mix of upstream's typical times: t2v 5 s (390 s), t2v 8 s (480 s), t2v_v3 (210 s). */
export const JOBS = [
  { model: 't2v', payload: { aspectRatio: '16:9', duration: '5' } },
  { model: 't2v', payload: { aspectRatio: '9:16', duration: '8' } },
  { model: 't2v_v3', payload: { aspectRatio: '1:1', duration: '5' } }
]
