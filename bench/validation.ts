/**
 * Quantize & validate on VWW (MLPerf Tiny MobileNetV1-0.25, vww_96_int8.tflite, standing in with its dequantized
 * weights as the Quantization tab does for an int8 model) with `count` seeded synthetic inputs (default 1,000),
 * through the job the tab's worker runs — `runQuantizeJob` (src/workers/quantize-job.ts), called in-process here
 * (the worker only adds message passing). Settings as the tab's defaults: s8, min/max calibration; the job calibrates
 * on `count` samples and validates on `count` others. The s8/pow2 comparison and the onnxruntime-web check are
 * options (the tab runs both; `--compare`, `--ort`), because each repeats work that is not validation.
 * Prints each stage's wall time (from the job's progress events) and the job's CPU time with the WebAssembly engines
 * (int8: the C runtime; float reference: the float kernels of engine/float-wasm, the same bits as TypeScript) and, with
 * `--ts-samples N`, with the TypeScript engines on N samples; then per-input times of the parts (a synthetic sample,
 * each float reference, each int8 engine) and of the job's calibration and validation phases.
 *
 * Run alone: node bin/run-ts.mjs bench/validation.ts [--count 1000] [--compare] [--ort] [--ts-samples 50]
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { analyzeGraph } from '../src/core/analysis/analyze-graph.ts'
import { syntheticSamples } from '../src/core/data/calibration-data.ts'
import { runFloat } from '../src/core/engine/float-engine.ts'
import { createWasmFloatKernels } from '../src/core/engine/float-wasm/float-wasm-kernels.ts'
import type { Int8EngineId } from '../src/core/engine/int8-engines.ts'
import { TS_INT8_ENGINE } from '../src/core/engine/int8-engines.ts'
import { createWasmEngine } from '../src/core/engine/wasm/wasm-engine.ts'
import { importModel } from '../src/core/formats/import-model.ts'
import type { Graph } from '../src/core/ir/types.ts'
import { quantizeGraph } from '../src/core/pipelines/ptq.ts'
import { validateQuantized } from '../src/core/pipelines/validation.ts'
import { runQuantizeJob } from '../src/workers/quantize-job.ts'
import type { JobStage, QuantizeJobInput } from '../src/workers/quantize-protocol.ts'

const FILE = 'vww_96_int8.tflite'

export interface ValidationBenchOptions {
  count?: number
  compare?: boolean
  ort?: boolean
  engine?: Int8EngineId
}

export interface ValidationBenchResult {
  engine: Int8EngineId
  count: number
  totalMs: number
  /** CPU time of this process over the job (user + system), ms: less sensitive than wall time to other load. */
  cpuMs: number
  stages: Partial<Record<JobStage, number>>
  top1Agreement: number
}

function vwwGraph(): Graph {
  const url = new URL(`../../shared/data/mlperf-tiny/${FILE}`, import.meta.url)
  return importModel(new Uint8Array(readFileSync(url)), FILE).doc.graph
}

export async function runValidationBench(options: ValidationBenchOptions = {}): Promise<ValidationBenchResult> {
  const count = options.count ?? 1000
  const engine = options.engine ?? 'wasm'
  const input: QuantizeJobInput = { graph: vwwGraph(), scheme: 's8', method: 'minmax', data: { kind: 'synthetic', count, seed: 1 },
    compareSchemes: options.compare ?? false, ort: options.ort ? 'wasm' : 'off', name: 'vww', engine }
  const stages: Partial<Record<JobStage, number>> = {}
  let stage: JobStage | undefined
  let since = performance.now()
  const started = since
  const cpu = process.cpuUsage()
  const result = await runQuantizeJob(input, {
    decodeImage: () => Promise.reject(new Error('no images in this bench')),
    onProgress: (p) => {
      if (p.stage === stage) return
      const now = performance.now()
      if (stage) stages[stage] = (stages[stage] ?? 0) + now - since
      stage = p.stage
      since = now
    },
  })
  const end = performance.now()
  const used = process.cpuUsage(cpu)
  if (stage) stages[stage] = (stages[stage] ?? 0) + end - since
  return { engine, count, totalMs: end - started, cpuMs: (used.user + used.system) / 1000, stages, top1Agreement: result.report.outputs[0].top1Agreement }
}

function line(r: ValidationBenchResult): string {
  const s = (ms: number | undefined) => (ms === undefined ? '—' : `${(ms / 1000).toFixed(2)} s`)
  const perSample = r.stages.validate !== undefined ? ` (${(r.stages.validate / r.count).toFixed(2)} ms per input)` : ''
  return `${r.engine === 'wasm' ? 'wasm engine' : 'TS engine  '}  ${r.count} inputs: validate ${s(r.stages.validate)}${perSample}, ` +
    `calibrate ${s(r.stages.calibrate)}, data ${s(r.stages.data)}` +
    `${r.stages.compare !== undefined ? `, s8/pow2 compare ${s(r.stages.compare)}` : ''}${r.stages.ort !== undefined ? `, ORT check ${s(r.stages.ort)}` : ''}` +
    `; whole job ${s(r.totalMs)} (CPU ${s(r.cpuMs)}); top-1 agreement ${(100 * r.top1Agreement).toFixed(1)}%`
}

/**
 * Median ms per input of the job's parts: one synthetic sample, the float reference (TypeScript evalFloat only, and
 * with the WebAssembly float kernels the job uses: the same bits), each int8 engine (preprocess + run, every node
 * captured) and the per-layer SQNR/agreement accumulation (validateQuantized's loop less its engine runs).
 */
export async function validateBreakdown(samples = 30): Promise<Record<string, number>> {
  const graph = vwwGraph()
  const raw = syntheticSamples(graph, samples, 2)
  const id = Object.keys(raw)[0]
  const analysis = analyzeGraph(graph)
  const kernels = await createWasmFloatKernels()
  const wasm = (await createWasmEngine()).prepare(graph, 's8')
  const ts = TS_INT8_ENGINE.prepare(graph, 's8')
  const parts: [string, (k: number) => unknown][] = [
    ['synthetic sample', (k) => syntheticSamples(graph, 1, 100 + k)],
    ['float reference, TS evalFloat', (k) => runFloat(graph, { [id]: raw[id][k] }, { analysis })],
    ['float reference, wasm float kernels', (k) => runFloat(graph, { [id]: raw[id][k] }, { analysis, kernels })],
    ['int8, wasm engine', (k) => wasm.run(wasm.preprocess({ [id]: raw[id][k] }))],
    ['int8, TS engine', (k) => ts.run(ts.preprocess({ [id]: raw[id][k] }))],
  ]
  const times = parts.map(() => [] as number[])
  for (let k = 0; k < samples; k++) {
    parts.forEach(([, fn], i) => {
      const t = performance.now()
      fn(k)
      times[i].push(performance.now() - t)
    })
  }
  wasm.dispose()
  return Object.fromEntries(parts.map(([name], i) => [name, times[i].sort((a, b) => a - b)[Math.floor(samples / 2)]]))
}

/**
 * Mean ms per input of the job's two float-bound phases as the job runs them (wasm float kernels, wasm int8 engine):
 * calibration (quantizeGraph, min/max: a float run + observers per sample) and validation (validateQuantized: a float
 * run, an int8 run with every node captured and the per-layer SQNR/agreement accumulation per sample).
 */
export async function phaseBreakdown(samples = 30): Promise<Record<string, number>> {
  const graph = vwwGraph()
  const calibration = syntheticSamples(graph, samples, 1)
  const validation = syntheticSamples(graph, samples, 2)
  const floatKernels = await createWasmFloatKernels()
  const engine = await createWasmEngine()
  quantizeGraph(graph, { scheme: 's8', samples: syntheticSamples(graph, 3, 3), floatKernels })
  let t = performance.now()
  const quantized = quantizeGraph(graph, { scheme: 's8', samples: calibration, floatKernels })
  const calibrate = (performance.now() - t) / samples
  t = performance.now()
  validateQuantized(graph, quantized, { scheme: 's8', samples: validation, engine, floatKernels })
  return { 'calibration (quantizeGraph)': calibrate, 'validation (validateQuantized)': (performance.now() - t) / samples }
}

export async function printValidationBench(options: ValidationBenchOptions & { tsSamples?: number } = {}): Promise<void> {
  console.log(`\nquantize & validate VWW MobileNetV1-0.25 through the Quantization tab's job (runQuantizeJob in-process, Node ${process.version}; ` +
    `s8, min/max, seeded synthetic inputs${options.compare ? ', s8/pow2 comparison' : ''}${options.ort ? ', ORT check on 32 inputs' : ''})`)
  console.log(line(await runValidationBench({ ...options, engine: 'wasm' })))
  if (options.tsSamples) console.log(line(await runValidationBench({ ...options, count: options.tsSamples, engine: 'ts' })))
  const parts = await validateBreakdown()
  console.log(`per input (median of 30): ${Object.entries(parts).map(([k, ms]) => `${k} ${ms.toFixed(2)} ms`).join(', ')}`)
  const phases = await phaseBreakdown()
  console.log(`job phases per input (mean of 30, wasm float kernels + wasm engine): ${Object.entries(phases).map(([k, ms]) => `${k} ${ms.toFixed(2)} ms`).join(', ')}`)
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(name)
    return i >= 0 ? process.argv[i + 1] : undefined
  }
  await printValidationBench({ count: Number(arg('--count') ?? 1000), compare: process.argv.includes('--compare'),
    ort: process.argv.includes('--ort'), tsSamples: arg('--ts-samples') ? Number(arg('--ts-samples')) : undefined })
}
