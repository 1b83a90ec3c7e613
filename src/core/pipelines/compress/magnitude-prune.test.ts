import { describe, expect, it } from 'vitest'
import type { Graph } from '../../ir/types.ts'
import { nonZeroCount } from '../../quant/weight-encoding.ts'
import { mlperfGraph, templateGraph } from '../../testing/c-fixtures.ts'
import { templateById } from '../../templates/index.ts'
import { CMSIS_NN } from '../../vendors/cmsis-nn/index.ts'
import { getLibrary } from '../../vendors/registry.ts'
import { clusterWeights } from './cluster.ts'
import { SparsityError, magnitudePrune } from './magnitude-prune.ts'

const weightsOf = (g: Graph, name: string) => g.nodes.find((n) => n.name === name)!.weights!.weights

describe('magnitude pruning', () => {
  it('zeroes the smallest weights of each layer in real units (per-channel scales) up to the target', () => {
    const g = templateGraph('digits-cnn', 's8')
    const r = magnitudePrune(g, CMSIS_NN, { sparsity: 0.8 })
    for (const l of r.layers) {
      expect(l.weights - l.nnz).toBe(Math.max(Math.ceil(0.8 * l.weights), l.weights - l.nnzBefore))
      expect(l.bytesAfter).toBe(l.bytesBefore) // dense format: nothing saved
    }
    const before = weightsOf(g, 'conv1')
    const after = weightsOf(r.graph, 'conv1')
    const scale = before.quant!.scale
    const real = (i: number) => Math.abs(before.data[i]) * scale[Math.floor(i / 9)]
    const kept = [...after.data.keys()].filter((i) => after.data[i] !== 0)
    const dropped = [...after.data.keys()].filter((i) => after.data[i] === 0 && before.data[i] !== 0)
    expect(Math.min(...kept.map(real))).toBeGreaterThanOrEqual(Math.max(...dropped.map(real)))
    expect(after.encoding).toBeUndefined()
    expect(after.quant).toBe(before.quant)
  })

  it('stores the sparse format as nnz + ⌈N/8⌉ bytes per layer', () => {
    const r = magnitudePrune(mlperfGraph('vww_96_int8.tflite'), CMSIS_NN, { sparsity: 0.8, format: 'sparse' })
    expect(r.layers.length).toBe(28)
    for (const l of r.layers) {
      expect(l.bytesAfter).toBe(l.nnz + Math.ceil(l.weights / 8))
      expect(weightsOf(r.graph, l.name).encoding).toEqual({ kind: 'sparse' })
      expect(nonZeroCount(weightsOf(r.graph, l.name).data)).toBe(l.nnz)
    }
  })

  it('prunes float layers (dense format) and named layers only', () => {
    const float = templateById('digits-cnn')!.build().graph
    const r = magnitudePrune(float, CMSIS_NN, { sparsity: 0.5, layers: ['logits'] })
    expect(r.layers.map((l) => [l.name, l.weights - l.nnz])).toEqual([['logits', 3920]])
    expect(weightsOf(r.graph, 'logits').data).toBeInstanceOf(Float32Array)
    expect(r.graph.nodes.find((n) => n.name === 'conv1')).toBe(float.nodes.find((n) => n.name === 'conv1'))
  })

  it('refuses bad input with one sentence', () => {
    const g = templateGraph('digits-cnn', 's8')
    const fail = (f: () => unknown) => { try { f() } catch (e) { expect(e).toBeInstanceOf(SparsityError); return (e as Error).message } return '' }
    expect(fail(() => magnitudePrune(g, CMSIS_NN, { sparsity: 1 }))).toBe('the sparsity must be in [0, 1), got 1')
    expect(fail(() => magnitudePrune(g, CMSIS_NN, { sparsity: 0.5, perLayer: { conv1: -0.1 } }))).toBe("the sparsity of layer 'conv1' must be in [0, 1), got -0.1")
    expect(fail(() => magnitudePrune(g, CMSIS_NN, { sparsity: 0.5, layers: ['pool1'] }))).toBe("layer 'pool1' (MaxPool2D) has no weights to prune")
    expect(fail(() => magnitudePrune(templateById('digits-cnn')!.build().graph, CMSIS_NN, { sparsity: 0.5, format: 'sparse' })))
      .toBe("the sparse format stores int8 weights; quantize the graph first (layer 'conv1' has float32 weights)")
    expect(fail(() => magnitudePrune(templateGraph('digits-cnn', 'pow2'), getLibrary('pow2-q7')!, { sparsity: 0.5, format: 'sparse' })))
      .toMatch(/cannot read sparse weights/)
    const clustered = clusterWeights(g, CMSIS_NN, { clusters: 4, layers: ['conv1'] }).graph
    expect(weightsOf(clustered, 'conv1').data.includes(0)).toBe(false)
    expect(fail(() => magnitudePrune(clustered, CMSIS_NN, { sparsity: 0.2, layers: ['conv1'] })))
      .toBe("layer 'conv1' is clustered to 4 values without a zero; prune before clustering")
  })
})
