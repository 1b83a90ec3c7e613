import { describe, expect, it } from 'vitest'
import { prepareInputs, runInt8 } from '../../engine/int8-engine.ts'
import type { Graph } from '../../ir/types.ts'
import { mlperfGraph, templateGraph } from '../../testing/c-fixtures.ts'
import { templateById } from '../../templates/index.ts'
import { clusterCodes, distinctCodes, packPalette, packSparse, unpackPalette } from '../../quant/weight-encoding.ts'
import { CMSIS_NN } from '../../vendors/cmsis-nn/index.ts'
import { exportOnnx } from '../../formats/onnx/export-onnx.ts'
import { decodeOnnxModel, tensorValues } from '../../formats/onnx/onnx-proto.ts'
import { getLibrary } from '../../vendors/registry.ts'
import { ClusterError, clusterWeights } from './cluster.ts'

const vww = mlperfGraph('vww_96_int8.tflite')
const weightsOf = (g: Graph, name: string) => g.nodes.find((n) => n.name === name)!.weights!

describe('k-means of int8 codes and the palette format', () => {
  it('clusters from a linear initialisation to rounded centroids', () => {
    const { codes, centroids } = clusterCodes(Int8Array.from([-100, -98, 0, 2, 100, 98]), 4)
    expect([...codes]).toEqual([-99, -99, 0, 2, 99, 99])
    expect(centroids).toEqual([-99, 0, 2, 99])
  })

  it('packs indices LSB-first at 2, 3, 4, 6 and 8 bits and unpacks them exactly', () => {
    const data = Int8Array.from({ length: 37 }, (_, i) => ((i * 7) % 4) * 10 - 15)
    const p = packPalette(data, 4)!
    expect([...p.codebook]).toEqual([-15, -5, 5, 15])
    // codes 0, 3, 2, 1 → indices 0, 3, 2, 1 → bits 00 11 01 10 (LSB first) = 0b01101100
    expect(p.indices[0]).toBe(0b01_10_11_00)
    expect(p.indices.length).toBe(Math.ceil(37 * 2 / 8))
    for (const k of [4, 8, 16, 64, 256] as const) {
      const q = packPalette(data, k)!
      expect(q.codebook.length).toBe(k)
      expect(q.indices.length).toBe(Math.ceil((37 * Math.log2(k)) / 8))
      expect(unpackPalette(q.indices, q.codebook, q.bits, 37)).toEqual(data)
    }
    expect(packPalette(Int8Array.from([1, 2, 3, 4, 5]), 4)).toBeUndefined()
  })

  it('stores a sparse tensor as a bitmap and its non-zero values', () => {
    const s = packSparse(Int8Array.from([0, 3, 0, 0, 0, 0, 0, -1, 0, 9]))
    expect([...s.bitmap]).toEqual([0b1000_0010, 0b10])
    expect([...s.values]).toEqual([3, -1, 9])
  })
})

describe('clusterWeights', () => {
  it('clusters VWW int8 to 16 codes per layer, keeping scales and biases; 4-bit storage is under 51 % of int8', () => {
    const r = clusterWeights(vww, CMSIS_NN, { clusters: 16 })
    expect(r.layers.length).toBe(vww.nodes.filter((n) => ['Conv2D', 'DepthwiseConv2D', 'FullyConnected'].includes(n.op)).length)
    for (const l of r.layers) {
      const before = weightsOf(vww, l.name)
      const after = weightsOf(r.graph, l.name)
      expect(distinctCodes(after.weights.data as Int8Array).length).toBeLessThanOrEqual(16)
      expect(after.weights.encoding).toEqual({ kind: 'palette', clusters: 16 })
      expect(after.weights.quant).toBe(before.weights.quant)
      expect(after.bias).toBe(before.bias)
      expect(l.bits).toBe(4)
    }
    const dense = r.layers.reduce((s, l) => s + l.denseBytes, 0)
    const packed = r.layers.reduce((s, l) => s + l.packedBytes, 0)
    expect(packed / dense).toBeLessThanOrEqual(0.51)
    expect(vww.nodes.find((n) => n.op === 'Conv2D')!.weights!.weights.encoding).toBeUndefined() // input untouched
    const input = r.graph.nodes.find((n) => n.op === 'Input')!
    const raw = Float32Array.from({ length: 96 * 96 * 3 }, (_, i) => (i * 37) % 256)
    const out = runInt8(r.graph, prepareInputs(r.graph, { [input.id]: raw }))
    expect(out.outputs.size).toBe(r.graph.nodes.length)
  })

  it('stores a layer selected by default that already has at most k codes as it is', () => {
    const r = clusterWeights(vww, CMSIS_NN, { clusters: 64 })
    const dw1 = r.layers.find((l) => l.distinctBefore < 64)!
    expect(dw1.distinctAfter).toBe(dw1.distinctBefore)
    expect(weightsOf(r.graph, dw1.name).weights.data).toBe(weightsOf(vww, dw1.name).weights.data)
    expect(weightsOf(r.graph, dw1.name).weights.encoding).toEqual({ kind: 'palette', clusters: 64 })
  })

  it('clusters only the named layers, with per-layer counts', () => {
    const g = templateGraph('digits-cnn', 's8')
    const r = clusterWeights(g, CMSIS_NN, { clusters: 8, layers: ['conv2'], perLayer: { logits: 4 } })
    expect(r.layers.map((l) => [l.name, l.clusters, l.bits])).toEqual([['conv2', 8, 3], ['logits', 4, 2]])
    expect(weightsOf(r.graph, 'conv1').weights.encoding).toBeUndefined()
  })

  it('exports the clustered int8 codes to ONNX QDQ unchanged (an ordinary int8 model)', () => {
    const r = clusterWeights(templateGraph('digits-cnn', 's8'), CMSIS_NN, { clusters: 4 })
    const inits = decodeOnnxModel(exportOnnx(r.graph, { quantized: true })).graph!.initializer!
    const conv2 = r.graph.nodes.find((n) => n.name === 'conv2')!
    const w = tensorValues(inits.find((t) => t.name === 'conv2_w_q')!, 'conv2_w_q')
    const codes = distinctCodes(conv2.weights!.weights.data as Int8Array)
    expect(codes.length).toBeLessThanOrEqual(4)
    expect(w.dims).toEqual([16, 8, 3, 3])
    expect(distinctCodes(Int8Array.from(w.values))).toEqual(codes)
  })

  it('refuses bad input with one sentence and leaves the graph untouched', () => {
    const g = templateGraph('digits-cnn', 's8')
    const fail = (f: () => unknown) => { try { f() } catch (e) { expect(e).toBeInstanceOf(ClusterError); return (e as Error).message } return '' }
    expect(fail(() => clusterWeights(g, CMSIS_NN, { clusters: 5 }))).toBe('the cluster count must be one of 4, 8, 16, 64, 256, got 5')
    expect(fail(() => clusterWeights(g, CMSIS_NN, { clusters: 256, layers: ['conv1'] }))).toMatch(/^layer 'conv1' has only \d+ distinct weight values, fewer than 256 clusters$/)
    expect(fail(() => clusterWeights(g, CMSIS_NN, { clusters: 16, perLayer: { conv1: 256 } }))).toMatch(/^layer 'conv1' has only \d+ distinct/)
    expect(fail(() => clusterWeights(g, CMSIS_NN, { clusters: 4, layers: ['nope'] }))).toBe("no layer 'nope' to cluster")
    expect(fail(() => clusterWeights(g, CMSIS_NN, { clusters: 4, layers: ['pool1'] }))).toBe("layer 'pool1' (MaxPool2D) has no weights to cluster")
    expect(fail(() => clusterWeights(g, CMSIS_NN, { clusters: 4, perLayer: { conv1: 3 } }))).toBe("the cluster count of layer 'conv1' must be one of 4, 8, 16, 64, 256, got 3")
    const float = templateById('digits-cnn')!.build().graph
    expect(fail(() => clusterWeights(float, CMSIS_NN, { clusters: 4 }))).toMatch(/^clustering needs a quantized \(int8\) graph; quantize it first/)
    expect(fail(() => clusterWeights(templateGraph('digits-cnn', 'pow2'), getLibrary('pow2-q7')!, { clusters: 4 })))
      .toMatch(/kernels cannot read palettized weights; clustering needs an s8 library$/)
  })
})
