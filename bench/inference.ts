/**
 * Inference throughput in Node, single thread, on the MLPerf Tiny int8 models imported from ../shared/data — KWS
 * DS-CNN (kws_ref_model.tflite), VWW MobileNetV1-0.25 (vww_96_int8.tflite) and IC ResNet-8
 * (pretrainedResnet_quant.tflite): the WebAssembly int8 engine (the C runtime's kernels with their SIMD128 variants,
 * and the portable kernels alone), onnxruntime-web's wasm backend (one thread) running the exported QDQ model, the
 * TypeScript int8 engine (runInt8), and for scale ORT on the float export and the TypeScript float engine.
 *
 * Inputs are seeded int8 codes (ORT gets their real values, its natural input; the wasm engine returns the graph
 * outputs only, as ORT does). Timing is interleaved so that load from other processes hits every engine alike: after
 * 2 warm-up runs each, `rounds` rounds in which every engine (in rotating order) runs about `roundMs` ms of single
 * inferences, each timed; inferences/s is 1000 / the median time of one inference, shown with the 90th percentile.
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
import { createWasmEngine } from '../src/core/engine/wasm/wasm-engine.ts'
import { prepareGraph } from '../src/core/plan/prepare-graph.ts'
import type { OrtRunner } from '../src/core/engine/ort/ort-runner.ts'
import { createOrtRunner } from '../src/core/engine/ort/ort-runner.ts'
import { importModel } from '../src/core/formats/import-model.ts'
import { exportOnnxModel } from '../src/core/formats/onnx/export-onnx.ts'
import { rawForCodes, seededCodes } from '../src/core/testing/onnx-export-test-utils.ts'
import type { Graph } from '../src/core/ir/types.ts'

const MODELS = [
  ['KWS DS-CNN', 'kws_ref_model.tflite'],
  ['VWW MobileNetV1-0.25', 'vww_96_int8.tflite'],
  ['ResNet-8', 'pretrainedResnet_quant.tflite'],
] as const

const DATA = new URL('../../shared/data/mlperf-tiny/', import.meta.url)

export const WASM_ENGINE = 'wasm engine (C kernels + SIMD128)'
export const ORT_QDQ = 'ORT wasm QDQ'

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
  /** Interleaved rounds per model (default 12). */
  rounds?: number
  /** Wall time per engine per round, ms (default 120). */
  roundMs?: number
}

interface Engine {
  name: string
  run: () => unknown
  times: number[]
}

async function timeInterleaved(engines: Engine[], rounds: number, roundMs: number): Promise<void> {
  for (const e of engines) for (let i = 0; i < 2; i++) await e.run()
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < engines.length; k++) {
      const e = engines[(r + k) % engines.length]
      const start = performance.now()
      do {
        const t = performance.now()
        await e.run()
        e.times.push(performance.now() - t)
      } while (performance.now() - start < roundMs)
    }
  }
}

function row(model: string, e: Engine): InferenceBenchRow {
  const times = [...e.times].sort((a, b) => a - b)
  const medianMs = times[Math.floor(times.length / 2)]
  return { model, engine: e.name, runs: times.length, inferencesPerSecond: 1000 / medianMs, medianMs, p90Ms: times[Math.floor(times.length * 0.9)] }
}

async function ortRun(runner: OrtRunner, name: string, dims: number[], raw: Float32Array): Promise<void> {
  await runner.run({ [name]: { data: raw, dims } })
}

export async function runInferenceBench(options: InferenceBenchOptions = {}): Promise<InferenceBenchRow[]> {
  const rounds = options.rounds ?? 12
  const roundMs = options.roundMs ?? 120
  const wasm = await createWasmEngine()
  const portable = await createWasmEngine({ simd: false })
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
    const simdModel = wasm.prepare(graph, 's8')
    const portableModel = portable.prepare(graph, 's8')
    const feeds = { [input.nodeId]: codes }
    const engines: Engine[] = [
      { name: WASM_ENGINE, run: () => simdModel.run(feeds, { capture: 'outputs' }), times: [] },
      { name: 'wasm engine (portable C kernels)', run: () => portableModel.run(feeds, { capture: 'outputs' }), times: [] },
      { name: ORT_QDQ, run: () => ortRun(qdqRunner, input.name, input.dims, raw), times: [] },
      { name: 'int8 engine (TS)', run: () => runInt8(graph, feeds), times: [] },
      { name: 'ORT wasm float', run: () => ortRun(floatRunner, input.name, input.dims, raw), times: [] },
      { name: 'float engine (TS)', run: () => runFloat(graph, { [input.nodeId]: raw }), times: [] },
    ]
    await timeInterleaved(engines, rounds, roundMs)
    rows.push(...engines.map((e) => row(model, e)))
    simdModel.dispose()
    portableModel.dispose()
    await qdqRunner.release()
    await floatRunner.release()
  }
  return rows
}

export async function printInferenceBench(options: InferenceBenchOptions = {}): Promise<InferenceBenchRow[]> {
  const rows = await runInferenceBench(options)
  const ort = new Map(rows.filter((r) => r.engine === ORT_QDQ).map((r) => [r.model, r.inferencesPerSecond]))
  const table = [['model', 'engine', 'inferences/s', 'vs ORT QDQ', 'median ms', 'p90 ms', 'runs'],
    ...rows.map((r) => [r.model, r.engine, r.inferencesPerSecond.toFixed(1), `${(r.inferencesPerSecond / ort.get(r.model)!).toFixed(2)}x`,
      r.medianMs.toFixed(3), r.p90Ms.toFixed(3), String(r.runs)])]
  const widths = table[0].map((_, i) => Math.max(...table.map((r) => r[i].length)))
  console.log(`\ninference throughput (Node ${process.version}, single thread, interleaved rounds; onnxruntime-web wasm, 1 thread)`)
  console.log(table.map((r) => r.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')).join('\n'))
  return rows
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) await printInferenceBench()
