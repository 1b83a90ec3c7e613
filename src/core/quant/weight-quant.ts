/**
 * Quantization of constant tensors.
 *
 * s8 (TFLite int8 spec): weights symmetric int8 in [−127, 127], zero point 0, one scale per output channel along
 * `axis` (or one per tensor): scale_c = max|w_c| / 127 (1 for an all-zero channel), stored as float32.
 * Bias int32 with scale_c = float(in_scale · w_scale_c), zero point 0: q = round(b / scale_c).
 * pow2 (legacy q7): weights int8 with one power-of-two scale 2^-n per tensor, n = 7 − ⌈log2 max|w|⌉;
 * bias int8 likewise, its n clamped to [in_n + w_n − 31, in_n + w_n] so the kernel's bias shift is 0..31.
 * int4 (s8 scheme, the `_s4` kernels): TFLite's int4 rule — symmetric, zero point 0, scale_c = max|w_c| / 7, values
 * round(w / scale_c) half away from zero clamped to [−7, 7] (tensorflow/lite/tools/optimize/quantization_utils.cc
 * SymmetricPerChannelQuantizeValues with kTfLiteInt4: TfLiteRound, kMinQuantizedValue4bit = −7, kMaxQuantizedValue4bit
 * = 7; the kernels also read −8), stored as int8 values with `encoding: { kind: 'int4' }`.
 * Rounding is half away from zero; values saturate to the integer range.
 */
import type { Shape, Tensor, TensorOrigin } from '../ir/types.ts'
import { roundHalfAwayFromZero } from './fixed-point.ts'
import { pow2FracBits } from './observers.ts'
import { saturateInt32 } from './kernel-params.ts'

function maxAbs(values: ArrayLike<number>, start = 0, end = values.length, stride = 1): number {
  let m = 0
  for (let i = start; i < end; i += stride) {
    const a = Math.abs(values[i])
    if (a > m) m = a
  }
  return m
}

/** Symmetric int8 weights, per channel along `axis` (or per tensor when `axis` is undefined). */
export function quantizeWeightsS8(real: Float32Array, shape: Shape, axis: number | undefined, origin: TensorOrigin): Tensor {
  return quantizeSymmetric(real, shape, axis, origin, 127)
}

/** Symmetric int4 weights (TFLite's int4 rule, see the file comment), held as int8 values marked `encoding: int4`. */
export function quantizeWeightsInt4(real: Float32Array, shape: Shape, axis: number | undefined, origin: TensorOrigin): Tensor {
  return { ...quantizeSymmetric(real, shape, axis, origin, 7), encoding: { kind: 'int4' } }
}

function quantizeSymmetric(real: Float32Array, shape: Shape, axis: number | undefined, origin: TensorOrigin, qmax: number): Tensor {
  const channels = axis === undefined ? 1 : shape[axis]
  let inner = 1
  if (axis !== undefined) for (let d = axis + 1; d < shape.length; d++) inner *= shape[d]
  const absMax = new Float64Array(channels)
  for (let i = 0; i < real.length; i++) {
    const c = axis === undefined ? 0 : Math.floor(i / inner) % channels
    const a = Math.abs(real[i])
    if (a > absMax[c]) absMax[c] = a
  }
  const scales = Array.from(absMax, (m) => (m > 0 ? Math.fround(m / qmax) : 1))
  const data = new Int8Array(real.length)
  for (let i = 0; i < real.length; i++) {
    const c = axis === undefined ? 0 : Math.floor(i / inner) % channels
    const q = roundHalfAwayFromZero(real[i] / scales[c])
    data[i] = q < -qmax ? -qmax : q > qmax ? qmax : q
  }
  const quant = axis === undefined
    ? { scale: scales, zeroPoint: [0] }
    : { scale: scales, zeroPoint: scales.map(() => 0), axis }
  return { dtype: 'int8', shape: [...shape], data, quant, origin }
}

/** int32 bias for s8 kernels: scale_c = float(in_scale · w_scale_c). */
export function quantizeBiasS8(real: Float32Array, inScale: number, wScales: readonly number[], origin: TensorOrigin): Tensor {
  const scales = Array.from({ length: real.length }, (_, c) => Math.fround(inScale * wScales[wScales.length === 1 ? 0 : c]))
  const data = new Int32Array(real.length)
  for (let c = 0; c < real.length; c++) data[c] = saturateInt32(roundHalfAwayFromZero(real[c] / scales[c]))
  const quant = wScales.length === 1
    ? { scale: [Math.fround(inScale * wScales[0])], zeroPoint: [0] }
    : { scale: scales, zeroPoint: scales.map(() => 0), axis: 0 }
  return { dtype: 'int32', shape: [real.length], data, quant, origin }
}

/** Power-of-two int8 tensor with `frac` fractional bits (default: the largest that keeps max|x| in range). */
export function quantizePow2(real: Float32Array, shape: Shape, origin: TensorOrigin, frac = pow2FracBits(maxAbs(real))): Tensor {
  const data = new Int8Array(real.length)
  const factor = 2 ** frac
  for (let i = 0; i < real.length; i++) {
    const q = roundHalfAwayFromZero(real[i] * factor)
    data[i] = q < -128 ? -128 : q > 127 ? 127 : q
  }
  return { dtype: 'int8', shape: [...shape], data, quant: { scale: [2 ** -frac], zeroPoint: [0] }, origin }
}

/** pow2 bias: its natural fractional bits clamped to [accFrac − 31, accFrac] (accFrac = in_n + w_n). */
export function quantizeBiasPow2(real: Float32Array, accFrac: number, origin: TensorOrigin): Tensor {
  const natural = pow2FracBits(maxAbs(real))
  const frac = Math.max(accFrac - 31, Math.min(accFrac, natural))
  return quantizePow2(real, [real.length], origin, frac)
}

/** Symmetric int16 constant with one scale (max|w| / 32767, 1 for all zeros), e.g. SVDF's time weights. */
export function quantizeSymmetricInt16(real: Float32Array, shape: Shape, origin: TensorOrigin): Tensor {
  const m = maxAbs(real)
  const scale = m > 0 ? Math.fround(m / 32767) : 1
  const data = new Int16Array(real.length)
  for (let i = 0; i < real.length; i++) {
    const q = roundHalfAwayFromZero(real[i] / scale)
    data[i] = q < -32767 ? -32767 : q > 32767 ? 32767 : q
  }
  return { dtype: 'int16', shape: [...shape], data, quant: { scale: [scale], zeroPoint: [0] }, origin }
}
