/**
 * The quantize & validate job (quantize-job.ts): its input and result. Plain data only (structured-cloneable: graphs
 * hold typed arrays, files are Blobs), so the same job runs in the job worker and in-process (tests).
 *
 * One job = read the calibration data → quantize with the chosen scheme → validate float vs int8 → (optionally)
 * quantize and validate with the other scheme for the side-by-side comparison → run the exported QDQ ONNX in
 * onnxruntime-web against the int8 engine. Progress is one overall fraction 0..1 with the current stage.
 */
import type { Rounding } from '../core/quant/fixed-point.ts'
import type { OrtAgreement } from '../core/pipelines/ort-agreement.ts'
import type { OrtBackend } from '../core/engine/ort/ort-runner.ts'
import type { Int8EngineId } from '../core/engine/int8-engines.ts'
import type { Graph } from '../core/ir/types.ts'
import type { QuantScheme } from '../core/quant/scheme.ts'
import type { CalibrationMethod } from '../core/quant/observers.ts'
import type { ValidationReport } from '../core/pipelines/validation.ts'

/** A chosen file: its path below the chosen folder ('3/a.png', or 'a.npy' at the top) and its contents. */
export interface DataFileRef {
  path: string
  blob: Blob
}

export type DataSource =
  | { kind: 'synthetic'; count: number; seed: number }
  | { kind: 'images'; files: readonly DataFileRef[]; folder: string }
  | { kind: 'npy'; files: readonly DataFileRef[] }

export type OrtChoice = 'auto' | OrtBackend | 'off'

export interface QuantizeJobInput {
  /** The float model to quantize (an int8 graph stands in with its dequantized weights). */
  graph: Graph
  scheme: QuantScheme
  method: CalibrationMethod
  data: DataSource
  /** Also quantize and validate with the other scheme, for the comparison only. */
  compareSchemes: boolean
  /** onnxruntime-web backend for the engine-vs-ORT check ('off' skips it). */
  ort: OrtChoice
  /** Graph name stored in the exported ONNX. */
  name: string
  /** The int8 engine that validates: 'wasm' (default, the C runtime as WebAssembly) or 'ts' (the TypeScript reference). */
  engine?: Int8EngineId
  /** The project's s8 requantization rounding (default 'double'; 'single': CMSIS_NN_USE_SINGLE_ROUNDING). */
  rounding?: Rounding
}

export type JobStage = 'data' | 'calibrate' | 'validate' | 'compare' | 'ort'

/** The job's own progress (the runner reports it as { done: fraction, total: 1, label }). */
export interface QuantizeProgress {
  stage: JobStage
  /** Overall completion 0..1. */
  fraction: number
  /** What runs now, e.g. "Calibrating 3 / 16". */
  label: string
}

/** Element-wise agreement of int8 codes. */
export type { IntAgreement, OrtAgreement } from '../core/pipelines/ort-agreement.ts'

export type SchemeOutcome =
  | { scheme: QuantScheme; report: ValidationReport }
  | { scheme: QuantScheme; error: string }

export interface DataSummary {
  kind: DataSource['kind']
  /** Calibration samples (validation uses as many). */
  samples: number
  /** e.g. "5 images in digits", "16 seeded samples (seed 1)". */
  description: string
  /** Class names by label index, when the images sat in class folders. */
  classes?: string[]
}

export interface QuantizeJobResult {
  scheme: QuantScheme
  method: CalibrationMethod
  /** The quantized graph: the input graph's nodes (same ids) with int8 constants and output quantization. */
  graph: Graph
  data: DataSummary
  report: ValidationReport
  /** The other scheme, when compared. */
  other?: SchemeOutcome
  /** null when skipped ('off'). */
  ort: OrtAgreement | { error: string } | null
  elapsedMs: number
}
