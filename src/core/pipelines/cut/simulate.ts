/**
 * The pipeline schedule of one cut-training epoch: M batches flow through N devices. Device k computes a batch (its
 * block and head: c_k seconds) and then sends its cut tensor on (t_k; 0 for the last device) before taking the next
 * batch; it can start batch j when it has finished batch j−1 and device k−1 has sent batch j. With p_k = c_k + t_k:
 *   finish(k, j) = max(finish(k, j−1), finish(k−1, j)) + p_k
 * This is a flow shop with identical jobs, whose makespan has the closed form (the pipeline-bubble formula)
 *   T = Σ_k p_k + (M − 1) · max_k p_k
 * (the test checks the simulation against it). Each device's timeline is compute, transfer and idle time (the fill and
 * drain bubbles, and waiting for a slower neighbour); they add up to T on every device.
 */

export interface Stage {
  /** Seconds per batch: compute (block + head training step) and sending the cut tensor on. */
  compute: number
  transfer: number
}

export type SegmentKind = 'compute' | 'transfer' | 'idle'

export interface Segment {
  kind: SegmentKind
  start: number
  end: number
  batch: number
}

export interface DeviceTimeline {
  device: number
  compute: number
  transfer: number
  idle: number
  /** The segments of the first batches (SimulateOptions.keepBatches), for a close-up chart. */
  segments: Segment[]
}

export interface Schedule {
  batches: number
  makespan: number
  devices: DeviceTimeline[]
}

/** The closed form above. */
export function pipelineMakespan(stages: readonly Stage[], batches: number): number {
  if (batches === 0 || stages.length === 0) return 0
  const p = stages.map((s) => s.compute + s.transfer)
  return p.reduce((a, b) => a + b, 0) + (batches - 1) * Math.max(...p)
}

/** Simulates the schedule batch by batch (O(N·M)). */
export function simulatePipeline(stages: readonly Stage[], batches: number, keepBatches = 8): Schedule {
  const n = stages.length
  const finish = new Array<number>(n).fill(0)
  const busy = stages.map(() => ({ compute: 0, transfer: 0 }))
  const segments: Segment[][] = stages.map(() => [])
  for (let j = 0; j < batches; j++) {
    for (let k = 0; k < n; k++) {
      const ready = k === 0 ? 0 : finish[k - 1]
      const start = Math.max(finish[k], ready)
      const s = stages[k]
      if (j < keepBatches) {
        if (start > finish[k]) segments[k].push({ kind: 'idle', start: finish[k], end: start, batch: j })
        segments[k].push({ kind: 'compute', start, end: start + s.compute, batch: j })
        if (s.transfer > 0) segments[k].push({ kind: 'transfer', start: start + s.compute, end: start + s.compute + s.transfer, batch: j })
      }
      finish[k] = start + s.compute + s.transfer
      busy[k].compute += s.compute
      busy[k].transfer += s.transfer
    }
  }
  const makespan = batches > 0 ? finish[n - 1] : 0
  return {
    batches, makespan,
    devices: stages.map((_, k) => ({ device: k, compute: busy[k].compute, transfer: busy[k].transfer,
      idle: makespan - busy[k].compute - busy[k].transfer, segments: segments[k] })),
  }
}
