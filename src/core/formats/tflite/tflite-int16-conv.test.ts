/**
 * TFLite 16x8 convolutions, Add and pools: INT16_CONV_NET (QUANTIZE int8 → int16, CONV_2D and DEPTHWISE_CONV_2D with
 * int16 input/output, per-channel int8 weights and INT64 biases, ADD with pot_scale_int16 false, MAX_POOL_2D and
 * AVERAGE_POOL_2D at int16, QUANTIZE int16 → int8, then int8 layers), quantized and written by tools/tflite-writer. It
 * imports with the file's quantization; every int16 tensor is recomputed by the independent references of the golden
 * cases (BigInt convolution sums, the Add and pooling references with the int16 clamp) from the imported tensors; every
 * node gives the same bytes as the graph it was written from; and the C package of the imported graph is bit-exact on
 * the host (ASan/UBSan) and on qemu mps2-an386 (M4). No TFLite interpreter is installed here (tflite-int16.test.ts).
 */
import { afterAll, describe, expect, it } from 'vitest'
import { analyzeGraph } from '../../analysis/analyze-graph.ts'
import { runInt8 } from '../../engine/int8-engine.ts'
import { quantized } from '../../testing/c-fixtures.ts'
import { removeTempDirs } from '../../testing/c-toolchain.ts'
import { expectPackageBitExact, seededInt8Inputs } from '../../testing/package-check.ts'
import { INT16_CONV_NET } from '../../testing/fixture-graphs-int16.ts'
import { referenceConvS16, referenceRequantizeTensor } from '../../testing/golden/reference-int16.ts'
import { referenceAdd, referencePool } from '../../testing/golden/reference-kernels.ts'
import { buildTflite } from '../../testing/tflite-test-utils.ts'
import { getLibrary } from '../../vendors/registry.ts'
import { writeTflite } from '../../../../tools/tflite-writer/write-tflite.ts'
import { importModel } from '../import-model.ts'
import { AddOptions, BuiltinOperator as Op, BuiltinOptions, TensorType } from './generated/tflite_generated.ts'
import { readTflite } from './tflite-reader.ts'

afterAll(removeTempDirs)

const inputs = (count: number): Int8Array[] => seededInt8Inputs(17, 126, count)

const INT16_REASON = 'int16 activations (16x8)'
const BIAS64 = 'int16 activations (16x8), int64 bias kept as int32 values'

describe('TFLite 16x8 Conv2D, DepthwiseConv2D, Add, MaxPool2D, AvgPool2D import', () => {
  const original = quantized(INT16_CONV_NET, 's8')
  const bytes = writeTflite(original)
  const r = importModel(bytes, 'int16-conv.tflite')
  const g = r.doc.graph
  const byName = (name: string) => g.nodes.find((n) => n.name === name)!

  it('writes 16x8 tensors as the converter does: int16 activations, INT64 biases, per-channel weights, general-scale ADD', () => {
    const m = readTflite(bytes)
    const t = (name: string) => m.tensors.find((x) => x.name === name)!
    expect(['to16', 'conv', 'dw', 'sum', 'max', 'avg'].map((n) => TensorType[t(n).type])).toEqual(Array(6).fill('INT16'))
    expect(['conv/bias', 'dw/bias', 'pw/bias'].map((n) => TensorType[t(n).type])).toEqual(['INT64', 'INT64', 'INT32'])
    expect([t('conv/weights').quant!.scale.length, t('conv/weights').quant!.axis, t('dw/weights').quant!.scale.length, t('dw/weights').quant!.axis])
      .toEqual([6, 0, 6, 3])
    expect(m.operators.find((o) => o.opName === 'ADD')!.options.potScaleInt16).toBe(false)
  })

  it('maps every operator and says what each became', () => {
    expect(r.report.entries.map((e) => [e.sourceOp, e.status, e.irOps.join('+'), e.reason ?? ''])).toEqual([
      ['QUANTIZE', 'mapped', 'Quantize', expect.stringMatching(/^requantization int8 → int16, scale 0\.\d+ → 0\.\d+$/)],
      ['CONV_2D', 'mapped', 'Conv2D', BIAS64],
      ['DEPTHWISE_CONV_2D', 'mapped', 'DepthwiseConv2D', BIAS64],
      ['ADD', 'mapped', 'Add', INT16_REASON],
      ['MAX_POOL_2D', 'mapped', 'MaxPool2D', INT16_REASON],
      ['AVERAGE_POOL_2D', 'mapped', 'AvgPool2D', INT16_REASON],
      ['QUANTIZE', 'mapped', 'Quantize', expect.stringMatching(/^requantization int16 → int8, scale 0\.\d+ → 0\.\d+$/)],
      ['CONV_2D', 'mapped', 'Conv2D', ''],
      ['RESHAPE', 'mapped', 'Flatten', ''],
      ['FULLY_CONNECTED', 'mapped', 'FullyConnected', ''],
      ['SOFTMAX', 'mapped', 'Softmax', ''],
    ])
    expect(r.report.diagnostics.filter((d) => d.severity === 'error')).toEqual([])
    expect(analyzeGraph(g, getLibrary('cmsis-nn')).diagnostics.filter((d) => d.severity === 'error')).toEqual([])
  })

  it('keeps the file\'s quantization: int16 layers marked, float32 per-channel scales, int64 biases as written', () => {
    expect(g.nodes.map((n) => [n.name, n.op, n.activations ?? ''])).toEqual([
      ['in', 'Input', ''], ['to16', 'Quantize', 'int16'], ['conv', 'Conv2D', 'int16'], ['dw', 'DepthwiseConv2D', 'int16'],
      ['sum', 'Add', 'int16'], ['max', 'MaxPool2D', 'int16'], ['avg', 'AvgPool2D', 'int16'], ['to8', 'Quantize', ''],
      ['pw', 'Conv2D', ''], ['flat', 'Flatten', ''], ['fc', 'FullyConnected', ''], ['prob', 'Softmax', ''],
    ])
    for (const o of original.nodes) {
      const n = byName(o.name)
      expect(n.quant!.output.scale, o.name).toEqual(o.quant!.output.scale.map(Math.fround))
      expect(n.quant!.output.zeroPoint, o.name).toEqual(o.quant!.output.zeroPoint)
      for (const [k, t] of Object.entries(o.weights ?? {})) {
        expect(Array.from(n.weights![k].data), `${o.name}.${k}`).toEqual(Array.from(t.data))
        expect(n.weights![k].quant?.scale, `${o.name}.${k}`).toEqual(t.quant?.scale.map(Math.fround))
        expect(n.weights![k].quant?.axis, `${o.name}.${k}`).toEqual(t.quant?.axis)
      }
    }
    for (const name of ['conv', 'dw']) expect([byName(name).weights!.bias.dtype, byName(name).weights!.weights.quant!.scale.length]).toEqual(['int32', 6])
  })

  it('computes every int16 tensor as the independent references do, and the same bytes as the written graph at every node', () => {
    const a = analyzeGraph(g)
    for (const x of inputs(6)) {
      const mine = runInt8(g, { [g.nodes[0].id]: x }).outputs
      const theirs = runInt8(original, { in: x }).outputs
      for (const o of original.nodes) expect(Array.from(mine.get(byName(o.name).id)!), o.name).toEqual(Array.from(theirs.get(o.id)!))
      const out = (name: string) => Array.from(mine.get(byName(name).id)!)
      const q = (name: string) => byName(name).quant!.output
      const shape = (name: string) => [...a.nodes.get(byName(name).id)!.output!.shape]
      const conv = (name: string, from: string, depthwise: boolean, actMin: number) => {
        const n = byName(name)
        const at = n.attrs as Record<string, number & string>
        return referenceConvS16({ depthwise, input: out(from), inputShape: shape(from), inScale: q(from).scale[0],
          weights: Array.from(n.weights!.weights.data), weightScales: n.weights!.weights.quant!.scale, bias: Array.from(n.weights!.bias.data),
          outShape: shape(name), outScale: q(name).scale[0], kernel: [at.kernelH, at.kernelW], stride: [at.strideH, at.strideW],
          dilation: [at.dilationH, at.dilationW], padding: at.padding, depthMultiplier: depthwise ? at.depthMultiplier : 1, actMin, actMax: 32767 })
      }
      const pool = (name: string, from: string, average: boolean, actMin: number) => {
        const at = byName(name).attrs as Record<string, number & string>
        return referencePool(out(from), shape(from), shape(name), [at.poolH, at.poolW], [at.strideH, at.strideW], at.padding, average, actMin, 32767)
      }
      expect(out('to16')).toEqual(referenceRequantizeTensor(out('in'), q('in').scale[0], q('in').zeroPoint[0], q('to16').scale[0], 0, -32768, 32767))
      expect(out('conv')).toEqual(conv('conv', 'to16', false, 0))
      expect(out('dw')).toEqual(conv('dw', 'conv', true, -32768))
      expect(out('sum')).toEqual(referenceAdd(out('conv'), out('dw'), q('conv').scale[0], 0, q('dw').scale[0], 0, q('sum').scale[0], 0,
        -32768, 32767, 15))
      expect(out('max')).toEqual(pool('max', 'sum', false, -32768))
      expect(out('avg')).toEqual(pool('avg', 'max', true, 0))
      expect(out('to8')).toEqual(referenceRequantizeTensor(out('avg'), q('avg').scale[0], 0, q('to8').scale[0], q('to8').zeroPoint[0], -128, 127))
    }
  })

  it('exports a C package bit-exact with the engine (host ASan/UBSan, qemu Cortex-M4)', () => {
    expectPackageBitExact(g, 'tfl_int16_conv', 3)
  }, 300_000)
})

describe('TFLite int16 ADD paths', () => {
  const add = (scales: [number, number, number], pot: boolean) => importModel(buildTflite({
    tensors: [{ shape: [1, 4], type: TensorType.INT8, quant: { scale: [0.05], zeroPoint: [0] }, name: 'x' },
      ...['a', 'b', 'y'].map((name, i) => ({ shape: [1, 4], type: TensorType.INT16, quant: { scale: [scales[i]], zeroPoint: [0] }, name }))],
    inputs: [0], outputs: [3],
    ops: [{ op: Op.QUANTIZE, inputs: [0], outputs: [1] }, { op: Op.QUANTIZE, inputs: [0], outputs: [2] },
      { op: Op.ADD, inputs: [1, 2], outputs: [3], options: [BuiltinOptions.AddOptions, (b) => AddOptions.createAddOptions(b, 0, pot)] }],
  }), 'add.tflite').report.entries[2].reason

  it('says when the TFLite interpreter would take its power-of-two int16 ADD instead of the general one', () => {
    expect(add([2 ** -10, 2 ** -11, 2 ** -9], false)).toBe(INT16_REASON)
    expect(add([1e-3, 2 ** -11, 2 ** -9], true)).toBe(INT16_REASON)
    expect(add([2 ** -10, 2 ** -11, 2 ** -9], true)).toBe('int16 activations (16x8); pot_scale_int16 with power-of-two scales: the TFLite '
      + 'interpreter takes its power-of-two path here, TinyForge (like TFLite Micro and CMSIS-NN) the general-scale int16 ADD')
  })
})
