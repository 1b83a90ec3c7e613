/**
 * Kernel parameters of TFLite's 16x8 scheme (int16 activations, int8 weights) as CMSIS-NN's `_s16` kernels take them:
 * activations symmetric int16 (zero point 0, values −32768..32767), weights symmetric int8, bias 64-bit (kept int32 in
 * the graph, widened to int64_t in the C package), and the "reduced multiplier" requantization of 64-bit accumulators:
 *   REDUCE_MULTIPLIER(m) = m < 0x7FFF0000 ? (m + 2^15) >> 16 : 0x7FFF              (arm_nnsupportfunctions.h)
 *   arm_nn_requantize_s64(v, rm, shift) = ((int32)((v · rm) >> (14 − shift)) + 1) >> 1
 * (CMSIS-NN v7.0.0 Include/arm_nnsupportfunctions.h; TFLite's MultiplyByQuantizedMultiplier(int64) gives the same
 * value whenever the intermediate fits int32.) Exact in doubles while |v · rm| < 2^53 (|v| < 2^38).
 */
import type { QuantParams, TensorInfo } from '../ir/types.ts'
import { QuantError, activationQuant, quantizeValueF32 } from './kernel-params.ts'
import type { TensorQuant } from './kernel-params.ts'

export const INT16_MIN = -32768
export const INT16_MAX = 32767

/** Per-tensor symmetric int16 quantization of an activation (zero point 0); throws a sentence otherwise. */
export function activationQuantS16(info: TensorInfo | undefined, what: string): TensorQuant {
  const q = info?.quant
  if (!q || q.scale.length === 0) throw new QuantError(`${what} has no quantization parameters; quantize the graph first`)
  if (q.scale.length !== 1) throw new QuantError(`${what} must be quantized per tensor, not per channel`)
  const scale = Math.fround(q.scale[0])
  if (!(scale > 0) || !Number.isFinite(scale)) throw new QuantError(`${what} has scale ${q.scale[0]}; it must be a positive number`)
  if ((q.zeroPoint[0] ?? 0) !== 0) throw new QuantError(`${what} is int16 with zero point ${q.zeroPoint[0]}; int16 tensors are symmetric (zero point 0)`)
  return { scale, zeroPoint: 0 }
}

/** The symmetric int16 quantization of a range: scale max(|lo|, |hi|) / 32767, zero point 0 (the TFLite 16x8 converter's). */
export function symmetricInt16Quant(lo: number, hi: number): QuantParams {
  const m = Math.max(Math.abs(lo), Math.abs(hi))
  return { scale: [m > 0 ? m / INT16_MAX : 1 / INT16_MAX], zeroPoint: [0] }
}

/** CMSIS-NN's REDUCE_MULTIPLIER: a Q31 multiplier rounded to Q15. */
export function reduceMultiplier(multiplier: number): number {
  return multiplier < 0x7fff0000 ? Math.floor((multiplier + (1 << 15)) / 65536) : 0x7fff
}

/** arm_nn_requantize_s64 with a reduced (Q15) multiplier; `shift` is TFLite's exponent (negative: right), at most 14. */
export function requantizeS64(value: number, reducedMultiplier: number, shift: number): number {
  const wide = Math.floor((value * reducedMultiplier) / 2 ** (14 - shift))
  const result = wide | 0 // the int32 the C code keeps
  return (result + 1) >> 1
}

/** The int16 clamp of a fused activation: TFLite's CalculateActivationRangeQuantized for int16 (zero point 0). */
export function activationRangeS16(activation: string, out: TensorQuant): [number, number] {
  if (activation === 'relu') return [Math.max(INT16_MIN, quantizeValueF32(0, out.scale, 0)), INT16_MAX]
  if (activation === 'relu6') return [Math.max(INT16_MIN, quantizeValueF32(0, out.scale, 0)), Math.min(INT16_MAX, quantizeValueF32(6, out.scale, 0))]
  return [INT16_MIN, INT16_MAX]
}

/** Quantizes real values to int16 (round half away from zero, as TFLite's Quantize, saturating). */
export function quantizeTensorS16(real: ArrayLike<number>, quant: QuantParams): Int16Array {
  const out = new Int16Array(real.length)
  const s = quant.scale[0]
  for (let i = 0; i < real.length; i++) {
    const v = Math.round(Math.abs(real[i]) / s) * Math.sign(real[i])
    out[i] = v < INT16_MIN ? INT16_MIN : v > INT16_MAX ? INT16_MAX : v
  }
  return out
}

/** An activation's quantization by its element type: int16 symmetric, or int8 (zero point in −128..127). */
export function activationQuantOf(info: TensorInfo | undefined, what: string): TensorQuant {
  return info?.dtype === 'int16' ? activationQuantS16(info, what) : activationQuant(info, what)
}
