/**
 * Keeping some indices of one axis of a constant tensor (any dtype), with its per-channel quantization along that
 * axis sliced alike (a per-tensor scale, or per-channel scales along another axis, stay as they are).
 */
import type { Tensor, TensorData } from '../../ir/types.ts'

export function sliceAxis(t: Tensor, axis: number, keep: readonly number[]): Tensor {
  const shape = [...t.shape]
  const outer = shape.slice(0, axis).reduce((a, b) => a * b, 1)
  const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1)
  const n = shape[axis]
  const Ctor = t.data.constructor as { new (length: number): TensorData }
  const data = new Ctor(outer * keep.length * inner)
  let o = 0
  for (let a = 0; a < outer; a++) {
    for (const k of keep) {
      const start = (a * n + k) * inner
      for (let i = 0; i < inner; i++) data[o++] = t.data[start + i]
    }
  }
  shape[axis] = keep.length
  const q = t.quant
  const perChannel = q && q.scale.length > 1 && (q.axis ?? 0) === axis
  const quant = q && perChannel
    ? { ...q, scale: keep.map((k) => q.scale[k]), zeroPoint: keep.map((k) => q.zeroPoint[k] ?? 0) }
    : q
  return { ...t, shape, data, ...(quant ? { quant } : {}) }
}
