/**
 * int16 (16x8) layers in the ONNX QDQ export: their tensors are stored with int16 QuantizeLinear / DequantizeLinear
 * (zero point type int16), which opset 21 allows, so a QDQ model with int16 tensors is written as IR 10 / opset 21 —
 * onnxruntime-web 1.30 loads and runs it; Debian's onnx 1.12 checker knows opset ≤ 17 and cannot check it. Models
 * without int16 tensors keep IR 8 / opset 17. Measured against the int8/int16 engine on INT16_NET (Quantize → FC s16
 * → Sigmoid → FC s16 → Tanh → Quantize → FC → Softmax) and INT16_CONV_NET (Quantize → Conv2D, DepthwiseConv2D, Add,
 * MaxPool2D, AvgPool2D s16 → Quantize → int8 Conv2D, FC, Softmax), per operator on ORT's own inputs and end to end.
 */
import { describe, expect, it } from 'vitest'
import { quantized } from '../../testing/c-fixtures.ts'
import { INT16_CONV_NET, INT16_NET, INT16_SOFTMAX_NET } from '../../testing/fixture-graphs-int16.ts'
import { measureAgreement, seededCodes } from '../../testing/onnx-export-test-utils.ts'
import { ONNX_DTYPE, decodeOnnxModel } from './onnx-proto.ts'
import { exportOnnx } from './export-onnx.ts'

describe('ONNX QDQ export of int16 layers', () => {
  const q = quantized(INT16_NET, 's8')

  it('stores the 16x8 tensors with int16 Q/DQ under an IR 10 / opset 21 header; the float export keeps opset 17', () => {
    const model = decodeOnnxModel(exportOnnx(q, { quantized: true }))
    expect([model.ir_version, model.opset_import!.find((o) => !o.domain)!.version]).toEqual([10, 21])
    const zps = model.graph!.initializer!.filter((t) => t.name!.endsWith('_zp') && !t.name!.includes('_w_'))
    expect(zps.filter((t) => t.data_type === ONNX_DTYPE.INT16).map((t) => t.name)).toEqual(['to16_zp', 'fc1_zp', 'sig_zp', 'fc2_zp', 'tanh_zp'])
    const float = decodeOnnxModel(exportOnnx(INT16_NET, { quantized: false }))
    expect([float.ir_version, float.opset_import!.find((o) => !o.domain)!.version]).toEqual([8, 17])
  })

  it('runs in onnxruntime-web near the engine: per operator and end to end', async () => {
    const f = await measureAgreement(INT16_NET, q, seededCodes('int16-onnx', 8, [1, 12]))
    const by = Object.fromEntries([...f.perOpByType].map(([op, a]) => [op, [a.count, a.exact, a.withinOne, a.maxDiff]]))
    console.log('int16 QDQ per op [count, exact, ≤1, max]:', JSON.stringify(by), 'output', [f.output.count, f.output.exact, f.output.withinOne,
      f.output.maxDiff], 'top-1', f.top1, '/', f.samples)
    expect(f.floatMaxRel).toBeLessThan(1e-4)
    // As measured (onnxruntime-web 1.30.0): requantization 1-LSB rounding differences (ORT rounds once, the kernels
    // twice); Sigmoid/Tanh within 1 and 2 int16 LSB (ORT's float functions vs the kernels' 256-entry table); the int8
    // outputs identical.
    expect(by.Quantize[3]).toBeLessThanOrEqual(1)
    expect(by.FullyConnected[3]).toBeLessThanOrEqual(1)
    expect(by.Sigmoid[3]).toBeLessThanOrEqual(1)
    expect(by.Tanh[3]).toBeLessThanOrEqual(2)
    expect([f.output.count, f.output.exact]).toEqual([32, 32])
    expect(f.top1).toBe(8)
  }, 60_000)

  it('an int16 Softmax (output 1/32768) beside an int8 one: onnxruntime-web within 1 LSB, outputs identical', async () => {
    const qs = quantized(INT16_SOFTMAX_NET, 's8')
    const f = await measureAgreement(INT16_SOFTMAX_NET, qs, seededCodes('int16-softmax-onnx', 8, [1, 12]))
    const by = Object.fromEntries([...f.perOpByType].map(([op, a]) => [op, [a.count, a.exact, a.withinOne, a.maxDiff]]))
    console.log('int16 Softmax QDQ per op [count, exact, ≤1, max]:', JSON.stringify(by), 'output', [f.output.count, f.output.exact])
    // As measured (onnxruntime-web 1.30.0): Softmax [160, 138, 160, 1] (both Softmax nodes; ORT's float softmax vs the tables).
    expect(by.Softmax[3]).toBeLessThanOrEqual(1)
    expect([f.output.count, f.output.exact]).toEqual([160, 160])
  }, 60_000)
})

describe('ONNX QDQ export of int16 convolutions, Add and pools', () => {
  const q = quantized(INT16_CONV_NET, 's8')

  it('stores the int16 Conv, depthwise Conv, Add, MaxPool and AveragePool tensors with int16 Q/DQ (opset 21)', () => {
    const model = decodeOnnxModel(exportOnnx(q, { quantized: true }))
    expect([model.ir_version, model.opset_import!.find((o) => !o.domain)!.version]).toEqual([10, 21])
    const zps = model.graph!.initializer!.filter((t) => t.name!.endsWith('_zp') && !t.name!.includes('_w_') && !t.name!.includes('_b_'))
    expect(zps.map((t) => [t.name, t.data_type])).toEqual([['in_zp', ONNX_DTYPE.INT8], ...['to16', 'conv', 'dw', 'sum', 'max', 'avg']
      .map((n) => [`${n}_zp`, ONNX_DTYPE.INT16]), ...['to8', 'pw', 'fc', 'prob'].map((n) => [`${n}_zp`, ONNX_DTYPE.INT8])])
    // Weights stay int8 (per channel for the convolutions), biases int32 DequantizeLinear with scale in·w.
    const inits = new Map(model.graph!.initializer!.map((t) => [t.name!, t]))
    expect(['conv', 'dw'].map((n) => [inits.get(`${n}_w_zp`)!.data_type, inits.get(`${n}_w_scale`)!.dims!.map(Number),
      inits.get(`${n}_b_q`)!.data_type])).toEqual([[ONNX_DTYPE.INT8, [6], ONNX_DTYPE.INT32], [ONNX_DTYPE.INT8, [6], ONNX_DTYPE.INT32]])
  })

  it('runs in onnxruntime-web near the engine: per operator and end to end', async () => {
    const f = await measureAgreement(INT16_CONV_NET, q, seededCodes('int16-conv-onnx', 8, [1, 6, 7, 3]))
    const by = Object.fromEntries([...f.perOpByType].map(([op, a]) => [op, [a.count, a.exact, a.withinOne, a.maxDiff]]))
    console.log('int16 conv QDQ per op [count, exact, ≤1, max]:', JSON.stringify(by), 'output', [f.output.count, f.output.exact,
      f.output.withinOne, f.output.maxDiff], 'top-1', f.top1, '/', f.samples)
    expect(f.floatMaxRel).toBeLessThan(1e-4)
    // As measured (onnxruntime-web 1.30.0, 8 seeded inputs): the convolutions (Conv2D counts the int16 conv, 2016
    // values, and the int8 1×1 pw, 192, together) and the average pool within 1 LSB — ORT computes in float and rounds
    // once, the kernels requantize in fixed point; Add (left shift 15) and MaxPool exact; the model outputs identical.
    expect(by).toEqual({ Input: [1008, 1008, 1008, 0], Quantize: [1296, 1295, 1296, 1], Conv2D: [2208, 2135, 2208, 1],
      DepthwiseConv2D: [2016, 1932, 2016, 1], Add: [2016, 2016, 2016, 0], MaxPool2D: [576, 576, 576, 0], AvgPool2D: [288, 248, 288, 1],
      Flatten: [192, 192, 192, 0], FullyConnected: [24, 24, 24, 0], Softmax: [24, 24, 24, 0] })
    expect([f.output.count, f.output.exact]).toEqual([24, 24])
    expect(f.top1).toBe(8)
  }, 60_000)
})
