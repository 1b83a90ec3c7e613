/**
 * Per-input figures of the quantize & validate job's phases on VWW (wall and CPU ms per input): a synthetic sample,
 * one float reference run, one int8 run on the wasm engine (preprocess + run, every node captured), calibration
 * (quantizeGraph, min/max) and validation (validateQuantized) per input, and the per-layer SQNR/agreement sums of one
 * input (TypeScript loop; and compiled, where this tree has engine/float-wasm). The float reference runs on the wasm
 * float kernels where this tree has them — the same script measured main before they existed (docs/wasm-engine.md,
 * "The float reference on WebAssembly").
 *
 * Run alone: node bin/run-ts.mjs bench/validation-phases.ts [samples, default 100]
 */
import { existsSync, readFileSync } from 'node:fs'
import { analyzeGraph } from '../src/core/analysis/analyze-graph.ts'
import { syntheticSamples } from '../src/core/data/calibration-data.ts'
import { runFloat } from '../src/core/engine/float-engine.ts'
import { createWasmEngine } from '../src/core/engine/wasm/wasm-engine.ts'
import { importModel } from '../src/core/formats/import-model.ts'
import { quantizeGraph } from '../src/core/pipelines/ptq.ts'
import { validateQuantized } from '../src/core/pipelines/validation.ts'

const kernelsModule = new URL('../src/core/engine/float-wasm/float-wasm-kernels.ts', import.meta.url)
const kernels = existsSync(kernelsModule) ? await (await import(kernelsModule.href)).createWasmFloatKernels() : undefined
const FILE = 'vww_96_int8.tflite'
const graph = importModel(new Uint8Array(readFileSync(new URL(`../../shared/data/mlperf-tiny/${FILE}`, import.meta.url))), FILE).doc.graph
const analysis = analyzeGraph(graph)
const n = Number(process.argv[2] ?? 100)
const calibration = syntheticSamples(graph, n, 1)
const validation = syntheticSamples(graph, n, 2)
const id = Object.keys(validation)[0]
const engine = await createWasmEngine()
const fast = kernels ? { floatKernels: kernels } : {}
const quantized = quantizeGraph(graph, { scheme: 's8', samples: syntheticSamples(graph, 5, 7), ...fast })
const model = engine.prepare(quantized, 's8')
const rows: [string, number, number][] = []
function time(label: string, per: number, fn: () => void): void {
  const cpu = process.cpuUsage()
  const t = performance.now()
  fn()
  const used = process.cpuUsage(cpu)
  rows.push([label, (performance.now() - t) / per, (used.user + used.system) / 1000 / per])
}

time('synthetic data, per sample', n, () => syntheticSamples(graph, n, 3))
time('float reference run', n, () => {
  for (let k = 0; k < n; k++) runFloat(graph, { [id]: validation[id][k] }, { analysis, ...(kernels ? { kernels, reuseOutputs: true } : {}) })
})
time('int8 run, wasm engine (every node)', n, () => {
  for (let k = 0; k < n; k++) model.run(model.preprocess({ [id]: validation[id][k] }))
})
time('calibration per input (quantizeGraph)', n, () => quantizeGraph(graph, { scheme: 's8', samples: calibration, ...fast }))
time('validation per input (validateQuantized)', n, () => validateQuantized(graph, quantized, { scheme: 's8', samples: validation, engine, ...fast }))

const fl = runFloat(graph, { [id]: validation[id][0] }, { analysis })
const codes = model.run(model.preprocess({ [id]: validation[id][0] }))
const layers = [...fl.outputs.keys()].filter((node) => codes.has(node))
const table = Float32Array.from({ length: 256 }, (_, i) => (i - 128) * 0.01)
const sums = new Float64Array(5)
const reps = 100
time('SQNR/agreement sums, TypeScript loop', reps, () => {
  for (let k = 0; k < reps; k++) {
    for (const node of layers) {
      const ref = fl.outputs.get(node)!
      const q = codes.get(node)!
      let s0 = sums[0], s1 = sums[1], s2 = sums[2], s3 = sums[3], s4 = sums[4]
      for (let i = 0; i < ref.length; i++) {
        const r = ref[i]
        const t = table[q[i] + 128]
        const d = r - t
        s0 += r * r
        s1 += d * d
        s2 += r * t
        s3 += t * t
        const m = Math.abs(d)
        if (m > s4) s4 = m
      }
      sums.set([s0, s1, s2, s3, s4])
    }
  }
})
if (kernels) {
  time('SQNR/agreement sums, wasm', reps, () => {
    for (let k = 0; k < reps; k++) for (const node of layers) kernels.accumulateCodes(fl.outputs.get(node)!, codes.get(node)!, table, sums)
  })
}
console.log(`VWW job phases per input (${n} samples; float reference on ${kernels ? 'the wasm float kernels' : 'TypeScript evalFloat'})`)
for (const [label, wall, cpu] of rows) console.log(`${label.padEnd(44)} ${wall.toFixed(2).padStart(7)} ms wall ${cpu.toFixed(2).padStart(7)} ms CPU`)
