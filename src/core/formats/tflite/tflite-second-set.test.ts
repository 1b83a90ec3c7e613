/**
 * TFLite rules of the second operator set on small float models written with the generated builders: what maps, with
 * which attributes, and what is refused with a sentence (tools/tflite-writer/tflite-roundtrip.test.ts covers full
 * integer models end to end).
 */
import * as flatbuffers from 'flatbuffers'
import { describe, expect, it } from 'vitest'
import { runFloat } from '../../engine/float-engine.ts'
import { outputNodes } from '../../ir/graph-queries.ts'
import type { ImportResult } from '../import-model.ts'
import { importModel } from '../import-model.ts'
import {
  ActivationFunctionType, BatchMatMulOptions, BuiltinOperator as Op, BuiltinOptions, MulOptions, Padding, ReducerOptions, TensorType,
  TransposeConvOptions,
  UnidirectionalSequenceLSTMOptions,
} from './generated/tflite_generated.ts'
import type { OpSpec, TensorSpec } from '../../testing/tflite-test-utils.ts'
import { buildTflite, f32, i32 } from '../../testing/tflite-test-utils.ts'

const run = (bytes: Uint8Array): ImportResult => importModel(bytes, 'test.tflite')
const entries = (r: ImportResult) => r.report.entries.map((e) => [e.sourceOp, e.status, e.irOps.join('+')])
const mulOpts = (act: ActivationFunctionType): OpSpec['options'] =>
  [BuiltinOptions.MulOptions, (b: flatbuffers.Builder) => MulOptions.createMulOptions(b, act)]

describe('TFLite second operator set', () => {
  it('maps a MUL of two computed tensors (broadcast, fused RELU) and refuses a constant operand', () => {
    const r = run(buildTflite({
      tensors: [{ shape: [1, 2, 2, 2], name: 'x' }, { shape: [1, 1, 1, 2], name: 'g' }, { shape: [1, 2, 2, 2], name: 'y' },
        { shape: [1, 1, 1, 2], name: 'axes', type: TensorType.INT32, data: i32([1, 2]) }],
      inputs: [0], outputs: [2],
      ops: [{ op: Op.MEAN, inputs: [0, 3], outputs: [1], options: [BuiltinOptions.ReducerOptions,
        (b: flatbuffers.Builder) => ReducerOptions.createReducerOptions(b, true)] }, { op: Op.MUL, inputs: [0, 1], outputs: [2], options: mulOpts(ActivationFunctionType.RELU) }],
    }))
    expect(entries(r)).toEqual([['MEAN', 'mapped', 'GlobalAveragePool'], ['MUL', 'mapped', 'Mul']])
    expect(r.doc.graph.nodes[2].attrs.activation).toBe('relu')
    const x = Float32Array.of(1, -2, 3, 4, 5, 6, -7, 8) // NHWC; channel means 0.5 and 4
    const out = runFloat(r.doc.graph, { n1: x }).outputs.get(outputNodes(r.doc.graph)[0].id)!
    expect(Array.from(out)).toEqual([0.5, 0, 1.5, 16, 2.5, 24, 0, 32])
    const constant = run(buildTflite({
      tensors: [{ shape: [1, 4] }, { shape: [1, 4], data: f32([1, 2, 3, 4]) }, { shape: [1, 4] }], inputs: [0], outputs: [2],
      ops: [{ op: Op.MUL, inputs: [0, 1], outputs: [2], options: mulOpts(ActivationFunctionType.NONE) }],
    }))
    expect(constant.report.entries[0]).toMatchObject({ status: 'unsupported',
      reason: 'an operand is a constant (the element-wise kernels take two computed tensors)' })
  })

  it('maps TRANSPOSE (identity dropped, batch move refused) and BATCH_MATMUL (adj_y → transposeB; adj_x refused)', () => {
    const perm = (p: number[]): TensorSpec => ({ shape: [p.length], type: TensorType.INT32, data: i32(p) })
    const bmm = (adjX: boolean, adjY: boolean): OpSpec['options'] =>
      [BuiltinOptions.BatchMatMulOptions, (b: flatbuffers.Builder) => BatchMatMulOptions.createBatchMatMulOptions(b, adjX, adjY, false)]
    const r = run(buildTflite({
      tensors: [{ shape: [1, 3, 4], name: 'x' }, perm([0, 1, 2]), { shape: [1, 3, 4], name: 'same' }, perm([0, 2, 1]), { shape: [1, 4, 3], name: 'xt' },
        { shape: [1, 3, 3], name: 'gram' }, { shape: [1, 3, 3], name: 'bad' }],
      inputs: [0], outputs: [5, 6],
      ops: [{ op: Op.TRANSPOSE, inputs: [0, 1], outputs: [2] }, { op: Op.TRANSPOSE, inputs: [2, 3], outputs: [4] },
        { op: Op.BATCH_MATMUL, inputs: [0, 0], outputs: [5], options: bmm(false, true) },
        { op: Op.BATCH_MATMUL, inputs: [4, 4], outputs: [6], options: bmm(true, false) }],
    }))
    expect(entries(r)).toEqual([['TRANSPOSE', 'dropped', ''], ['TRANSPOSE', 'mapped', 'Transpose'], ['BATCH_MATMUL', 'mapped', 'BatchMatMul'],
      ['BATCH_MATMUL', 'unsupported', 'tflite:BATCH_MATMUL']])
    expect(r.doc.graph.nodes.find((n) => n.op === 'BatchMatMul')!.attrs.transposeB).toBe(true)
    const batch = run(buildTflite({
      tensors: [{ shape: [1, 3, 4] }, perm([1, 0, 2]), { shape: [3, 1, 4] }], inputs: [0], outputs: [2],
      ops: [{ op: Op.TRANSPOSE, inputs: [0, 1], outputs: [2] }],
    }))
    expect(batch.report.entries[0]).toMatchObject({ status: 'unsupported', reason: 'a permutation [1, 0, 2] that moves the batch axis' })
  })

  it('maps TRANSPOSE_CONV when output_shape is the same/valid size and refuses other sizes', () => {
    const opts = (padding: Padding): OpSpec['options'] => [BuiltinOptions.TransposeConvOptions,
      (b: flatbuffers.Builder) => TransposeConvOptions.createTransposeConvOptions(b, padding, 2, 2, ActivationFunctionType.NONE)]
    const model = (outShape: number[], padding: Padding) => buildTflite({
      tensors: [{ shape: [4], type: TensorType.INT32, data: i32(outShape) }, { shape: [1, 2, 2, 1], data: f32([1, 1, 1, 1]) },
        { shape: [1, 2, 2, 1], name: 'x' }, { shape: outShape, name: 'y' }],
      inputs: [2], outputs: [3], ops: [{ op: Op.TRANSPOSE_CONV, inputs: [0, 1, 2, -1], outputs: [3], options: opts(padding) }],
    })
    const same = run(model([1, 4, 4, 1], Padding.SAME))
    expect(entries(same)).toEqual([['TRANSPOSE_CONV', 'mapped', 'TransposeConv2D']])
    expect(same.doc.graph.nodes[1].attrs).toMatchObject({ filters: 1, kernelH: 2, strideH: 2, padding: 'same', useBias: false })
    const out = runFloat(same.doc.graph, { n1: Float32Array.of(1, 2, 3, 4) }).outputs.get(same.doc.graph.nodes[1].id)!
    expect(Array.from(out)).toEqual([1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4])
    const odd = run(model([1, 5, 5, 1], Padding.VALID))
    expect(odd.report.entries[0]).toMatchObject({ status: 'unsupported' })
    expect(odd.report.entries[0].reason).toContain('other than the valid size [1, 4, 4, 1]')
  })

  it('refuses LSTM variants without a kernel: CIFG, peepholes, time-major', () => {
    const H = 2
    const F = 3
    const tensors: TensorSpec[] = [{ shape: [1, 4, F], name: 'x' }]
    const w = (rows: number, cols: number) => { tensors.push({ shape: [rows, cols], data: f32(new Array(rows * cols).fill(0.1)) }); return tensors.length - 1 }
    const v = (n: number) => { tensors.push({ shape: [n], data: f32(new Array(n).fill(0)) }); return tensors.length - 1 }
    const W = [0, 1, 2, 3].map(() => w(H, F))
    const R = [0, 1, 2, 3].map(() => w(H, H))
    const B = [0, 1, 2, 3].map(() => v(H))
    const peep = v(H)
    tensors.push({ shape: [1, H], name: 'h', isVariable: true }, { shape: [1, H], name: 'c', isVariable: true }, { shape: [1, 4, H], name: 'y' })
    const [h, c, y] = [tensors.length - 3, tensors.length - 2, tensors.length - 1]
    const model = (inputs: number[], timeMajor = false) => buildTflite({
      tensors, inputs: [0], outputs: [y],
      ops: [{ op: Op.UNIDIRECTIONAL_SEQUENCE_LSTM, inputs, outputs: [y], options: [BuiltinOptions.UnidirectionalSequenceLSTMOptions,
        (b: flatbuffers.Builder) => UnidirectionalSequenceLSTMOptions.createUnidirectionalSequenceLSTMOptions(b, ActivationFunctionType.TANH, 0, 0,
          timeMajor, false, false)] }],
    })
    const plain = [0, ...W, ...R, -1, -1, -1, ...B, -1, -1, h, c, -1, -1, -1, -1]
    const ok = run(model(plain))
    expect(entries(ok)).toEqual([['UNIDIRECTIONAL_SEQUENCE_LSTM', 'mapped', 'LSTM']])
    expect(ok.doc.graph.nodes[1].attrs).toMatchObject({ units: 2, stateful: true, returnSequences: true, activation: 'tanh' })
    const reasons = [
      model(plain.map((t, i) => (i === 1 || i === 5 || i === 12 ? -1 : t))),
      model(plain.map((t, i) => (i === 10 ? peep : t))),
      model(plain, true),
    ].map((bytes) => run(bytes).report.entries[0].reason)
    expect(reasons).toEqual(['coupled input and forget gates (CIFG)', 'peephole connections', 'a time-major input [T, B, F]'])
  })

  it('takes [1, T, F] inputs and refuses rank 5', () => {
    const seq = run(buildTflite({ tensors: [{ shape: [1, 49, 10], name: 'mfcc' }, { shape: [1, 490], name: 'f' }], inputs: [0], outputs: [1],
      ops: [{ op: Op.RESHAPE, inputs: [0], outputs: [1] }] }))
    expect(seq.doc.graph.nodes[0].attrs.shape).toEqual([49, 10])
    expect(entries(seq)).toEqual([['RESHAPE', 'mapped', 'Flatten']])
    expect(() => run(buildTflite({ tensors: [{ shape: [1, 2, 3, 4, 5] }, { shape: [1, 120] }], inputs: [0], outputs: [1],
      ops: [{ op: Op.RESHAPE, inputs: [0], outputs: [1] }] }))).toThrow('TinyForge inputs are 1×H×W×C, 1×T×F or 1×N')
  })
})
