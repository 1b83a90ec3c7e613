/**
 * Inference throughput in Node, single thread: the int8 engine (runInt8, TypeScript) and onnxruntime-web's wasm
 * backend running the exported ONNX models — QDQ (the int8 graph) and float (its dequantized weights) — plus the
 * TypeScript float engine for scale, on the MLPerf Tiny ResNet-8 (pretrainedResnet_quant.tflite) and VWW
 * (vww_96_int8.tflite) int8 models imported from ../shared/data. Inputs are seeded int8 codes (ORT gets their real
 * values). After 2 warm-up runs each engine runs at least `minRuns` times and `minMs` ms; inferences/s is 1000 / the
 * median time of one inference (robust to other processes on a shared machine), shown with the 90th percentile.
 *
 * `runInferenceBench()` returns the rows; `printInferenceBench()` prints the table (called by bench/run.ts; also
 * runnable alone: node bin/run-ts.mjs bench/inference.ts). WebGPU cannot run in Node: the browser path is
 * ort-runner's 'auto' backend, which reports the backend that ran.
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { runFloat } from '../src/core/engine/float-engine.ts'
import { runInt8 } from '../src/core/engine/int8-engine.ts'
import { prepareGraph } from '../src/core/plan/prepare-graph.ts'
import type { OrtRunner } from '../src/core/engine/ort/ort-runner.ts'
import { createOrtRunner } from '../src/core/engine/ort/ort-runner.ts'
import { importModel } from '../src/core/formats/import-model.ts'
import { exportOnnxModel } from '../src/core/formats/onnx/export-onnx.ts'
import { rawForCodes, seededCodes } from '../src/core/testing/onnx-export-test-utils.ts'
import type { Graph } from '../src/core/ir/types.ts'

const MODELS = [
  ['ResNet-8', 'pretrainedResnet_quant.tflite'],
  ['VWW MobileNetV1-0.25', 'vww_96_int8.tflite'],
] as const

const DATA = new URL('../../shared/data/mlperf-tiny/', import.meta.url)

export interface InferenceBenchRow {
  model: string
  engine: string
  runs: number
  /** 1000 / medianMs. */
  inferencesPerSecond: number
  medianMs: number
  p90Ms: number
}

export interface InferenceBenchOptions {
  /** Minimum timed runs per engine and model (default 10). */
  minRuns?: number
  /** Minimum timed wall time per engine and model, ms (default 1500). */
  minMs?: number
}

async function timeRuns(fn: () => unknown, minRuns: number, minMs: number): Promise<{ runs: number; medianMs: number; p90Ms: number }> {
  for (let i = 0; i < 2; i++) await fn()
  const times: number[] = []
  const start = performance.now()
  while (times.length < minRuns || performance.now() - start < minMs) {
    const t = performance.now()
    await fn()
    times.push(performance.now() - t)
  }
  times.sort((a, b) => a - b)
  return { runs: times.length, medianMs: times[Math.floor(times.length / 2)], p90Ms: times[Math.floor(times.length * 0.9)] }
}

async function ortRun(runner: OrtRunner, name: string, dims: number[], raw: Float32Array): Promise<void> {
  await runner.run({ [name]: { data: raw, dims } })
}

export async function runInferenceBench(options: InferenceBenchOptions = {}): Promise<InferenceBenchRow[]> {
  const minRuns = options.minRuns ?? 10
  const minMs = options.minMs ?? 1500
  const rows: InferenceBenchRow[] = []
  for (const [model, file] of MODELS) {
    const graph: Graph = importModel(new Uint8Array(readFileSync(new URL(file, DATA))), file).doc.graph
    prepareGraph(graph)
    const qdq = exportOnnxModel(graph, { quantized: true, name: model })
    const float = exportOnnxModel(graph, { quantized: false, name: model })
    const input = qdq.inputs[0]
    const codes = seededCodes(`bench:${file}`, 1, input.dims)[0]
    const raw = rawForCodes(graph, input.nodeId, codes, input.quant!)
    const qdqRunner = await createOrtRunner(qdq.bytes, { backend: 'wasm' })
    const floatRunner = await createOrtRunner(float.bytes, { backend: 'wasm' })
    const engines: [string, () => unknown][] = [
      ['int8 engine (TS)', () => runInt8(graph, { [input.nodeId]: codes })],
      [`ORT ${qdqRunner.backend} QDQ`, () => ortRun(qdqRunner, input.name, input.dims, raw)],
      [`ORT ${floatRunner.backend} float`, () => ortRun(floatRunner, input.name, input.dims, raw)],
      ['float engine (TS)', () => runFloat(graph, { [input.nodeId]: raw })],
    ]
    for (const [engine, fn] of engines) {
      const t = await timeRuns(fn, minRuns, minMs)
      rows.push({ model, engine, runs: t.runs, inferencesPerSecond: 1000 / t.medianMs, medianMs: t.medianMs, p90Ms: t.p90Ms })
    }
    await qdqRunner.release()
    await floatRunner.release()
  }
  return rows
}

export async function printInferenceBench(options: InferenceBenchOptions = {}): Promise<void> {
  const rows = await runInferenceBench(options)
  const table = [['model', 'engine', 'inferences/s', 'median ms', 'p90 ms', 'runs'],
    ...rows.map((r) => [r.model, r.engine, r.inferencesPerSecond.toFixed(1), r.medianMs.toFixed(2), r.p90Ms.toFixed(2), String(r.runs)])]
  const widths = table[0].map((_, i) => Math.max(...table.map((r) => r[i].length)))
  console.log(`\ninference throughput (Node ${process.version}, single thread; onnxruntime-web wasm, 1 thread)`)
  console.log(table.map((r) => r.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')).join('\n'))
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) await printInferenceBench()
