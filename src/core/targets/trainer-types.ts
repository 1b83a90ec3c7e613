/**
 * Edge trainers for cut training (docs/cut-training.md): the Linux-class devices a cut network's blocks train on
 * (Raspberry Pi class boards, Jetsons, laptops), each with the figures of the per-layer training cost model
 * (pipelines/cut/train-cost.ts) and the link to the next device. Every figure carries its value, its kind
 * ('datasheet', 'measurement', 'assumption') and the words it was read from, as the board catalog's do.
 *
 * Cost of one training step (forward + backward + Adam) of one layer on a batch of B samples:
 *   overheadUs · 1e-6 + B · (denseMacs / (gmacPerS · 1e9) + depthwiseMacs / (depthwiseGmacPerS · 1e9)
 *                            + 4 · (input + output elements) / (activationGBps · 1e9))
 *   + params / (updateMParamsPerS · 1e6)                                                            seconds
 * (the last term: Adam's step and the gradient zeroing, per parameter, independent of the batch).
 * MACs are the forward pass's (the estimator's); the throughputs are EFFECTIVE training throughputs (forward MACs
 * trained per second), far below a chip's peak.
 */
import type { Figure } from './types.ts'

export type TrainerKind = 'cpu' | 'gpu'

export interface TrainerLink {
  name: string
  /** Payload throughput to the next device (bit/s). */
  bandwidthBps: number
  /** Fixed time per message (ms): one round of the transport's handshake/ack. */
  latencyMs: number
}

export interface Trainer {
  id: string
  name: string
  kind: TrainerKind
  /** What the throughputs assume, e.g. 'PyTorch 1.13 CPU, 1 thread'. */
  runtime: string
  gmacPerS: number
  depthwiseGmacPerS: number
  activationGBps: number
  updateMParamsPerS: number
  overheadUs: number
  memoryBytes: number
  link: TrainerLink
  figures: { dense: Figure; depthwise: Figure; activation: Figure; update: Figure; overhead: Figure; memory: Figure; bandwidth: Figure; latency: Figure }
  custom?: boolean
  notes?: string
}
