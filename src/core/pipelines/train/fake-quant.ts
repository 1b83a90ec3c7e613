/**
 * Quantization-aware training on the vendor's int8 grid in TensorFlow.js: fake quantization with the clipped
 * straight-through estimator — forward rounds onto the grid, backward passes the gradient unchanged inside the
 * representable range and 0 outside. The TensorFlow.js twin of the PyTorch project's fake_quant.py, on the same
 * grids and with the same float32 expressions (tf.round and torch.round both round half to even), so both trainers
 * see the same quantized values (tested against python3-torch in qat-grid.test.ts):
 *   activations: per-tensor affine (scale, zero point) from the group's range (pipelines/ptq.ts planGroupQuant);
 *   s8 weights: symmetric, scale = max|w_c| / 127 per output channel (or per tensor), values −127..127;
 *   s8 bias: int32 on the grid s_in · s_w[c] (no clipping);
 *   pow2 weights and bias: symmetric 2^-n, values −128..127;
 *   int16 activations (16x8 layers): symmetric, max(|min|, |max|) / 32767, codes −32768..32767 (Sigmoid/Tanh: Q0.15);
 *   int4 weights: symmetric, scale = max|w_c| / 7, values −7..7.
 * Scales are float32 numbers (Math.fround) as the tensors that hold them.
 */
import type { Tf, TfTensor } from '../../ops/tfjs-twin.ts'

/** Per-tensor affine fake quantization of `x` onto q ∈ [qmin, qmax] with real = (q − zeroPoint) · scale. */
export function fakeQuant(tf: Tf, x: TfTensor, scale: number, zeroPoint: number, qmin = -128, qmax = 127): TfTensor {
  const s = Math.fround(scale)
  const lo = Math.fround((qmin - zeroPoint) * scale)
  const hi = Math.fround((qmax - zeroPoint) * scale)
  const op = tf.customGrad((input, save: unknown) => {
    const t = input as TfTensor
    ;(save as (ts: TfTensor[]) => void)([t])
    const value = tf.mul(tf.round(tf.div(tf.clipByValue(t, lo, hi), s)), s)
    return {
      value,
      gradFunc: (dy, saved) => {
        const [v] = saved as TfTensor[]
        return tf.mul(dy as TfTensor, tf.cast(tf.logicalAnd(tf.greaterEqual(v, lo), tf.lessEqual(v, hi)), 'float32'))
      },
    }
  })
  return op(x) as TfTensor
}

/**
 * Symmetric fake quantization of weights with one scale per slice along `axis` (undefined: one scale for the whole
 * tensor): scale = max|w| / qmax (1 for an all-zero slice). Returns the fake-quantized weights and the scales
 * (a tensor shaped to broadcast along `axis`, flattened by the caller for the bias grid).
 */
export function fakeQuantSymmetric(tf: Tf, w: TfTensor, axis: number | undefined, qmax = 127): { value: TfTensor; scale: TfTensor } {
  const dims = axis === undefined ? [...Array(w.rank).keys()] : [...Array(w.rank).keys()].filter((d) => d !== axis)
  const amax = tf.max(tf.abs(w), dims, true)
  const scale = tf.where(tf.greater(amax, 0), tf.div(amax, qmax), tf.onesLike(amax))
  const limit = tf.mul(scale, qmax)
  // Only saved tensors live until the backward pass (closure tensors are gone by then).
  const op = tf.customGrad((input, save: unknown) => {
    const t = input as TfTensor
    ;(save as (ts: TfTensor[]) => void)([t, limit])
    const clipped = tf.maximum(tf.minimum(t, limit), tf.neg(limit))
    return {
      value: tf.mul(tf.round(tf.div(clipped, scale)), scale),
      gradFunc: (dy, saved) => {
        const [v, l] = saved as TfTensor[]
        return tf.mul(dy as TfTensor, tf.cast(tf.lessEqual(tf.abs(v), l), 'float32'))
      },
    }
  })
  return { value: op(w) as TfTensor, scale }
}

/** A bias on the grid `scale` (a number or per-channel scales), rounded, gradient passed unchanged (int32: no clip). */
export function fakeQuantBias(tf: Tf, b: TfTensor, scale: TfTensor | number): TfTensor {
  const s = typeof scale === 'number' ? Math.fround(scale) : scale
  const op = tf.customGrad((input) => ({
    value: tf.mul(tf.round(tf.div(input as TfTensor, s)), s),
    gradFunc: (dy) => dy as TfTensor,
  }))
  return op(b) as TfTensor
}

/** Power-of-two fake quantization with `frac` fractional bits: scale 2^-frac, q ∈ −128..127. */
export function fakeQuantPow2(tf: Tf, x: TfTensor, frac: number): TfTensor {
  return fakeQuant(tf, x, 2 ** -frac, 0)
}
