/**
 * ONNX rules of the second operator set and sequence inputs, each on a small model checked two ways: the IR the rule
 * promises, and equal outputs (float engine on the import vs onnxruntime-web on the original). MFCC-style [1, T, F]
 * models (MLP, CNN, LSTM) also quantize and export as C packages that run bit-exact on the host.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { generateCPackage } from '../../codegen/c/generate-package.ts'
import { runFloat } from '../../engine/float-engine.ts'
import { outputNodes } from '../../ir/graph-queries.ts'
import type { Graph } from '../../ir/types.ts'
import { quantized } from '../../testing/c-fixtures.ts'
import { removeTempDirs, run, tempDir, writeFiles } from '../../testing/c-toolchain.ts'
import type { ModelSpec } from '../../testing/onnx-test-utils.ts'
import { encodeModel, nchwToNhwc, runOrt, seeded } from '../../testing/onnx-test-utils.ts'
import { importModel } from '../import-model.ts'
import { LSTM_WINDOW_NET, MFCC_CNN_NET, SECOND_SET_NET, SEQUENCE_NET } from '../../testing/fixture-graphs-seq.ts'
import { exportOnnxModel } from './export-onnx.ts'
import type { ImportResult } from '../import-model.ts'

const size = (dims: number[]) => dims.reduce((p, d) => p * d, 1)
const init = (name: string, dims: number[], seed: number, scale = 1) => ({ name, dims, values: seeded(size(dims), seed).map((v) => v * scale) })
const ints = (name: string, values: number[]) => ({ name, dims: [values.length], values, int64: true })

/** Imports `spec`, runs both engines on seeded input and expects equal outputs (within 1e-5); returns the import. */
async function importAndCompare(spec: ModelSpec, outDims: number[]): Promise<ImportResult> {
  const bytes = encodeModel(spec)
  const result = importModel(bytes, 'test.onnx')
  const { name, dims } = spec.inputs[0]
  const x = seeded(size(dims), 11)
  const ref = (await runOrt(bytes, { [name]: { dims, data: x } }))[spec.outputs[0]]
  const input = result.doc.graph.nodes.find((n) => n.op === 'Input')!
  const out = runFloat(result.doc.graph, { [input.id]: dims.length === 4 ? nchwToNhwc(x, dims) : x }).outputs
    .get(outputNodes(result.doc.graph)[0].id)!
  const expected = outDims.length === 4 ? nchwToNhwc(ref, outDims) : ref
  expect(out).toHaveLength(expected.length)
  for (let i = 0; i < out.length; i++) expect(Math.abs(out[i] - expected[i])).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(expected[i])))
  return result
}

const ops = (r: ImportResult) => r.doc.graph.nodes.map((n) => n.op)
const entries = (r: ImportResult) => r.report.entries.map((e) => [e.sourceOp, e.status, e.irOps.join('+')])

describe('ONNX second operator set', () => {
  it('Mul, Max and Min of two computed tensors broadcast on the NHWC layout', async () => {
    const r = await importAndCompare({
      inputs: [{ name: 'x', dims: [1, 2, 3, 3] }], outputs: ['y'],
      nodes: [
        { op: 'Relu', inputs: ['x'], outputs: ['a'] },
        { op: 'GlobalAveragePool', inputs: ['x'], outputs: ['g'] },
        { op: 'Mul', inputs: ['a', 'g'], outputs: ['p'] },
        { op: 'Max', inputs: ['p', 'x'], outputs: ['hi'] },
        { op: 'Min', inputs: ['hi', 'a'], outputs: ['y'] },
      ],
    }, [1, 2, 3, 3])
    expect(ops(r)).toEqual(['Input', 'ReLU', 'GlobalAveragePool', 'Mul', 'Maximum', 'Minimum'])
  })

  it('Transpose restates the permutation on the IR layout; MatMul of two sequences is a BatchMatMul', async () => {
    const r4 = await importAndCompare({
      inputs: [{ name: 'x', dims: [1, 2, 3, 4] }], outputs: ['y'],
      nodes: [{ op: 'Relu', inputs: ['x'], outputs: ['a'] }, { op: 'Transpose', inputs: ['a'], outputs: ['y'], attrs: { perm: [0, 1, 3, 2] } }],
    }, [1, 2, 4, 3])
    expect(r4.doc.graph.nodes[2].attrs.perm).toEqual([0, 2, 1, 3])
    const r3 = await importAndCompare({
      inputs: [{ name: 'x', dims: [1, 5, 4] }], outputs: ['y'],
      nodes: [
        { op: 'Transpose', inputs: ['x'], outputs: ['xt'], attrs: { perm: [0, 2, 1] } },
        { op: 'MatMul', inputs: ['x', 'xt'], outputs: ['y'] },
      ],
    }, [1, 5, 5])
    expect(ops(r3)).toEqual(['Input', 'Transpose', 'BatchMatMul'])
    expect(r3.doc.graph.nodes[1].attrs.perm).toEqual([0, 2, 1])
  })

  it('ConvTranspose with TFLite same or valid padding becomes TransposeConv2D ([Cin, Cout, kh, kw] → OHWI)', async () => {
    const same = await importAndCompare({
      inputs: [{ name: 'x', dims: [1, 2, 4, 4] }], outputs: ['y'],
      initializers: [init('w', [2, 3, 4, 4], 3), init('b', [3], 4)],
      nodes: [
        { op: 'ConvTranspose', inputs: ['x', 'w', 'b'], outputs: ['c'], attrs: { kernel_shape: [4, 4], strides: [2, 2], pads: [1, 1, 1, 1] } },
        { op: 'Relu', inputs: ['c'], outputs: ['y'] },
      ],
    }, [1, 3, 8, 8])
    expect(entries(same)).toEqual([['ConvTranspose', 'mapped', 'TransposeConv2D'], ['Relu', 'fused', 'TransposeConv2D']])
    expect(same.doc.graph.nodes[1].attrs).toMatchObject({ filters: 3, kernelH: 4, strideH: 2, padding: 'same', activation: 'relu' })
    const valid = await importAndCompare({
      inputs: [{ name: 'x', dims: [1, 2, 3, 4] }], outputs: ['y'],
      initializers: [init('w', [2, 2, 3, 2], 5)],
      nodes: [{ op: 'ConvTranspose', inputs: ['x', 'w'], outputs: ['y'], attrs: { strides: [2, 1] } }],
    }, [1, 2, 7, 5])
    expect(valid.doc.graph.nodes[1].attrs).toMatchObject({ padding: 'valid', useBias: false, kernelH: 3, kernelW: 2 })
    const odd = importModel(encodeModel({
      inputs: [{ name: 'x', dims: [1, 2, 4, 4] }], outputs: ['y'], initializers: [init('w', [2, 3, 3, 3], 3)],
      nodes: [{ op: 'ConvTranspose', inputs: ['x', 'w'], outputs: ['y'], attrs: { strides: [2, 2], pads: [1, 1, 1, 1], output_padding: [1, 1] } }],
    }), 'odd.onnx')
    expect(entries(odd)).toEqual([['ConvTranspose', 'unsupported', 'onnx:ConvTranspose']])
  })
})

/** x [1, T, F] → Transpose to time-major → LSTM → Y (every step) or Y_h (last step) back to batch-major. */
function lstmModel(T: number, F: number, H: number, out: 'Y' | 'Y_h', activations?: string[]): ModelSpec {
  const tail = out === 'Y'
    ? [{ op: 'Squeeze', inputs: ['y', 'axis1'], outputs: ['ys'] }, { op: 'Transpose', inputs: ['ys'], outputs: ['seq'], attrs: { perm: [1, 0, 2] } }]
    : [{ op: 'Reshape', inputs: ['yh', 'flat'], outputs: ['seq'] }]
  return {
    inputs: [{ name: 'x', dims: [1, T, F] }], outputs: ['seq'],
    initializers: [init('W', [1, 4 * H, F], 21, 0.8), init('R', [1, 4 * H, H], 22, 0.8), init('B', [1, 8 * H], 23, 0.5),
      out === 'Y' ? ints('axis1', [1]) : ints('flat', [1, H])],
    nodes: [
      { op: 'Transpose', inputs: ['x'], outputs: ['xt'], attrs: { perm: [1, 0, 2] } },
      { op: 'LSTM', inputs: ['xt', 'W', 'R', 'B'], outputs: out === 'Y' ? ['y'] : ['', 'yh'],
        attrs: { hidden_size: H, ...(activations ? { activations: { strings: activations } } : {}) } },
      ...tail,
    ],
  }
}

describe('ONNX LSTM and sequence inputs', () => {
  it('a time-major LSTM on a [1, T, F] input maps, reading every step through the views', async () => {
    const r = await importAndCompare(lstmModel(6, 3, 4, 'Y'), [1, 6, 4])
    expect(entries(r)).toEqual([['Transpose', 'dropped', ''], ['LSTM', 'mapped', 'LSTM'], ['Squeeze', 'dropped', ''], ['Transpose', 'dropped', '']])
    expect(r.doc.graph.nodes[1].attrs).toMatchObject({ units: 4, returnSequences: true, stateful: false, activation: 'tanh' })
  })

  it('reading Y_h gives the last step; a sigmoid cell activation carries over', async () => {
    const r = await importAndCompare(lstmModel(5, 3, 4, 'Y_h', ['Sigmoid', 'Sigmoid', 'Tanh']), [1, 4])
    expect(r.doc.graph.nodes[1].attrs).toMatchObject({ returnSequences: false, activation: 'sigmoid' })
  })

  it('refuses a reverse LSTM and a view read by an op that cannot take one', () => {
    const spec = lstmModel(4, 3, 2, 'Y')
    const reverse = importModel(encodeModel({ ...spec, nodes: spec.nodes.map((n) => (n.op === 'LSTM' ? { ...n, attrs: { ...n.attrs, direction: 'reverse' } } : n)) }),
      'reverse.onnx')
    expect(reverse.report.entries[1]).toMatchObject({ sourceOp: 'LSTM', status: 'unsupported' })
    const viewRead = importModel(encodeModel({
      inputs: [{ name: 'x', dims: [1, 4, 3] }], outputs: ['y'],
      nodes: [{ op: 'Transpose', inputs: ['x'], outputs: ['xt'], attrs: { perm: [1, 0, 2] } }, { op: 'Relu', inputs: ['xt'], outputs: ['y'] }],
    }), 'view.onnx')
    expect(viewRead.report.entries[1]).toMatchObject({ sourceOp: 'Relu', status: 'unsupported', reason: "its input 'xt' is a view [4, 1, 3] of a batch-1 tensor" })
  })
})

const MFCC_MLP: ModelSpec = {
  inputs: [{ name: 'mfcc', dims: [1, 12, 5] }], outputs: ['prob'],
  initializers: [init('w1', [16, 60], 31, 0.3), init('b1', [16], 32), init('w2', [4, 16], 33), init('b2', [4], 34)],
  nodes: [
    { op: 'Flatten', inputs: ['mfcc'], outputs: ['f'] },
    { op: 'Gemm', inputs: ['f', 'w1', 'b1'], outputs: ['h'], attrs: { transB: 1 } },
    { op: 'Relu', inputs: ['h'], outputs: ['r'] },
    { op: 'Gemm', inputs: ['r', 'w2', 'b2'], outputs: ['logits'], attrs: { transB: 1 } },
    { op: 'Softmax', inputs: ['logits'], outputs: ['prob'] },
  ],
}

const MFCC_CNN: ModelSpec = {
  inputs: [{ name: 'mfcc', dims: [1, 12, 5] }], outputs: ['prob'],
  initializers: [ints('axes', [1]), init('wc', [6, 1, 3, 3], 41, 0.5), init('bc', [6], 42), init('wf', [4, 6], 43), init('bf', [4], 44)],
  nodes: [
    { op: 'Unsqueeze', inputs: ['mfcc', 'axes'], outputs: ['img'] },
    { op: 'Conv', inputs: ['img', 'wc', 'bc'], outputs: ['c'], attrs: { kernel_shape: [3, 3], pads: [1, 1, 1, 1] } },
    { op: 'Relu', inputs: ['c'], outputs: ['r'] },
    { op: 'GlobalAveragePool', inputs: ['r'], outputs: ['g'] },
    { op: 'Flatten', inputs: ['g'], outputs: ['f'] },
    { op: 'Gemm', inputs: ['f', 'wf', 'bf'], outputs: ['logits'], attrs: { transB: 1 } },
    { op: 'Softmax', inputs: ['logits'], outputs: ['prob'] },
  ],
}

afterAll(removeTempDirs)

describe('MFCC-style [1, T, F] models from ONNX', () => {
  const cases: [string, ModelSpec, number[], string[]][] = [
    ['mlp', MFCC_MLP, [1, 4], ['Input', 'Flatten', 'FullyConnected', 'FullyConnected', 'Softmax']],
    ['cnn', MFCC_CNN, [1, 4], ['Input', 'Reshape', 'Conv2D', 'GlobalAveragePool', 'Flatten', 'FullyConnected', 'Softmax']],
    ['lstm', lstmModel(12, 5, 6, 'Y_h'), [1, 6], ['Input', 'LSTM']],
  ]
  it.each(cases)('%s: imports with a [T, F] Input, agrees with onnxruntime, quantizes and exports bit-exact C', async (name, spec, out, irOps) => {
    const r = await importAndCompare(spec, out)
    expect(ops(r)).toEqual(irOps)
    expect(r.doc.graph.nodes[0].attrs.shape).toEqual([12, 5])
    const q: Graph = quantized(r.doc.graph, 's8')
    const prefix = `onnx_mfcc_${name}`
    const dir = tempDir(prefix)
    writeFiles(dir, generateCPackage(q, { prefix, library: 'cmsis-nn' }))
    const host = run('make', ['-s', 'test', 'SANITIZE=1'], dir)
    expect(host.output).toMatch(new RegExp(`${prefix}: 3/3 vectors bit-exact \\(\\d+ output bytes each\\) on host\\n`))
    expect(host.code).toBe(0)
  }, 120_000)
})

describe('TinyForge ONNX exports of the second operator set import back', () => {
  const graphs: [string, Graph, string[]][] = [
    ['second-set', SECOND_SET_NET, ['Conv2D', 'TransposeConv2D', 'Mul', 'Maximum', 'Minimum', 'Transpose', 'BatchMatMul']],
    ['sequence', SEQUENCE_NET, ['Transpose', 'BatchMatMul', 'Mul']],
    ['lstm-window', LSTM_WINDOW_NET, ['LSTM', 'LSTM']],
    ['mfcc-cnn', MFCC_CNN_NET, ['Reshape', 'Conv2D', 'DepthwiseConv2D']],
  ]
  it.each(graphs)('%s: the float export re-imports with the same operators and computes the same values', (_name, graph, expectOps) => {
    const r = importModel(exportOnnxModel(graph, { quantized: false }).bytes, 'roundtrip.onnx')
    expect(r.report.entries.filter((e) => e.status === 'unsupported')).toEqual([])
    for (const op of expectOps) expect(ops(r)).toContain(op)
    const inputOf = (g: Graph) => g.nodes.find((n) => n.op === 'Input')!
    const x = seeded(size(inputOf(graph).attrs.shape as number[]), 5)
    const ref = runFloat(graph, { [inputOf(graph).id]: x }).outputs.get(outputNodes(graph)[0].id)!
    const got = runFloat(r.doc.graph, { [inputOf(r.doc.graph).id]: x }).outputs.get(outputNodes(r.doc.graph)[0].id)!
    expect(got).toHaveLength(ref.length)
    for (let i = 0; i < ref.length; i++) expect(Math.abs(got[i] - ref[i])).toBeLessThanOrEqual(1e-5)
  })
})
