/**
 * TFLite mapping rules on small models written with the generated builders: options carried across,
 * PAD merged into a convolution, activations fused only when exact, QUANTIZE/DEQUANTIZE at the float
 * edges dropped, float16 weights dequantized, MEAN as a global average pool, unknown ops marked.
 */
import * as flatbuffers from 'flatbuffers'
import { describe, expect, it } from 'vitest'
import { runFloat } from '../../engine/float-engine.ts'
import { outputNodes } from '../../ir/graph-queries.ts'
import type { ImportResult } from '../import-model.ts'
import { importModel } from '../import-model.ts'
import {
  ActivationFunctionType, AddOptions, BuiltinOperator as Op, BuiltinOptions, ConcatenationOptions, Conv2DOptions, Padding,
  ReducerOptions, TensorType,
} from './generated/tflite_generated.ts'
import type { OpSpec, TensorSpec } from '../../testing/tflite-test-utils.ts'
import { buildTflite, f16, f32, i32, i8 } from '../../testing/tflite-test-utils.ts'

const conv = (padding: Padding, act = ActivationFunctionType.NONE): OpSpec['options'] =>
  [BuiltinOptions.Conv2DOptions, (b: flatbuffers.Builder) => Conv2DOptions.createConv2DOptions(b, padding, 1, 1, act, 1, 1)]
const addOpts = (act: ActivationFunctionType): OpSpec['options'] =>
  [BuiltinOptions.AddOptions, (b: flatbuffers.Builder) => AddOptions.createAddOptions(b, act, true)]

const run = (bytes: Uint8Array): ImportResult => importModel(bytes, 'test.tflite')
const ops = (r: ImportResult) => r.doc.graph.nodes.map((n) => n.op)
const entries = (r: ImportResult) => r.report.entries.map((e) => [e.sourceOp, e.status, e.irOps.join('+')])

describe('TFLite float models', () => {
  // x [1,4,4,1] → PAD 1 → CONV_2D 3×3 valid (= same on the unpadded input) → ADD(conv, x) → RELU
  const tensors: TensorSpec[] = [
    { shape: [1, 4, 4, 1], name: 'x' },
    { shape: [4, 2], type: TensorType.INT32, data: i32([0, 0, 1, 1, 1, 1, 0, 0]), name: 'paddings' },
    { shape: [1, 6, 6, 1], name: 'padded' },
    { shape: [1, 3, 3, 1], data: f32([0, 0, 0, 0, 1, 0, 0, 0, 0.5]), name: 'w' },
    { shape: [1], data: f32([0.25]), name: 'b' },
    { shape: [1, 4, 4, 1], name: 'conv' },
    { shape: [1, 4, 4, 1], name: 'sum' },
    { shape: [1, 4, 4, 1], name: 'y' },
  ]
  const model = buildTflite({
    tensors, inputs: [0], outputs: [7],
    ops: [
      { op: Op.PAD, inputs: [0, 1], outputs: [2] },
      { op: Op.CONV_2D, inputs: [2, 3, 4], outputs: [5], options: conv(Padding.VALID) },
      { op: Op.ADD, inputs: [5, 0], outputs: [6], options: addOpts(ActivationFunctionType.NONE) },
      { op: Op.RELU, inputs: [6], outputs: [7] },
    ],
  })

  it('merges the PAD into the convolution and fuses RELU into ADD', () => {
    const r = run(model)
    expect(ops(r)).toEqual(['Input', 'Conv2D', 'Add'])
    expect(entries(r)).toEqual([['PAD', 'fused', 'Conv2D'], ['CONV_2D', 'mapped', 'Conv2D'], ['ADD', 'mapped', 'Add'], ['RELU', 'fused', 'Add']])
    expect(r.doc.graph.nodes[1].attrs).toMatchObject({ filters: 1, kernelH: 3, padding: 'same', useBias: true, activation: 'none' })
    expect(r.doc.graph.nodes[2].attrs.activation).toBe('relu')
    expect(r.report.diagnostics).toEqual([])
  })

  it('computes what the TFLite graph specifies', () => {
    const r = run(model)
    const x = Float32Array.from({ length: 16 }, (_, i) => i - 8)
    const out = runFloat(r.doc.graph, { n1: x }).outputs.get(outputNodes(r.doc.graph)[0].id)!
    // conv(y, x) = x[y, x] + 0.5·x[y+1, x+1] (zero outside) + 0.25; then + x and ReLU.
    const expected = Array.from({ length: 16 }, (_, i) => {
      const [h, w] = [Math.floor(i / 4), i % 4]
      const diag = h < 3 && w < 3 ? x[(h + 1) * 4 + w + 1] : 0
      return Math.max(0, x[i] + 0.5 * diag + 0.25 + x[i])
    })
    expect(Array.from(out)).toEqual(expected)
  })

  it('dequantizes float16 weights behind DEQUANTIZE', () => {
    const r = run(buildTflite({
      tensors: [
        { shape: [1, 2, 2, 1] }, { shape: [1, 1, 1, 1], type: TensorType.FLOAT16, data: f16([0x3c00]) /* 1.0 */ },
        { shape: [1, 1, 1, 1] }, { shape: [1, 2, 2, 1] },
      ],
      inputs: [0], outputs: [3],
      ops: [{ op: Op.DEQUANTIZE, inputs: [1], outputs: [2] }, { op: Op.CONV_2D, inputs: [0, 2, -1], outputs: [3], options: conv(Padding.SAME) }],
    }))
    expect(entries(r)).toEqual([['DEQUANTIZE', 'folded', ''], ['CONV_2D', 'mapped', 'Conv2D']])
    const w = r.doc.graph.nodes[1].weights!.weights
    expect([w.dtype, Array.from(w.data)]).toEqual(['float32', [1]])
    expect(r.doc.graph.nodes[1].attrs.useBias).toBe(false)
  })

  it('MEAN over H and W is a global average pool; CONCATENATION on channels; unknown ops are marked', () => {
    const r = run(buildTflite({
      tensors: [
        { shape: [1, 3, 3, 2] }, { shape: [2], type: TensorType.INT32, data: i32([1, 2]) }, { shape: [1, 2] },
        { shape: [1, 2] }, { shape: [1, 4] },
      ],
      inputs: [0], outputs: [4],
      ops: [
        { op: Op.MEAN, inputs: [0, 1], outputs: [2], options: [BuiltinOptions.ReducerOptions, (b) => ReducerOptions.createReducerOptions(b, false)] },
        { op: Op.HARD_SWISH, inputs: [2], outputs: [3] },
        { op: Op.CONCATENATION, inputs: [2, 3], outputs: [4],
          options: [BuiltinOptions.ConcatenationOptions, (b) => ConcatenationOptions.createConcatenationOptions(b, -1, ActivationFunctionType.NONE)] },
      ],
    }))
    expect(ops(r)).toEqual(['Input', 'GlobalAveragePool', 'Flatten', 'tflite:HARD_SWISH', 'Concat'])
    expect(r.report.entries[1]).toMatchObject({
      sourceOp: 'HARD_SWISH', status: 'unsupported', reason: 'no hard-swish kernel in the operator set', suggestion: 'use RELU6 and retrain',
    })
    expect(r.report.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code)).toEqual(['unknown-op'])
  })
})

describe('TFLite integer models', () => {
  const q = (scale: number, zeroPoint: number) => ({ scale: [scale], zeroPoint: [zeroPoint] })
  // float x → QUANTIZE → CONV_2D (per-channel int8) → RELU (requantizing or not) → DEQUANTIZE → float y
  function model(reluQuant: { scale: number[]; zeroPoint: number[] }): Uint8Array {
    return buildTflite({
      tensors: [
        { shape: [1, 2, 2, 1], name: 'x' },
        { shape: [1, 2, 2, 1], type: TensorType.INT8, quant: q(0.5, -3), name: 'xq' },
        { shape: [2, 1, 1, 1], type: TensorType.INT8, data: i8([127, -64]), quant: { scale: [0.01, 0.02], zeroPoint: [0, 0], axis: 0 }, name: 'w' },
        { shape: [2], type: TensorType.INT32, data: i32([100, -200]), quant: { scale: [0.005, 0.01], zeroPoint: [0, 0] }, name: 'b' },
        { shape: [1, 2, 2, 2], type: TensorType.INT8, quant: q(0.1, 4), name: 'conv' },
        { shape: [1, 2, 2, 2], type: TensorType.INT8, quant: reluQuant, name: 'relu' },
        { shape: [1, 2, 2, 2], name: 'y' },
      ],
      inputs: [0], outputs: [6],
      ops: [
        { op: Op.QUANTIZE, inputs: [0], outputs: [1] },
        { op: Op.CONV_2D, inputs: [1, 2, 3], outputs: [4], options: conv(Padding.SAME) },
        { op: Op.RELU, inputs: [4], outputs: [5] },
        { op: Op.DEQUANTIZE, inputs: [5], outputs: [6] },
      ],
    })
  }

  it('drops QUANTIZE/DEQUANTIZE at the edges and keeps every quantization parameter', () => {
    const r = run(model(q(0.1, 4)))
    expect(ops(r)).toEqual(['Input', 'Conv2D'])
    expect(entries(r)).toEqual([
      ['QUANTIZE', 'dropped', 'Input'], ['CONV_2D', 'mapped', 'Conv2D'], ['RELU', 'fused', 'Conv2D'], ['DEQUANTIZE', 'dropped', ''],
    ])
    const [input, convNode] = r.doc.graph.nodes
    expect(input.quant).toEqual({ output: { scale: [0.5], zeroPoint: [-3] } })
    expect(convNode.quant).toEqual({ output: { scale: [0.10000000149011612], zeroPoint: [4] } })
    expect(convNode.attrs.activation).toBe('relu')
    const { weights, bias } = convNode.weights!
    expect([weights.dtype, Array.from(weights.data), weights.quant]).toEqual(['int8', [127, -64],
      { scale: [0.009999999776482582, 0.019999999552965164], zeroPoint: [0, 0], axis: 0 }])
    expect([bias.dtype, Array.from(bias.data), bias.quant]).toEqual(['int32', [100, -200],
      { scale: [0.004999999888241291, 0.009999999776482582], zeroPoint: [0, 0], axis: 0 }])
  })

  it('keeps a RELU that requantizes as its own node (fusing would not be exact)', () => {
    const r = run(model(q(0.05, -128)))
    expect(ops(r)).toEqual(['Input', 'Conv2D', 'ReLU'])
    expect(r.doc.graph.nodes[1].quant!.output.zeroPoint).toEqual([4])
    expect(r.doc.graph.nodes[2].quant).toEqual({ output: { scale: [0.05000000074505806], zeroPoint: [-128] } })
  })
})
