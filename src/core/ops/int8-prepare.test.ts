/**
 * The `prepare` facets of the int8 operators: the frozen kernel parameters (multipliers computed with TFLite's
 * precision, activation clamps, pow2 shifts) and the sentences for graphs that cannot run; beside them, the kernel
 * and scratch the vendor's binding picks for the same layer (kernels/). Kernel outputs: testing/golden.test.ts.
 */
import { describe, expect, it } from 'vitest'
import type { QuantParams, Tensor, TensorInfo } from '../ir/types.ts'
import { quantizeMultiplier } from '../quant/fixed-point.ts'
import type { OpDef } from './op-def.ts'
import type { QuantScheme } from '../quant/scheme.ts'
import { withDefaults } from './op-def.ts'
import { getOp } from './registry.ts'
import { bindingOf, kernelSite } from '../kernels/registry.ts'

const q = (scale: number, zeroPoint = 0): QuantParams => ({ scale: [Math.fround(scale)], zeroPoint: [zeroPoint] })
const info = (shape: number[], quant?: QuantParams): TensorInfo => ({ shape, dtype: 'int8', ...(quant ? { quant } : {}) })
const w8 = (shape: number[], quant: QuantParams): Tensor =>
  ({ dtype: 'int8', shape, data: new Int8Array(shape.reduce((a, b) => a * b, 1)), quant, origin: 'imported' })
const b32 = (n: number): Tensor => ({ dtype: 'int32', shape: [n], data: new Int32Array(n), quant: q(1), origin: 'imported' })
const b8 = (n: number, quant: QuantParams): Tensor => ({ dtype: 'int8', shape: [n], data: new Int8Array(n), quant, origin: 'imported' })

function prep(op: string, scheme: QuantScheme, attrs: Record<string, unknown>, inputs: TensorInfo[], outQuant: QuantParams | undefined,
  weights: Record<string, Tensor> = {}): Record<string, unknown> {
  const def = getOp(op) as OpDef
  const full = withDefaults(def.attrs, attrs as never)
  const shape = def.inferShape(full, inputs)
  return def.prepare!({ scheme, attrs: full, inputs, output: info([...shape], outQuant), weights }) as Record<string, unknown>
}

/** The vendor binding's kernel and DSP-path scratch for the same layer (cmsis-nn for s8, cmsis5-q7 for pow2). */
function vendorKernel(op: string, scheme: QuantScheme, attrs: Record<string, unknown>, inputs: TensorInfo[], outQuant: QuantParams | undefined) {
  const def = getOp(op) as OpDef
  const full = withDefaults(def.attrs, attrs as never)
  const site = kernelSite(op, scheme, full, inputs, info([...def.inferShape(full, inputs)], outQuant))!
  const binding = bindingOf(scheme === 's8' ? 'cmsis-nn' : 'cmsis5-q7', op)!
  return { kernel: binding.calls(site)[0]?.kernel, scratchBytes: binding.scratchBytes(site, 'dsp') }
}

describe('prepare (s8)', () => {
  it('Conv2D: one TFLite multiplier per channel (double in·w/out), clamp of the fused activation, im2col scratch', () => {
    const d = prep('Conv2D', 's8', { filters: 2, kernelH: 3, kernelW: 3, activation: 'relu6' }, [info([1, 5, 5, 2], q(0.05, 3))], q(0.04, -100),
      { weights: w8([2, 3, 3, 2], { scale: [Math.fround(0.002), Math.fround(0.5)], zeroPoint: [0, 0], axis: 0 }), bias: b32(2) })
    const m0 = quantizeMultiplier((Math.fround(0.05) * Math.fround(0.002)) / Math.fround(0.04))
    const m1 = quantizeMultiplier((Math.fround(0.05) * Math.fround(0.5)) / Math.fround(0.04))
    expect(d).toMatchObject({ inputOffset: -3, outputOffset: -100, padTop: 1, padLeft: 1,
      multipliers: [m0.multiplier, m1.multiplier], shifts: [m0.shift, m1.shift], actMin: -100, actMax: 50 })
    // arm_convolve_s8_get_buffer_size: 2 · align4(3·3·2 = 18 → 20) · sizeof(int16)
    expect(vendorKernel('Conv2D', 's8', { filters: 2, kernelH: 3, kernelW: 3, activation: 'relu6' }, [info([1, 5, 5, 2], q(0.05, 3))], q(0.04, -100)))
      .toEqual({ kernel: 'arm_convolve_wrapper_s8', scratchBytes: 80 })
    expect(vendorKernel('Conv2D', 's8', { filters: 1, kernelH: 1, kernelW: 1 }, [info([1, 4, 4, 3], q(1))], q(1)).scratchBytes).toBe(0)
  })

  it('FullyConnected per tensor rounds in_scale·w_scale to float32 first, as TFLite', () => {
    const [a, b, c] = [0.068977490067482, 0.007727432530373335, 0.11988150328397751]
    const d = prep('FullyConnected', 's8', { units: 1 }, [info([1, 4], q(a))], q(c), { weights: w8([1, 4], q(b)), bias: b32(1) })
    expect(d.multipliers).toEqual([1222166189])
    expect(quantizeMultiplier((a * b) / c).multiplier).toBe(1222166187)
  })

  it('DepthwiseConv2D scratch follows arm_depthwise_conv_wrapper_s8 on DSP cores', () => {
    const dw = (k: number, mult: number) => vendorKernel('DepthwiseConv2D', 's8', { depthMultiplier: mult, kernelH: k, kernelW: k },
      [info([1, 8, 8, 4], q(1))], q(1)).scratchBytes
    expect([dw(3, 1), dw(5, 1), dw(3, 2)]).toEqual([0, 4 * 25 * 2, 0])
  })

  it('Softmax reproduces TFLite PreprocessSoftmaxScaling (CMSIS-NN softmax vector: scale 1/255 → 1077952640, 19, −3968)', () => {
    const d = prep('Softmax', 's8', { beta: 1 }, [info([2, 5], q(1 / 255))], q(1 / 256, -128))
    expect(d).toMatchObject({ rows: 2, rowSize: 5, multiplier: 1077952640, shift: 19, diffMin: -3968 })
    expect(() => prep('Softmax', 's8', {}, [info([1, 5], q(0.1))], q(1 / 255, -128))).toThrow(
      'Softmax int8 output must have scale 1/256 and zero point −128 (TFLite int8 softmax)')
  })

  it('GlobalAveragePool folds 1/(H·W) into the MEAN multiplier when the output is requantized', () => {
    const d = prep('GlobalAveragePool', 's8', {}, [info([1, 3, 3, 2], q(0.1, -3))], q(0.05, 10))
    const m = quantizeMultiplier(Math.fround(0.1) / Math.fround(0.05))
    expect(d).toMatchObject({ mode: 'mean', inputOffset: 3, outputOffset: 10, shift: m.shift - 3,
      multiplier: Math.floor((m.multiplier * 8) / 9) })
    expect(prep('GlobalAveragePool', 's8', {}, [info([1, 3, 3, 2], q(0.1, -3))], q(0.1, -3))).toMatchObject({ mode: 'pool' })
    expect(vendorKernel('GlobalAveragePool', 's8', {}, [info([1, 3, 3, 2], q(0.1, -3))], q(0.1, -3)))
      .toEqual({ kernel: 'arm_avgpool_s8', scratchBytes: 8 })
  })

  it('ReLU multiplier comes from the float32 quotient of the scales; Input from scale / out_scale', () => {
    const relu = prep('ReLU', 's8', {}, [info([1, 4], q(0.1, -20))], q(0.03, -128))
    expect(relu).toMatchObject({ ...quantizeMultiplier(Math.fround(Math.fround(0.1) / Math.fround(0.03))), actMin: -128, actMax: 127 })
    const input = prep('Input', 's8', { shape: [4], mean: [128], scale: 1 / 128 }, [], q(0.009, 3))
    expect(input).toMatchObject({ ...quantizeMultiplier((1 / 128) / Math.fround(0.009)), outputZeroPoint: 3, mean: [128] })
  })

  it('refuses what the kernels cannot run, naming the tensor', () => {
    const conv = { filters: 1, kernelH: 1, kernelW: 1 }
    const x = [info([1, 2, 2, 1], q(0.1))]
    expect(() => prep('Conv2D', 's8', conv, x, undefined, { weights: w8([1, 1, 1, 1], q(1)), bias: b32(1) })).toThrow(
      'Conv2D output has no quantization parameters; quantize the graph first')
    expect(() => prep('Conv2D', 's8', conv, [info([1, 2, 2, 1])], q(1), { weights: w8([1, 1, 1, 1], q(1)), bias: b32(1) })).toThrow(
      'Conv2D input has no quantization parameters; quantize the graph first')
    expect(() => prep('Conv2D', 's8', conv, x, q(1), { weights: w8([1, 1, 1, 1], q(1, 3)), bias: b32(1) })).toThrow(
      'Conv2D weights must be symmetric (zero point 0)')
    expect(() => prep('Conv2D', 's8', { ...conv, filters: 3 }, x, q(1), {
      weights: w8([3, 1, 1, 1], { scale: [1, 1], zeroPoint: [0, 0], axis: 0 }), bias: b32(3) })).toThrow(
      'Conv2D weights have 2 scales; expected 1 or 3 (one per output channel)')
    expect(() => prep('Conv2D', 's8', conv, x, q(1), { weights: w8([1, 1, 1, 1], q(1)), bias: b8(1, q(1)) })).toThrow(
      'Conv2D bias is int8; this scheme needs an int32 bias')
    expect(() => prep('MaxPool2D', 's8', {}, [info([1, 4, 4, 1], q(0.1))], q(0.2))).toThrow(
      "MaxPool2D copies int8 values, so its output must keep the input's quantization (scale 0.10000000149011612, zero point 0); got scale 0.20000000298023224, zero point 0")
    expect(() => prep('Concat', 's8', { inputs: 2 }, [info([1, 2], q(0.1)), info([1, 2], q(0.1, 1))], q(0.1))).toThrow('Concat copies int8 values')
    expect(() => prep('Add', 's8', {}, [info([1, 2], q(1)), info([1, 2], q(1))], q(1e-7))).toThrow(
      'Add: the output rescale factor')
  })
})

describe('prepare (pow2)', () => {
  const p2 = (n: number): QuantParams => ({ scale: [2 ** -n], zeroPoint: [0] })

  it('Conv2D: bias and output shifts from the Q formats, ReLU6 clamp at round(6·2^n)', () => {
    const d = prep('Conv2D', 'pow2', { filters: 1, kernelH: 3, kernelW: 3, activation: 'relu6' }, [info([1, 4, 4, 2], p2(5))], p2(3),
      { weights: w8([1, 3, 3, 2], p2(6)), bias: b8(1, p2(4)) })
    expect(d).toMatchObject({ biasShift: 7, outShift: 8, actMin: 0, actMax: 48 })
    expect(vendorKernel('Conv2D', 'pow2', { filters: 1, kernelH: 3, kernelW: 3, activation: 'relu6' }, [info([1, 4, 4, 2], p2(5))], p2(3)))
      .toEqual({ kernel: 'arm_convolve_HWC_q7_basic_nonsquare', scratchBytes: 2 * 2 * 9 * 2 })
  })

  it('refuses negative shifts, scales that are not powers of two and Add formats that differ', () => {
    expect(() => prep('FullyConnected', 'pow2', { units: 1 }, [info([1, 2], p2(2))], p2(9), { weights: w8([1, 2], p2(6)), bias: b8(1, p2(4)) }))
      .toThrow('FullyConnected: output shift would be -1; the q7 kernels need 0..31')
    expect(() => prep('ReLU', 'pow2', {}, [info([1, 2], q(0.1))], q(0.1))).toThrow('ReLU input has scale 0.10000000149011612, not a power of two')
    expect(() => prep('Add', 'pow2', {}, [info([1, 2], p2(3)), info([1, 2], p2(4))], p2(4))).toThrow(
      'Add in the pow2 scheme adds raw q7 values (arm_add_q7), so both inputs and the output need the same Q format; got 2^-3, 2^-4 and 2^-4')
    expect(() => prep('Input', 'pow2', { shape: [2], mean: [0], scale: 0.01 }, [], p2(4))).toThrow(
      "Input scale 0.01 is not a power of two, which the pow2 scheme's shift preprocessing needs")
  })
})
