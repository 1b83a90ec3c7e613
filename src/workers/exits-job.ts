/**
 * The exits job (the Exits tab): read labelled data (a .npy of samples + a labels file, .npy or IDX), run every
 * sample once on the int8 engine (pipelines/exits/exit-samples.ts, progress per 64 samples, cancellable), then either
 * report the exits at their current thresholds or calibrate them within `maxLossPct` points (calibrate-exits.ts).
 * The result carries the report and, when calibrated, the thresholds to apply (the panel applies them as one edit).
 */
import type { Rounding } from '../core/quant/fixed-point.ts'
import { createInt8Engine } from '../core/engine/create-int8-engine.ts'
import type { Int8EngineId } from '../core/engine/int8-engines.ts'
import { CalibrationDataError } from '../core/data/calibration-data.ts'
import { loadDataFiles } from '../core/data/data-files.ts'
import { labelsFromFile } from '../core/data/idx-files.ts'
import type { Graph } from '../core/ir/types.ts'
import type { ExitReport } from '../core/pipelines/exits/exit-report.ts'
import { calibrateExits, exitReport } from '../core/pipelines/exits/exit-report.ts'
import { collectExitSamples } from '../core/pipelines/exits/exit-samples.ts'
import type { Target } from '../core/targets/types.ts'
import { getLibrary } from '../core/vendors/registry.ts'
import { defineJob } from './job-protocol.ts'

export interface NamedBytes {
  name: string
  bytes: Uint8Array
}

export interface ExitsJobInput {
  graph: Graph
  libraryId: string
  targets: Target[]
  samples: NamedBytes
  labels: NamedBytes
  /** Calibrate within this many accuracy points; null: report the current thresholds. */
  maxLossPct: number | null
  engine?: Int8EngineId
  /** The project's requantization rounding (default 'double'). */
  rounding?: Rounding
}

export interface ExitsJobResult {
  report: ExitReport
  /** The calibrated thresholds by Exit node id (null when only measured). */
  thresholds: Record<string, number> | null
  maxLossPct: number | null
  source: string
}

export async function runExitsJob(input: ExitsJobInput, progress: (done: number, total: number, label: string) => void): Promise<ExitsJobResult> {
  const library = getLibrary(input.libraryId)
  if (!library) throw new Error(`unknown library '${input.libraryId}'`)
  progress(0, 1, 'Reading the data')
  const data = loadDataFiles(input.graph, [{ path: input.samples.name, bytes: input.samples.bytes }], input.samples.name)
  const labels = labelsFromFile(input.labels.bytes, input.labels.name, data.samples.length)
  const engine = await createInt8Engine(input.engine)
  const samples = collectExitSamples(input.graph, library.scheme, engine, data.samples, labels,
    { rounding: input.rounding, onProgress: (done, total) => progress(done, total, `Running sample ${done} / ${total}`) })
  const ctx = { graph: input.graph, library, targets: input.targets }
  const source = `${input.samples.name} + ${input.labels.name}`
  if (input.maxLossPct === null) return { report: exitReport(ctx, samples), thresholds: null, maxLossPct: null, source }
  const calibrated = calibrateExits(ctx, samples, input.maxLossPct)
  const thresholds = Object.fromEntries(calibrated.report.exits.map((e) => [e.id, e.threshold]))
  return { report: calibrated.report, thresholds, maxLossPct: input.maxLossPct, source }
}

export const exitsJob = defineJob<ExitsJobInput, ExitsJobResult>({
  run: (input, ctx) => runExitsJob(input, (done, total, label) => ctx.progress(done, total, label)),
  failureMessage: (err) => (err instanceof CalibrationDataError || err instanceof RangeError ? err.message
    : err instanceof Error ? err.message.split('\n')[0] : String(err)),
})
