/**
 * Types of the train job (train-job.ts; registered in jobs.ts): what the Train tab sends, the progress detail it
 * draws its curves from, and the result it applies. Plain structured-cloneable data.
 */
import type { Rounding } from '../core/quant/fixed-point.ts'
import type { Int8EngineId } from '../core/engine/int8-engines.ts'
import type { TrainingEpoch, TrainingRun } from '../core/ir/training-run.ts'
import type { Graph } from '../core/ir/types.ts'
import type { TrainCheckpoint, TrainOptions } from '../core/pipelines/train/train-graph.ts'
import type { QuantScheme } from '../core/quant/scheme.ts'
import type { TrainingSource } from './training-data.ts'

/** Where TensorFlow.js runs: 'auto' = WebGPU when an adapter exists, else WebGL, else the CPU. */
export type TrainBackendChoice = 'auto' | 'webgpu' | 'webgl' | 'cpu'

export interface TrainJobInput {
  /** The float graph to train from (an int8 graph stands in with its dequantized weights). */
  graph: Graph
  scheme: QuantScheme
  /** The project's requantization rounding, for the int8 accuracy (default 'double'). */
  rounding?: Rounding
  source: TrainingSource
  /** Keep the first N training samples (a quick run on a subset). */
  maxSamples?: number
  options: TrainOptions
  engine: Int8EngineId
  backend: TrainBackendChoice
  /** Continue a cancelled run after its last finished epoch. */
  resume?: TrainCheckpoint
}

export interface TrainBatchReport {
  epoch: number
  phase: 'float' | 'qat'
  batch: number
  batches: number
  /** Mean loss of the epoch so far. */
  loss: number
  samplesPerSecond: number
}

export const CURVE_POINTS = 400

/** What every progress report of the job carries (JobProgress.detail). */
export interface TrainProgressDetail {
  /** The backend that runs, e.g. 'webgl'. */
  backend: string
  /** Float + QAT epochs of the run. */
  totalEpochs: number
  data?: { train: number; validation: number; test: number; description: string }
  history: TrainingEpoch[]
  /** The running mean loss after batches, x = epochs done (fractional); thinned to at most CURVE_POINTS. */
  curve: { x: number; loss: number }[]
  batch?: TrainBatchReport
  /** After each finished epoch: the state a resumed run starts from. */
  checkpoint?: TrainCheckpoint
}

export interface TrainJobResult {
  /** The trained graph, quantized with the learned ranges (what the document takes). */
  graph: Graph
  run: TrainingRun
  backend: string
  samplesPerSecond: number
  /** The loss curve of the run (as in the progress detail), for the chart after the run. */
  curve: { x: number; loss: number }[]
}
