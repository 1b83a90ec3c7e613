/**
 * The WebAssembly float kernels give the TypeScript float references' results bit for bit (float32 bit patterns
 * compared, so −0 against +0 counts as a difference): every node of every template, of the MLPerf Tiny float models
 * and of the int8 VWW model as the Quantization tab runs it, and hand graphs covering the kernels' edges (padding on
 * every side, stride and dilation, kernels wider than tall, channel counts that are not multiples of 8, odd output
 * widths, depth multipliers, no bias, every activation, FullyConnected over a flattened tensor, Input with one mean and
 * with a mean per channel). Then the pipelines:
 * calibration and validation with the kernels give the very graph and report they give without.
 */
import { readFileSync } from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'
import { analyzeGraph } from '../../analysis/analyze-graph.ts'
import { syntheticSamples } from '../../data/calibration-data.ts'
import { importModel } from '../../formats/import-model.ts'
import { mulberry32 } from '../../ir/seeded-init.ts'
import type { Attrs, Graph, GraphNode } from '../../ir/types.ts'
import { quantizeGraph } from '../../pipelines/ptq.ts'
import { validateQuantized } from '../../pipelines/validation.ts'
import { TEMPLATES } from '../../templates/index.ts'
import { MIXED_NET, POOL_NET } from '../../testing/fixture-graphs.ts'
import { runFloat } from '../float-engine.ts'
import { TS_INT8_ENGINE } from '../int8-engines.ts'
import type { WasmFloatKernels } from './float-wasm-kernels.ts'
import { createWasmFloatKernels } from './float-wasm-kernels.ts'

const DIR = new URL('../../../../../shared/data/mlperf-tiny/', import.meta.url).pathname

let kernels: WasmFloatKernels
beforeAll(async () => {
  kernels = await createWasmFloatKernels()
})

/** Runs `graph` on `samples` seeded inputs with and without the kernels; returns the nodes whose outputs differ in any bit. */
function differences(graph: Graph, samples = 2, seed = 2): string[] {
  const analysis = analyzeGraph(graph)
  const raw = syntheticSamples(graph, samples, seed)
  const bad = new Set<string>()
  let taken = 0
  for (let s = 0; s < samples; s++) {
    const inputs = Object.fromEntries(Object.entries(raw).map(([id, list]) => [id, list[s]]))
    const reference = runFloat(graph, inputs, { analysis })
    const fast = runFloat(graph, inputs, { analysis, kernels })
    for (const [id, ref] of reference.outputs) {
      const out = fast.outputs.get(id)!
      const a = new Uint32Array(ref.buffer, ref.byteOffset, ref.length)
      const b = new Uint32Array(out.buffer, out.byteOffset, out.length)
      if (a.length !== b.length || a.some((v, i) => v !== b[i])) bad.add(id)
    }
    taken += reference.order.filter((id) => ['Conv2D', 'DepthwiseConv2D', 'FullyConnected'].includes(graph.nodes.find((n) => n.id === id)!.op)).length
  }
  expect(taken, 'the graph has no node the kernels take').toBeGreaterThan(0)
  return [...bad]
}

function importFile(file: string): Graph {
  return importModel(new Uint8Array(readFileSync(DIR + file)), file).doc.graph
}

function node(id: string, op: string, attrs: Attrs): GraphNode {
  return { id, op, name: id, attrs, position: { x: 0, y: 0 } }
}

function chain(seed: number, nodes: GraphNode[]): Graph {
  return { seed, nodes, edges: nodes.slice(1).map((n, i) => ({ id: `e${i}`, source: nodes[i].id, target: n.id, targetPort: 0 })) }
}

describe('WebAssembly float kernels against the TypeScript float references', () => {
  it.each(TEMPLATES.map((t) => [t.id, t] as const))('template %s: every node, every bit', (_, t) => {
    expect(differences(t.build().graph)).toEqual([])
  })

  it.each(['vww_96_float.tflite', 'kws_ref_model_float32.tflite', 'pretrainedResnet.tflite', 'ad01_fp32.tflite', 'vww_96_int8.tflite'])(
    'MLPerf Tiny %s: every node, every bit', (file) => {
      expect(differences(importFile(file))).toEqual([])
    })

  it('hand graphs: MIXED_NET and POOL_NET', () => {
    expect(differences(MIXED_NET, 3)).toEqual([])
    expect(differences(POOL_NET, 3)).toEqual([])
  })

  it('the kernels\' edges: padding, stride, dilation, odd widths, channel counts off 8, multipliers, no bias, activations, per-channel means', () => {
    const graphs = [
      chain(11, [node('in', 'Input', { shape: [9, 7, 3], mean: [5, -3, 7], scale: 1 / 32 }),
        node('c1', 'Conv2D', { filters: 13, kernelH: 3, kernelW: 5, strideH: 2, strideW: 3, padding: 'same', activation: 'relu6' }),
        node('d1', 'DepthwiseConv2D', { depthMultiplier: 3, kernelH: 3, kernelW: 3, padding: 'same', activation: 'none' }),
        node('c2', 'Conv2D', { filters: 5, kernelH: 2, kernelW: 2, dilationH: 2, dilationW: 2, padding: 'same', useBias: false, activation: 'none' }),
        node('f', 'Flatten', {}),
        node('fc', 'FullyConnected', { units: 17, activation: 'relu' })]),
      chain(12, [node('in', 'Input', { shape: [11, 5, 10], mean: [3], scale: 1 / 16 }),
        node('d1', 'DepthwiseConv2D', { depthMultiplier: 2, kernelH: 5, kernelW: 2, strideH: 2, strideW: 1, padding: 'same', activation: 'relu' }),
        node('d2', 'DepthwiseConv2D', { depthMultiplier: 1, kernelH: 3, kernelW: 3, dilationH: 2, dilationW: 2, padding: 'same', useBias: false, activation: 'relu6' }),
        node('c1', 'Conv2D', { filters: 8, kernelH: 3, kernelW: 3, padding: 'valid', activation: 'relu' }),
        node('c2', 'Conv2D', { filters: 9, kernelH: 1, kernelW: 1, padding: 'valid', activation: 'none' }),
        node('f', 'Flatten', {}),
        node('fc', 'FullyConnected', { units: 1, useBias: false, activation: 'none' })]),
    ]
    for (const g of graphs) {
      const errors = analyzeGraph(g).diagnostics.filter((d) => d.severity === 'error')
      expect(errors.map((d) => d.message)).toEqual([])
      expect(differences(g, 3)).toEqual([])
    }
  })

  it('leaves other ops to evalFloat; allocates on a graph\'s first run only (memory stops growing)', () => {
    expect(kernels.evalNode('Add', { attrs: {}, inputs: [], inputShapes: [], weights: {}, outputShape: [1] })).toBeUndefined()
    const graph = TEMPLATES[0].build().graph
    const analysis = analyzeGraph(graph)
    const raw = syntheticSamples(graph, 3, 5)
    const run = (s: number) => runFloat(graph, Object.fromEntries(Object.entries(raw).map(([id, l]) => [id, l[s]])), { analysis, kernels })
    run(0)
    const bytes = kernels.memoryBytes
    run(1)
    run(2)
    expect(kernels.memoryBytes).toBe(bytes)
  })

  it('reuseOutputs: the same bits; views of the kernels\' memory once the graph has run (the next run overwrites them), copies before', async () => {
    const own = await createWasmFloatKernels()
    const graph = importFile('vww_96_int8.tflite')
    const analysis = analyzeGraph(graph)
    const raw = syntheticSamples(graph, 3, 4)
    const id = Object.keys(raw)[0]
    const conv = graph.nodes.find((n) => n.op === 'Conv2D')!.id
    const bits = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length))
    const first = runFloat(graph, { [id]: raw[id][0] }, { analysis, kernels: own, reuseOutputs: true })
    const second = runFloat(graph, { [id]: raw[id][1] }, { analysis, kernels: own, reuseOutputs: true })
    expect(first.outputs.get(conv)!.buffer).not.toBe(second.outputs.get(conv)!.buffer)
    const kept = bits(second.outputs.get(conv)!)
    for (const [s, run] of [[0, first], [1, second]] as const) {
      const reference = runFloat(graph, { [id]: raw[id][s] }, { analysis })
      for (const [n, out] of reference.outputs) expect(bits(run.outputs.get(n)!), n).toEqual(bits(out))
    }
    const third = runFloat(graph, { [id]: raw[id][2] }, { analysis, kernels: own, reuseOutputs: true })
    expect(third.outputs.get(conv)!.buffer).toBe(second.outputs.get(conv)!.buffer)
    expect(bits(second.outputs.get(conv)!)).not.toEqual(kept)
    const reference = runFloat(graph, { [id]: raw[id][2] }, { analysis })
    for (const [n, out] of reference.outputs) expect(bits(third.outputs.get(n)!), n).toEqual(bits(out))
  })
})

describe('accumulateCodes', () => {
  it('gives validation\'s TypeScript sums to the last bit, called again and again on growing arrays', async () => {
    const own = await createWasmFloatKernels()
    const next = mulberry32(21)
    const table = Float32Array.from({ length: 256 }, (_, i) => (i - 128) * 0.0371 + (i % 7) * 1e-5)
    const fast = new Float64Array(5)
    const slow = new Float64Array(5)
    for (const n of [1, 7, 1000, 70_000, 300_000, 5]) {
      const ref = Float32Array.from({ length: n }, () => (next() - 0.3) * 2 ** (next() * 20 - 10))
      const codes = Int8Array.from({ length: n }, () => Math.floor(next() * 256) - 128)
      own.accumulateCodes(ref, codes, table, fast)
      for (let i = 0; i < n; i++) {
        const r = ref[i], t = table[codes[i] + 128], d = r - t
        slow[0] += r * r
        slow[1] += d * d
        slow[2] += r * t
        slow[3] += t * t
        slow[4] = Math.max(slow[4], Math.abs(d))
      }
      expect(Array.from(fast)).toEqual(Array.from(slow))
    }
    expect(() => own.accumulateCodes(new Float32Array(3), new Int8Array(2), table, fast)).toThrow('lengths do not match')
  })
})

describe('calibration and validation with the float kernels', () => {
  it('quantizeGraph (min/max and MSE, s8 and pow2) gives the same graph; validateQuantized the same report (VWW)', () => {
    const graph = importFile('vww_96_int8.tflite')
    const calibration = syntheticSamples(graph, 3, 1)
    const samples = syntheticSamples(graph, 3, 2)
    for (const [scheme, method] of [['s8', 'minmax'], ['pow2', 'mse']] as const) {
      const reference = quantizeGraph(graph, { scheme, method, samples: calibration })
      const fast = quantizeGraph(graph, { scheme, method, samples: calibration, floatKernels: kernels })
      expect(fast).toEqual(reference)
      const a = validateQuantized(graph, reference, { scheme, samples, engine: TS_INT8_ENGINE })
      const b = validateQuantized(graph, reference, { scheme, samples, engine: TS_INT8_ENGINE, floatKernels: kernels })
      expect(b).toEqual(a)
    }
  }, 60_000)
})
