/**
 * Quantize and dequantize activation tensors with per-tensor affine parameters (real = scale · (q − zeroPoint)).
 * Quantization rounds half away from zero (TFLite's std::round) and saturates to int8.
 */
import type { QuantParams } from '../ir/types.ts'
import { roundHalfAwayFromZero } from './fixed-point.ts'

export function quantizeTensor(real: ArrayLike<number>, quant: QuantParams): Int8Array {
  const scale = quant.scale[0]
  const zp = quant.zeroPoint[0] ?? 0
  const out = new Int8Array(real.length)
  for (let i = 0; i < real.length; i++) {
    const q = zp + roundHalfAwayFromZero(real[i] / scale)
    out[i] = q < -128 ? -128 : q > 127 ? 127 : q
  }
  return out
}

export function dequantizeTensor(q: Int8Array | Int16Array, quant: QuantParams): Float32Array {
  const scale = quant.scale[0]
  const zp = quant.zeroPoint[0] ?? 0
  const out = new Float32Array(q.length)
  for (let i = 0; i < q.length; i++) out[i] = scale * (q[i] - zp)
  return out
}
