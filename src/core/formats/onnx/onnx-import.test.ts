/**
 * ONNX mapping rules, each on a small model built in the test and checked two ways: the IR structure
 * the rule promises, and equal outputs (float engine on the import vs onnxruntime-web on the original).
 */
import { describe, expect, it } from 'vitest'
import { runFloat } from '../../engine/float-engine.ts'
import { outputNodes } from '../../ir/graph-queries.ts'
import type { GraphNode } from '../../ir/types.ts'
import { importModel } from '../import-model.ts'
import type { ImportResult } from '../import-model.ts'
import type { AttrSpec, ModelSpec } from '../../testing/onnx-test-utils.ts'
import { encodeModel, nchwToNhwc, runOrt, seeded } from '../../testing/onnx-test-utils.ts'

const size = (dims: number[]) => dims.reduce((p, d) => p * d, 1)
const init = (name: string, dims: number[], seed: number) => ({ name, dims, values: seeded(size(dims), seed) })
const ints = (name: string, values: number[]) => ({ name, dims: [values.length], values, int64: true })

/** Imports `spec`, runs both engines on seeded input and expects equal outputs; returns the import. */
async function importAndCompare(spec: ModelSpec, outDims: number[]): Promise<ImportResult> {
  const bytes = encodeModel(spec)
  const result = importModel(bytes, 'test.onnx')
  const { name, dims } = spec.inputs[0]
  const x = seeded(size(dims), 11)
  const ref = (await runOrt(bytes, { [name]: { dims, data: x } }))[spec.outputs[0]]
  const input = result.doc.graph.nodes.find((n) => n.op === 'Input')!
  const run = runFloat(result.doc.graph, { [input.id]: dims.length === 4 ? nchwToNhwc(x, dims) : x })
  const out = run.outputs.get(outputNodes(result.doc.graph)[0].id)!
  const expected = outDims.length === 4 ? nchwToNhwc(ref, outDims) : ref
  expect(out).toHaveLength(expected.length)
  for (let i = 0; i < out.length; i++) expect(Math.abs(out[i] - expected[i])).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(expected[i])))
  return result
}

const ops = (r: ImportResult) => r.doc.graph.nodes.map((n) => n.op)
const nodeOf = (r: ImportResult, op: string): GraphNode => r.doc.graph.nodes.find((n) => n.op === op)!
const entries = (r: ImportResult) => r.report.entries.map((e) => [e.sourceOp, e.status, e.irOps.join('+')])

describe('ONNX convolutions', () => {
  it('symmetric pads become same padding; bias and Relu fuse (OIHW → OHWI)', async () => {
    const r = await importAndCompare({
      inputs: [{ name: 'x', dims: [1, 3, 8, 8] }], outputs: ['y'],
      initializers: [init('w', [4, 3, 3, 3], 1), init('b', [4], 2)],
      nodes: [
        { op: 'Conv', inputs: ['x', 'w', 'b'], outputs: ['c'], attrs: { kernel_shape: [3, 3], pads: [1, 1, 1, 1] } },
        { op: 'Relu', inputs: ['c'], outputs: ['y'] },
      ],
    }, [1, 4, 8, 8])
    expect(ops(r)).toEqual(['Input', 'Conv2D'])
    expect(nodeOf(r, 'Conv2D').attrs).toMatchObject({ filters: 4, padding: 'same', useBias: true, activation: 'relu' })
    expect(nodeOf(r, 'Conv2D').weights!.weights.shape).toEqual([4, 3, 3, 3])
    expect(entries(r)).toEqual([['Conv', 'mapped', 'Conv2D'], ['Relu', 'fused', 'Conv2D']])
  })

  it('strided pads equal to TFLite same (extra cell at the end) and SAME_UPPER both map to same', async () => {
    const variants: Record<string, AttrSpec>[] = [{ pads: [0, 0, 1, 1], strides: [2, 2] }, { auto_pad: 'SAME_UPPER', strides: [2, 2] }]
    for (const attrs of variants) {
      const r = await importAndCompare({
        inputs: [{ name: 'x', dims: [1, 2, 8, 8] }], outputs: ['y'], initializers: [init('w', [3, 2, 3, 3], 3)],
        nodes: [{ op: 'Conv', inputs: ['x', 'w'], outputs: ['y'], attrs: { kernel_shape: [3, 3], ...attrs } }],
      }, [1, 3, 4, 4])
      expect(nodeOf(r, 'Conv2D').attrs).toMatchObject({ padding: 'same', strideH: 2, useBias: false })
    }
  })

  it('other pads become a Pad node before a valid convolution', async () => {
    const r = await importAndCompare({
      inputs: [{ name: 'x', dims: [1, 2, 6, 6] }], outputs: ['y'], initializers: [init('w', [3, 2, 3, 3], 4)],
      nodes: [{ op: 'Conv', inputs: ['x', 'w'], outputs: ['y'], attrs: { pads: [2, 1, 0, 1] } }],
    }, [1, 3, 6, 6])
    expect(ops(r)).toEqual(['Input', 'Pad', 'Conv2D'])
    expect(nodeOf(r, 'Pad').attrs).toEqual({ top: 2, left: 1, bottom: 0, right: 1 })
    expect(nodeOf(r, 'Conv2D').attrs.padding).toBe('valid')
    expect(entries(r)).toEqual([['Conv', 'mapped', 'Pad+Conv2D']])
  })

  it('an explicit Pad equal to the next Conv\'s same padding merges into it', async () => {
    const r = await importAndCompare({
      inputs: [{ name: 'x', dims: [1, 2, 7, 7] }], outputs: ['y'],
      initializers: [init('w', [3, 2, 3, 3], 5), ints('p', [0, 0, 1, 1, 0, 0, 1, 1])],
      nodes: [
        { op: 'Pad', inputs: ['x', 'p'], outputs: ['xp'] },
        { op: 'Conv', inputs: ['xp', 'w'], outputs: ['y'] },
      ],
    }, [1, 3, 7, 7])
    expect(ops(r)).toEqual(['Input', 'Conv2D'])
    expect(nodeOf(r, 'Conv2D').attrs.padding).toBe('same')
    expect(r.report.entries[0]).toMatchObject({ sourceOp: 'Pad', status: 'fused', becameNodes: ['n2'], irOps: ['Conv2D'] })
  })

  it('group == channels is a depthwise conv; BatchNormalization folds and Clip(0, 6) fuses', async () => {
    const r = await importAndCompare({
      opset: 13,
      inputs: [{ name: 'x', dims: [1, 3, 6, 6] }], outputs: ['y'],
      initializers: [
        init('w', [6, 1, 3, 3], 6), init('b', [6], 7), init('gamma', [6], 8), init('beta', [6], 9), init('mean', [6], 10),
        { name: 'var', dims: [6], values: [0.5, 1, 1.5, 2, 0.25, 3] }, { name: 'lo', dims: [], values: [0] }, { name: 'hi', dims: [], values: [6] },
      ],
      nodes: [
        { op: 'Conv', inputs: ['x', 'w', 'b'], outputs: ['c'], attrs: { group: 3, pads: [1, 1, 1, 1] } },
        { op: 'BatchNormalization', inputs: ['c', 'gamma', 'beta', 'mean', 'var'], outputs: ['bn'], attrs: { epsilon: { float: 0.001 } } },
        { op: 'Clip', inputs: ['bn', 'lo', 'hi'], outputs: ['y'] },
      ],
    }, [1, 6, 6, 6])
    expect(ops(r)).toEqual(['Input', 'DepthwiseConv2D'])
    expect(nodeOf(r, 'DepthwiseConv2D').attrs).toMatchObject({ depthMultiplier: 2, padding: 'same', activation: 'relu6' })
    expect(nodeOf(r, 'DepthwiseConv2D').weights!.weights.shape).toEqual([1, 3, 3, 6])
    expect(entries(r)).toEqual([['Conv', 'mapped', 'DepthwiseConv2D'], ['BatchNormalization', 'folded', 'DepthwiseConv2D'], ['Clip', 'fused', 'DepthwiseConv2D']])
  })
})

describe('ONNX pooling, dense layers and the CHW → HWC flattening', () => {
  it('pools, Flatten of a 2×2×C map and Gemm (transB) with permuted weight columns, Softmax', async () => {
    const r = await importAndCompare({
      inputs: [{ name: 'x', dims: [1, 4, 9, 9] }], outputs: ['y'],
      initializers: [init('w', [5, 16], 12), init('c', [5], 13)],
      nodes: [
        { op: 'MaxPool', inputs: ['x'], outputs: ['m'], attrs: { kernel_shape: [3, 3], strides: [3, 3] } },
        { op: 'AveragePool', inputs: ['m'], outputs: ['a'], attrs: { kernel_shape: [2, 2], strides: [2, 2], pads: [0, 0, 1, 1] } },
        { op: 'Flatten', inputs: ['a'], outputs: ['f'] },
        { op: 'Gemm', inputs: ['f', 'w', 'c'], outputs: ['g'], attrs: { transB: 1, alpha: { float: 0.5 } } },
        { op: 'Softmax', inputs: ['g'], outputs: ['y'] },
      ],
    }, [1, 5])
    expect(ops(r)).toEqual(['Input', 'MaxPool2D', 'AvgPool2D', 'Flatten', 'FullyConnected', 'Softmax'])
    expect(nodeOf(r, 'AvgPool2D').attrs).toMatchObject({ poolH: 2, strideH: 2, padding: 'same' })
    expect(r.report.entries[3].reason).toMatch(/weight columns reordered/)
  })

  it('AveragePool counting its padding becomes a Pad and a valid pool (exact)', async () => {
    const r = await importAndCompare({
      inputs: [{ name: 'x', dims: [1, 2, 5, 5] }], outputs: ['y'],
      nodes: [{ op: 'AveragePool', inputs: ['x'], outputs: ['y'], attrs: { kernel_shape: [3, 3], pads: [1, 1, 1, 1], count_include_pad: 1 } }],
    }, [1, 2, 5, 5])
    expect(ops(r)).toEqual(['Input', 'Pad', 'AvgPool2D'])
    expect(nodeOf(r, 'AvgPool2D').attrs.padding).toBe('valid')
    expect(r.report.diagnostics).toEqual([])
  })

  it('Concat on channels, Add of two tensors with a fused Relu, GlobalAveragePool, MatMul + Add', async () => {
    const r = await importAndCompare({
      inputs: [{ name: 'x', dims: [1, 2, 5, 5] }], outputs: ['y'],
      initializers: [init('wa', [3, 2, 1, 1], 14), init('wb', [3, 2, 1, 1], 15), init('wc', [6, 2, 1, 1], 16),
        init('m', [6, 4], 17), init('bias', [4], 18)],
      nodes: [
        { op: 'Conv', inputs: ['x', 'wa'], outputs: ['a'] },
        { op: 'Conv', inputs: ['x', 'wb'], outputs: ['b'] },
        { op: 'Concat', inputs: ['a', 'b'], outputs: ['ab'], attrs: { axis: 1 } },
        { op: 'Conv', inputs: ['x', 'wc'], outputs: ['c'] },
        { op: 'Add', inputs: ['ab', 'c'], outputs: ['s'] },
        { op: 'Relu', inputs: ['s'], outputs: ['r'] },
        { op: 'GlobalAveragePool', inputs: ['r'], outputs: ['gap'] },
        { op: 'Flatten', inputs: ['gap'], outputs: ['f'] },
        { op: 'MatMul', inputs: ['f', 'm'], outputs: ['mm'] },
        { op: 'Add', inputs: ['mm', 'bias'], outputs: ['y'] },
      ],
    }, [1, 4])
    expect(ops(r)).toEqual(['Input', 'Conv2D', 'Conv2D', 'Concat', 'Conv2D', 'Add', 'GlobalAveragePool', 'Flatten', 'FullyConnected'])
    expect(nodeOf(r, 'Add').attrs.activation).toBe('relu')
    expect(nodeOf(r, 'FullyConnected').attrs).toMatchObject({ units: 4, useBias: true })
  })

  it('a per-channel affine that cannot fold becomes a 1×1 depthwise convolution', async () => {
    const r = await importAndCompare({
      inputs: [{ name: 'x', dims: [1, 3, 4, 4] }], outputs: ['y'],
      initializers: [init('g', [3], 19), init('be', [3], 20), init('mu', [3], 21), { name: 'v', dims: [3], values: [1, 2, 3] },
        init('s', [1, 3, 1, 1], 22)],
      nodes: [
        { op: 'BatchNormalization', inputs: ['x', 'g', 'be', 'mu', 'v'], outputs: ['bn'] },
        { op: 'MaxPool', inputs: ['bn'], outputs: ['p'], attrs: { kernel_shape: [2, 2], strides: [2, 2] } },
        { op: 'Mul', inputs: ['p', 's'], outputs: ['y'] },
      ],
    }, [1, 3, 2, 2])
    expect(ops(r)).toEqual(['Input', 'DepthwiseConv2D', 'MaxPool2D', 'DepthwiseConv2D'])
    expect(nodeOf(r, 'DepthwiseConv2D').attrs).toMatchObject({ kernelH: 1, kernelW: 1, depthMultiplier: 1 })
  })

  it('folds the Shape → Gather → Unsqueeze → Concat → Reshape chain of a PyTorch flatten', async () => {
    const r = await importAndCompare({
      inputs: [{ name: 'x', dims: [1, 2, 3, 3] }], outputs: ['y'],
      initializers: [init('w', [2, 2, 1, 1], 23), { name: 'zero', dims: [], values: [0], int64: true }, ints('axes', [0]),
        ints('rest', [-1]), init('fc', [3, 18], 24)],
      nodes: [
        { op: 'Conv', inputs: ['x', 'w'], outputs: ['c'] },
        { op: 'Shape', inputs: ['c'], outputs: ['shape'] },
        { op: 'Gather', inputs: ['shape', 'zero'], outputs: ['n'], attrs: { axis: 0 } },
        { op: 'Unsqueeze', inputs: ['n', 'axes'], outputs: ['n1'] },
        { op: 'Concat', inputs: ['n1', 'rest'], outputs: ['target'], attrs: { axis: 0 } },
        { op: 'Reshape', inputs: ['c', 'target'], outputs: ['f'] },
        { op: 'Gemm', inputs: ['f', 'fc'], outputs: ['y'], attrs: { transB: 1 } },
      ],
    }, [1, 3])
    expect(ops(r)).toEqual(['Input', 'Conv2D', 'Flatten', 'FullyConnected'])
    expect(entries(r).filter(([, s]) => s === 'folded').map(([op]) => op)).toEqual(['Shape', 'Gather', 'Unsqueeze', 'Concat'])
  })
})

describe('ONNX shape ops', () => {
  it('Dropout and Identity are dropped; ReduceMean over H, W and Squeeze become a pool and a Flatten', async () => {
    const r = await importAndCompare({
      inputs: [{ name: 'x', dims: [1, 3, 4, 4] }], outputs: ['y'],
      initializers: [init('w', [5, 3, 1, 1], 27), ints('axes', [2, 3]), init('fc', [5, 2], 28)],
      nodes: [
        { op: 'Conv', inputs: ['x', 'w'], outputs: ['c'] },
        { op: 'Dropout', inputs: ['c'], outputs: ['d'] },
        { op: 'Identity', inputs: ['d'], outputs: ['i'] },
        { op: 'ReduceMean', inputs: ['i'], outputs: ['m'], attrs: { axes: [2, 3], keepdims: 1 } },
        { op: 'Squeeze', inputs: ['m', 'axes'], outputs: ['s'] },
        { op: 'MatMul', inputs: ['s', 'fc'], outputs: ['y'] },
      ],
    }, [1, 2])
    expect(ops(r)).toEqual(['Input', 'Conv2D', 'GlobalAveragePool', 'Flatten', 'FullyConnected'])
    expect(entries(r)).toEqual([
      ['Conv', 'mapped', 'Conv2D'], ['Dropout', 'dropped', ''], ['Identity', 'dropped', ''],
      ['ReduceMean', 'mapped', 'GlobalAveragePool'], ['Squeeze', 'mapped', 'Flatten'], ['MatMul', 'mapped', 'FullyConnected'],
    ])
  })

  it('a flat vector reshaped to 1×C×1×1 feeds a 1×1 convolution', async () => {
    const r = await importAndCompare({
      inputs: [{ name: 'x', dims: [1, 6] }], outputs: ['y'],
      initializers: [init('fc', [6, 4], 29), ints('shape', [1, 4, 1, 1]), init('w', [3, 4, 1, 1], 30), ints('flat', [1, -1])],
      nodes: [
        { op: 'MatMul', inputs: ['x', 'fc'], outputs: ['h'] },
        { op: 'Reshape', inputs: ['h', 'shape'], outputs: ['img'] },
        { op: 'Conv', inputs: ['img', 'w'], outputs: ['c'] },
        { op: 'Reshape', inputs: ['c', 'flat'], outputs: ['y'] },
      ],
    }, [1, 3])
    expect(ops(r)).toEqual(['Input', 'FullyConnected', 'Reshape', 'Conv2D', 'Flatten'])
    expect(nodeOf(r, 'Reshape').attrs.shape).toEqual([1, 1, 4])
  })
})

describe('unsupported ONNX operators', () => {
  it('become marked nodes with a reason and a suggestion; the rest still maps', () => {
    const r = importModel(encodeModel({
      inputs: [{ name: 'x', dims: [1, 4] }], outputs: ['y'], initializers: [init('a', [4, 3], 25), init('b', [3, 2], 26)],
      nodes: [
        { op: 'MatMul', inputs: ['x', 'a'], outputs: ['h'] },
        { op: 'HardSwish', inputs: ['h'], outputs: ['s'], name: 'gate' },
        { op: 'MatMul', inputs: ['s', 'b'], outputs: ['y'] },
      ],
    }), 'test.onnx')
    expect(ops(r)).toEqual(['Input', 'FullyConnected', 'onnx:HardSwish', 'FullyConnected'])
    expect(r.report.entries[1]).toEqual({
      sourceOp: 'HardSwish', sourceName: 'gate', becameNodes: ['n3'], irOps: ['onnx:HardSwish'], status: 'unsupported',
      reason: 'no hard-swish kernel in the operator set', suggestion: 'use ReLU6 and retrain',
    })
    const errors = r.report.diagnostics.filter((d) => d.severity === 'error')
    expect(errors.map((d) => [d.code, d.nodeId])).toEqual([['unknown-op', 'n3']])
    expect(nodeOf(r, 'FullyConnected').weights!.weights.shape).toEqual([3, 4])
  })

  it('a softmax over a spatial axis and a transpose of the batch axis are reported, not mapped', () => {
    const r = importModel(encodeModel({
      inputs: [{ name: 'x', dims: [1, 2, 3, 3] }], outputs: ['y'],
      nodes: [
        { op: 'Softmax', inputs: ['x'], outputs: ['s'], attrs: { axis: 3 } },
        { op: 'Transpose', inputs: ['s'], outputs: ['y'], attrs: { perm: [1, 0, 2, 3] } },
      ],
    }), 'test.onnx')
    expect(entries(r)).toEqual([['Softmax', 'unsupported', 'onnx:Softmax'], ['Transpose', 'unsupported', 'onnx:Transpose']])
    expect(r.report.entries.map((e) => e.reason)).toEqual([
      'a softmax over an axis other than channels', 'a permutation [1, 0, 2, 3] that moves the batch axis',
    ])
  })
})
