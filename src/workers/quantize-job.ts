/**
 * The quantize & validate job (input and result types in quantize-protocol.ts; registered in jobs.ts), framework-free
 * so it runs in the job worker and in-process alike. Its progress (stage + overall fraction) becomes the generic
 * { done: fraction, total: 1, label }.
 *
 * Data: images or .npy files calibrate AND validate (the same samples; labels from class folders give accuracy);
 * synthetic data calibrates on `count` seeded samples and validates on as many others (seed + 1).
 * The chosen scheme must quantize, or the job fails with one sentence and returns nothing; the comparison scheme and
 * the onnxruntime check report their own failures inside the result instead.
 * Cancel: abort `signal` — checked at every progress step (the worker runner simply terminates the worker).
 */
import type { Graph } from '../core/ir/types.ts'
import type { QuantScheme } from '../core/quant/scheme.ts'
import { CalibrationDataError, syntheticSamples } from '../core/data/calibration-data.ts'
import type { LoadedData } from '../core/data/data-files.ts'
import { QuantError } from '../core/quant/kernel-params.ts'
import { quantizeGraph } from '../core/pipelines/ptq.ts'
import type { ValidationReport } from '../core/pipelines/validation.ts'
import { validateQuantized } from '../core/pipelines/validation.ts'
import type { ImageDecoder } from './calibration-files.ts'
import { loadImageFolder, loadNpyFiles } from './calibration-files.ts'
import { compareWithOrt } from '../core/pipelines/ort-agreement.ts'
import { JobCancelled, defineJob, oneLine } from './job-protocol.ts'
import type { DataSummary, JobStage, OrtAgreement, QuantizeJobInput, QuantizeJobResult, QuantizeProgress, SchemeOutcome } from './quantize-protocol.ts'
import { createInt8Engine } from '../core/engine/create-int8-engine.ts'
import { loadWasmFloatKernels } from '../core/engine/float-wasm/float-wasm-kernels.ts'

/** The engine-vs-ORT check runs on at most this many of the validation samples. */
export const MAX_ORT_SAMPLES = 32

export interface JobDeps {
  decodeImage: ImageDecoder
  onProgress?: (progress: QuantizeProgress) => void
  signal?: AbortSignal
}

/** Share of the overall progress bar per stage (the comparison and ORT shares are re-spread when skipped). */
const STAGE_WEIGHT: Record<JobStage, number> = { data: 0.1, calibrate: 0.35, validate: 0.25, compare: 0.2, ort: 0.1 }
const STAGES: readonly JobStage[] = ['data', 'calibrate', 'validate', 'compare', 'ort']

interface Samples {
  calibration: Record<string, Float32Array[]>
  validation: Record<string, Float32Array[]>
  labels?: number[]
  summary: DataSummary
}

/** The job as the registry runs it. */
export const quantizeJob = defineJob<QuantizeJobInput, QuantizeJobResult>({
  run: (input, ctx) => runQuantizeJob(input, { decodeImage: ctx.env.decodeImage, signal: ctx.signal,
    onProgress: (p) => ctx.progress(p.fraction, 1, p.label) }),
  failureMessage,
})

export async function runQuantizeJob(input: QuantizeJobInput, deps: JobDeps): Promise<QuantizeJobResult> {
  const started = performance.now()
  const active = STAGES.filter((s) => (s !== 'compare' || input.compareSchemes) && (s !== 'ort' || input.ort !== 'off'))
  const total = active.reduce((sum, s) => sum + STAGE_WEIGHT[s], 0)
  const progress = (stage: JobStage, done: number, label: string): void => {
    if (deps.signal?.aborted) throw new JobCancelled()
    const before = active.slice(0, active.indexOf(stage)).reduce((sum, s) => sum + STAGE_WEIGHT[s], 0)
    deps.onProgress?.({ stage, label, fraction: Math.min(1, (before + STAGE_WEIGHT[stage] * done) / total) })
  }
  const { scheme, method, graph } = input

  progress('data', 0, 'Reading the data')
  const data = await readSamples(input, deps.decodeImage, (d, t) => progress('data', d / t, `Reading ${d} / ${t}`))
  const count = data.summary.samples

  progress('calibrate', 0, 'Calibrating')
  // The float reference runs its hot ops on the WebAssembly float kernels (same bits) unless the TypeScript engine is chosen.
  const floatKernels = input.engine === 'ts' ? undefined : await loadWasmFloatKernels()
  let quantized: Graph
  try {
    quantized = quantizeGraph(graph, { scheme, method, samples: data.calibration, floatKernels,
      onProgress: (d, t) => progress('calibrate', d / t, `Calibrating ${d} / ${t}`) })
  } catch (err) {
    if (err instanceof QuantError) throw new QuantError(`Cannot quantize with ${scheme}: ${err.message}`)
    throw err
  }

  const engine = await createInt8Engine(input.engine)
  const validate = (q: Graph, s: QuantScheme, stage: JobStage, from: number, share: number): ValidationReport =>
    validateQuantized(graph, q, { scheme: s, rounding: input.rounding, samples: data.validation, labels: data.labels, engine,
      floatKernels,
      onProgress: (d, t) => progress(stage, from + (share * d) / t, `Validating ${d} / ${t}`) })
  progress('validate', 0, 'Validating')
  const report = validate(quantized, scheme, 'validate', 0, 1)

  let other: SchemeOutcome | undefined
  if (input.compareSchemes) {
    const otherScheme: QuantScheme = scheme === 's8' ? 'pow2' : 's8'
    progress('compare', 0, `Quantizing with ${otherScheme}`)
    try {
      const q = quantizeGraph(graph, { scheme: otherScheme, method, samples: data.calibration, floatKernels,
        onProgress: (d, t) => progress('compare', (0.5 * d) / t, `${otherScheme}: calibrating ${d} / ${t}`) })
      other = { scheme: otherScheme, report: validate(q, otherScheme, 'compare', 0.5, 0.5) }
    } catch (err) {
      if (err instanceof JobCancelled) throw err
      other = { scheme: otherScheme, error: oneLine(err) }
    }
  }

  let ort: OrtAgreement | { error: string } | null = null
  if (input.ort !== 'off') {
    const n = Math.min(count, MAX_ORT_SAMPLES)
    progress('ort', 0, 'Starting onnxruntime-web')
    try {
      ort = await compareWithOrt(quantized, data.validation, n, { backend: input.ort, scheme, rounding: input.rounding, name: input.name, engine,
        onSample: (d, t) => progress('ort', d / t, `onnxruntime-web ${d} / ${t}`) })
    } catch (err) {
      if (err instanceof JobCancelled) throw err
      ort = { error: oneLine(err) }
    }
  }
  progress(active[active.length - 1], 1, 'Done')
  return { scheme, method, graph: quantized, data: data.summary, report, ...(other ? { other } : {}), ort,
    elapsedMs: performance.now() - started }
}

async function readSamples(input: QuantizeJobInput, decode: ImageDecoder, onFile: (done: number, total: number) => void): Promise<Samples> {
  const { data, graph } = input
  if (data.kind === 'synthetic') {
    if (!Number.isInteger(data.count) || data.count < 1) throw new CalibrationDataError('the number of synthetic samples must be a whole number ≥ 1')
    return {
      calibration: syntheticSamples(graph, data.count, data.seed),
      validation: syntheticSamples(graph, data.count, data.seed + 1),
      summary: { kind: 'synthetic', samples: data.count,
        description: `${data.count} seeded synthetic samples (seed ${data.seed}), validated on ${data.count} more` },
    }
  }
  let loaded: LoadedData
  let description: string
  if (data.kind === 'images') {
    loaded = await loadImageFolder(graph, data.files, data.folder, decode, { onFile })
    description = `${plural(loaded.samples.length, 'image')} from ${data.folder}`
  } else {
    loaded = await loadNpyFiles(graph, data.files, { onFile })
    description = `${plural(loaded.samples.length, 'sample')} from ${plural(loaded.files, '.npy file')}`
  }
  const samples = { [loaded.inputId]: loaded.samples }
  return {
    calibration: samples, validation: samples, ...(loaded.labels ? { labels: loaded.labels } : {}),
    summary: { kind: data.kind, samples: loaded.samples.length, description, ...(loaded.classes ? { classes: loaded.classes } : {}) },
  }
}

/** The one-line message a failed job shows. */
export function failureMessage(err: unknown): string {
  if (err instanceof CalibrationDataError) return `Calibration data: ${oneLine(err)}`
  return oneLine(err)
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}
