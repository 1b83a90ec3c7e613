/**
 * TFLite 16x8 and int4 tensors: a full-integer model with int16 activations (QUANTIZE int8 → int16, FULLY_CONNECTED
 * with int16 input/output and an int64 bias, LOGISTIC, TANH, QUANTIZE int16 → int8) and an int4 FULLY_CONNECTED
 * (INT4 weights, packed two per byte), written by tools/tflite-writer from the quantized INT16_NET. It imports with the
 * file's quantization, every int16 tensor is recomputed by the independent BigInt references of the golden cases
 * (testing/golden/reference-int16.ts) from the imported tensors, the engine gives the same bytes as the graph it was
 * written from, and the C package of the imported graph is bit-exact on the host (ASan/UBSan) and on qemu mps2-an386 (M4). No TFLite interpreter
 * is installed here (no tflite_runtime / tensorflow / ai_edge_litert for /usr/bin/python3), so the file's values are
 * checked against those references, not against TFLite itself.
 */
import * as flatbuffers from 'flatbuffers'
import { afterAll, describe, expect, it } from 'vitest'
import { analyzeGraph } from '../../analysis/analyze-graph.ts'
import { runFloat } from '../../engine/float-engine.ts'
import { runInt8 } from '../../engine/int8-engine.ts'
import type { Graph, GraphNode } from '../../ir/types.ts'
import { applyChanges } from '../../ir/changes.ts'
import { setWeightPrecision } from '../../pipelines/precision/weight-precision.ts'
import { quantized, templateGraph } from '../../testing/c-fixtures.ts'
import { CMSIS_NN } from '../../vendors/cmsis-nn/index.ts'
import { removeTempDirs } from '../../testing/c-toolchain.ts'
import { expectPackageBitExact, seededInt8Inputs } from '../../testing/package-check.ts'
import { INT16_NET } from '../../testing/fixture-graphs-int16.ts'
import { referenceFullyConnected } from '../../testing/golden/reference-kernels.ts'
import { referenceActivationS16, referenceFullyConnectedS16, referenceRequantizeTensor } from '../../testing/golden/reference-int16.ts'
import { buildTflite, i32, i8 } from '../../testing/tflite-test-utils.ts'
import type { TensorSpec } from '../../testing/tflite-test-utils.ts'
import { getLibrary } from '../../vendors/registry.ts'
import { writeTflite } from '../../../../tools/tflite-writer/write-tflite.ts'
import { importModel } from '../import-model.ts'
import { BuiltinOperator as Op, BuiltinOptions, FullyConnectedOptions, TensorType } from './generated/tflite_generated.ts'

/** INT16_NET with its int8 FullyConnected at int4 weights: both schemes in one file. */
const MIXED: Graph = { ...INT16_NET, nodes: INT16_NET.nodes.map((n): GraphNode => (n.id === 'fc3' ? { ...n, precision: { weights: 'int4' } } : n)) }

afterAll(removeTempDirs)

const inputs = (count: number): Int8Array[] => seededInt8Inputs(16, 12, count)

describe('TFLite 16x8 and int4 import', () => {
  const original = quantized(MIXED, 's8')
  const bytes = writeTflite(original)
  const r = importModel(bytes, 'int16.tflite')
  const g = r.doc.graph
  const byName = (name: string) => g.nodes.find((n) => n.name === name)!

  it('maps every operator and says what each became', () => {
    expect(r.report.entries.map((e) => [e.sourceOp, e.status, e.irOps.join('+'), e.reason ?? ''])).toEqual([
      ['QUANTIZE', 'mapped', 'Quantize', expect.stringMatching(/^requantization int8 → int16, scale 0\.00753\d+ → 0\.0000295\d+$/)],
      ['FULLY_CONNECTED', 'mapped', 'FullyConnected', 'int16 activations (16x8), int64 bias kept as int32 values'],
      ['LOGISTIC', 'mapped', 'Sigmoid', expect.stringMatching(/^int16 \(16x8\): input scale 0\.0000653\d+, output Q0\.15 \(scale 2\^-15\)$/)],
      ['FULLY_CONNECTED', 'mapped', 'FullyConnected', 'int16 activations (16x8), int64 bias kept as int32 values'],
      ['TANH', 'mapped', 'Tanh', expect.stringMatching(/^int16 \(16x8\): input scale 0\.0000463\d+, output Q0\.15 \(scale 2\^-15\)$/)],
      ['QUANTIZE', 'mapped', 'Quantize', expect.stringMatching(/^requantization int16 → int8, scale 0\.000030517578125 → 0\.00\d+$/)],
      ['FULLY_CONNECTED', 'mapped', 'FullyConnected', 'int4 weights (INT4, two per byte) → precision int4'],
      ['SOFTMAX', 'mapped', 'Softmax', ''],
    ])
    expect(r.report.diagnostics.filter((d) => d.severity === 'error')).toEqual([])
    expect(analyzeGraph(g, getLibrary('cmsis-nn')).diagnostics.filter((d) => d.severity === 'error')).toEqual([])
  })

  it('keeps the file\'s quantization: int16 layers marked, float32 scales, int64 biases and int4 weights as written', () => {
    expect(g.nodes.map((n) => [n.name, n.op, n.activations ?? '', n.precision?.weights ?? ''])).toEqual([
      ['in', 'Input', '', ''], ['to16', 'Quantize', 'int16', ''], ['fc1', 'FullyConnected', 'int16', ''], ['sig', 'Sigmoid', '', ''],
      ['fc2', 'FullyConnected', 'int16', ''], ['tanh', 'Tanh', '', ''], ['to8', 'Quantize', '', ''], ['fc3', 'FullyConnected', '', 'int4'],
      ['prob', 'Softmax', '', ''],
    ])
    for (const o of original.nodes) {
      const n = byName(o.name)
      // TFLite stores float32 scales: the imported scale is the original's float32 rounding, zero points unchanged.
      expect(n.quant!.output.scale).toEqual(o.quant!.output.scale.map(Math.fround))
      expect(n.quant!.output.zeroPoint).toEqual(o.quant!.output.zeroPoint)
      for (const [k, t] of Object.entries(o.weights ?? {})) {
        expect(Array.from(n.weights![k].data), `${o.name}.${k}`).toEqual(Array.from(t.data))
        expect(n.weights![k].encoding).toEqual(t.encoding)
      }
    }
    expect(byName('fc3').weights!.weights.encoding).toEqual({ kind: 'int4' })
    expect(byName('fc1').weights!.bias.dtype).toBe('int32')
  })

  it('computes every int16 tensor as the independent BigInt references do, and the same bytes as the written graph', () => {
    for (const x of inputs(6)) {
      const mine = runInt8(g, { [g.nodes[0].id]: x }).outputs
      const theirs = runInt8(original, { in: x }).outputs
      for (const o of original.nodes) expect(Array.from(mine.get(byName(o.name).id)!), o.name).toEqual(Array.from(theirs.get(o.id)!))
      // The reference chain, from the imported graph's tensors only (no engine helper).
      const out = (name: string) => Array.from(mine.get(byName(name).id)!)
      const q = (name: string) => byName(name).quant!.output
      const w = (name: string) => byName(name).weights!
      const fc16 = (name: string, from: string, relu: boolean) => referenceFullyConnectedS16(out(from), Array.from(w(name).weights.data),
        Array.from(w(name).bias.data), Number(byName(name).attrs.units), Math.fround(q(from).scale[0] * w(name).weights.quant!.scale[0]) / q(name).scale[0],
        relu ? 0 : -32768, 32767)
      const requant = (name: string, from: string, lo: number, hi: number) =>
        referenceRequantizeTensor(out(from), q(from).scale[0], q(from).zeroPoint[0], q(name).scale[0], q(name).zeroPoint[0], lo, hi)
      expect(out('to16')).toEqual(requant('to16', 'in', -32768, 32767))
      expect(out('fc1')).toEqual(fc16('fc1', 'to16', false))
      expect(out('sig')).toEqual(referenceActivationS16(out('fc1'), q('fc1').scale[0], false))
      expect(out('fc2')).toEqual(fc16('fc2', 'sig', true))
      expect(out('tanh')).toEqual(referenceActivationS16(out('fc2'), q('fc2').scale[0], true))
      expect(out('to8')).toEqual(requant('to8', 'tanh', -128, 127))
      expect(out('fc3')).toEqual(referenceFullyConnected(out('to8'), q('to8').zeroPoint[0], Array.from(w('fc3').weights.data),
        Array.from(w('fc3').bias.data), 4, [Math.fround(q('to8').scale[0] * w('fc3').weights.quant!.scale[0]) / q('fc3').scale[0]],
        q('fc3').zeroPoint[0], -128, 127))
    }
  })

  it('exports a C package bit-exact with the engine (host ASan/UBSan, qemu Cortex-M4)', () => {
    expectPackageBitExact(g, 'tfl_int16', 4)
  }, 300_000)
})

describe('TFLite int4 convolution weights', () => {
  it('the Digits template with conv2 at int4 (per-channel INT4) imports with precision int4 and computes the same bytes', () => {
    const g8 = templateGraph('digits-cnn', 's8')
    const original = applyChanges(g8, setWeightPrecision(g8, CMSIS_NN, ['conv2'], 'int4').changes).graph
    const r = importModel(writeTflite(original), 'digits-int4.tflite')
    expect(r.report.entries.filter((e) => e.reason?.includes('int4')).map((e) => [e.sourceOp, e.sourceName])).toEqual([['CONV_2D', 'conv2']])
    expect(r.report.diagnostics.filter((d) => d.severity === 'error')).toEqual([])
    const conv2 = r.doc.graph.nodes.find((n) => n.name === 'conv2')!
    expect(conv2.precision).toEqual({ weights: 'int4' })
    const w = original.nodes.find((n) => n.name === 'conv2')!.weights!.weights
    expect(Array.from(conv2.weights!.weights.data)).toEqual(Array.from(w.data))
    expect(conv2.weights!.weights.quant!.scale).toEqual(w.quant!.scale.map(Math.fround))
    const x = Int8Array.from({ length: 784 }, (_, i) => ((i * 37) % 256) - 128)
    const mine = runInt8(r.doc.graph, { [r.doc.graph.nodes[0].id]: x }).outputs
    const theirs = runInt8(original, { [original.nodes[0].id]: x }).outputs
    for (const o of original.nodes) {
      const n = r.doc.graph.nodes.find((k) => k.name === o.name)
      if (n) expect(Array.from(mine.get(n.id)!), o.name).toEqual(Array.from(theirs.get(o.id)!))
    }
  })
})

describe('TFLite LOGISTIC / TANH / QUANTIZE rules', () => {
  const fcOpts = [BuiltinOptions.FullyConnectedOptions, (b: flatbuffers.Builder) => FullyConnectedOptions.createFullyConnectedOptions(b, 0, 0, false)] as const
  const q8 = { scale: [0.05], zeroPoint: [0] }

  it('maps float LOGISTIC and TANH to Sigmoid and Tanh', () => {
    const r = importModel(buildTflite({
      tensors: [{ shape: [1, 3], name: 'x' }, { shape: [1, 3], name: 's' }, { shape: [1, 3], name: 't' }], inputs: [0], outputs: [2],
      ops: [{ op: Op.LOGISTIC, inputs: [0], outputs: [1] }, { op: Op.TANH, inputs: [1], outputs: [2] }],
    }), 'f.tflite')
    // Their kernels are int16 only: the Sigmoid is kept at int16 behind a Quantize, the Tanh (reading int16) ends with one.
    expect(r.report.entries.map((e) => [e.sourceOp, e.status, e.irOps.join('+'), e.reason])).toEqual([
      ['LOGISTIC', 'mapped', 'Sigmoid+Quantize', 'Sigmoid has int16 kernels only (16x8 scheme, arm_nn_activation_s16): kept at int16 between Quantize nodes (s int16 in)'],
      ['TANH', 'mapped', 'Tanh+Quantize', 'Tanh has int16 kernels only (16x8 scheme, arm_nn_activation_s16): kept at int16 between Quantize nodes (t int8 out)'],
    ])
    expect(r.report.diagnostics.filter((d) => d.severity === 'error')).toEqual([])
    const y = runFloat(r.doc.graph, { n1: Float32Array.of(0, 2, -1) }).outputs.get('n3_to8')!
    expect(Array.from(y).map((v) => v.toFixed(5))).toEqual([0.5, 1 / (1 + Math.exp(-2)), 1 / (1 + Math.exp(1))].map((v) => Math.tanh(v).toFixed(5)))
  })

  it('refuses int8 LOGISTIC, a float input quantized to int16, a uint8 QUANTIZE, corrupt INT4 data and an int64 bias beyond int32', () => {
    const tensors: TensorSpec[] = [{ shape: [1, 4], type: TensorType.INT8, quant: q8, name: 'x' },
      { shape: [1, 4], type: TensorType.INT8, quant: { scale: [1 / 256], zeroPoint: [-128] }, name: 'y' }]
    const int8Logistic = importModel(buildTflite({ tensors, inputs: [0], outputs: [1], ops: [{ op: Op.LOGISTIC, inputs: [0], outputs: [1] }] }), 'a.tflite')
    expect(int8Logistic.report.entries[0]).toMatchObject({ status: 'unsupported',
      reason: 'int8 LOGISTIC: the libraries have no exact int8 Sigmoid (CMSIS-NN\'s is int16 only)' })
    const int16Input = importModel(buildTflite({
      tensors: [{ shape: [1, 4], name: 'x' }, { shape: [1, 4], type: TensorType.INT16, quant: { scale: [1e-4], zeroPoint: [0] }, name: 'y' }],
      inputs: [0], outputs: [1], ops: [{ op: Op.QUANTIZE, inputs: [0], outputs: [1] }],
    }), 'b.tflite')
    expect(int16Input.report.entries[0]).toMatchObject({ status: 'unsupported', reason: 'a float input quantized to int16; TinyForge model inputs are int8' })
    const toUint8 = importModel(buildTflite({
      tensors: [tensors[0], { shape: [1, 4], type: TensorType.UINT8, quant: { scale: [0.05], zeroPoint: [128] }, name: 'u' }],
      inputs: [0], outputs: [1], ops: [{ op: Op.QUANTIZE, inputs: [0], outputs: [1] }],
    }), 'c.tflite')
    expect(toUint8.report.entries[0]).toMatchObject({ status: 'unsupported', reason: 'a conversion int8 → uint8' })

    const fc = (w: TensorSpec, b: TensorSpec) => buildTflite({
      tensors: [tensors[0], w, b, { shape: [1, 2], type: TensorType.INT8, quant: q8, name: 'y' }], inputs: [0], outputs: [3],
      ops: [{ op: Op.FULLY_CONNECTED, inputs: [0, 1, 2], outputs: [3], options: [...fcOpts] }],
    })
    const w4 = (data: Uint8Array): TensorSpec => ({ shape: [2, 4], type: TensorType.INT4, data, quant: { scale: [0.1], zeroPoint: [0] }, name: 'w' })
    const bias = { shape: [2], type: TensorType.INT32, data: i32([5, -5]), quant: { scale: [0.005], zeroPoint: [0] }, name: 'b' }
    const ok = importModel(fc(w4(i8([0x21, 0x43, 0xf8, 0x7f])), bias), 'd.tflite')
    expect(Array.from(ok.doc.graph.nodes[1].weights!.weights.data)).toEqual([1, 2, 3, 4, -8, -1, -1, 7])
    expect(ok.doc.graph.nodes[1].precision).toEqual({ weights: 'int4' })
    expect(() => importModel(fc(w4(i8([0x21, 0x43, 0x65])), bias), 'e.tflite')).toThrow("tensor 'w' has 3 bytes of data but its shape [2, 4] needs 4")
    const big = new Uint8Array(BigInt64Array.of(1n, 2n ** 40n).buffer)
    const wide = importModel(fc(w4(i8([0, 0, 0, 0])), { ...bias, type: TensorType.INT64, data: big }), 'f.tflite')
    expect(wide.report.diagnostics.find((d) => d.severity === 'error')?.message)
      .toContain("tensor 'b' (int64) holds values beyond the int32 range")
  })
})
