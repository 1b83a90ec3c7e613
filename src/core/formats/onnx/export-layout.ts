/**
 * Layout rules of the ONNX export. Inside the exported graph every rank-4 activation is NCHW (ONNX's native conv
 * layout); tensors of other ranks keep the IR's shape and order ("plain"). The IR is NHWC, so:
 *   - a rank-4 IR tensor [1, H, W, C] is the ONNX tensor [1, C, H, W];
 *   - a flatten/reshape of a rank-4 tensor first transposes back to NHWC (unless H = W = 1, where the orders agree),
 *     so row-major element order stays the IR's;
 *   - FullyConnected on a rank-4 input flattens the NCHW tensor directly and permutes its weight columns instead.
 * Weight permutations are index maps: `perm[i]` is the IR index of ONNX element i.
 */
import type { Shape } from '../../ir/types.ts'

export type Layout = 'nchw' | 'plain'

export const TO_NCHW = [0, 3, 1, 2] as const
export const TO_NHWC = [0, 2, 3, 1] as const

export function layoutOf(shape: Shape): Layout {
  return shape.length === 4 ? 'nchw' : 'plain'
}

/** ONNX dims of an IR tensor shape in `layout`. */
export function onnxDims(shape: Shape, layout: Layout): number[] {
  return layout === 'nchw' ? [shape[0], shape[3], shape[1], shape[2]] : [...shape]
}

/** True when NCHW and NHWC element orders coincide (H = W = 1). */
export function orderAgnostic(shape: Shape): boolean {
  return shape.length === 4 && shape[1] === 1 && shape[2] === 1
}

/** Axis of the IR's last (channel) axis in the ONNX tensor. */
export function channelAxis(shape: Shape): number {
  return shape.length === 4 ? 1 : shape.length - 1
}

/** Conv weights OHWI [O, kh, kw, I] → OIHW [O, I, kh, kw]. */
export function oihwFromOhwi([O, KH, KW, I]: Shape): Int32Array {
  const perm = new Int32Array(O * I * KH * KW)
  let j = 0
  for (let o = 0; o < O; o++)
    for (let i = 0; i < I; i++)
      for (let y = 0; y < KH; y++)
        for (let x = 0; x < KW; x++) perm[j++] = ((o * KH + y) * KW + x) * I + i
  return perm
}

/** Depthwise weights 1HW(C·M) [1, kh, kw, O] → grouped-conv OIHW [O, 1, kh, kw] (group = C, output o = c·M + m). */
export function groupedFromDepthwise([, KH, KW, O]: Shape): Int32Array {
  const perm = new Int32Array(O * KH * KW)
  let j = 0
  for (let o = 0; o < O; o++)
    for (let y = 0; y < KH; y++)
      for (let x = 0; x < KW; x++) perm[j++] = (y * KW + x) * O + o
  return perm
}

/**
 * FullyConnected weights [units, K] for an input of IR shape `inputShape`: when the input is a rank-4 NCHW tensor
 * flattened in ONNX (CHW order), column c·H·W + h·W + w takes IR column (h·W + w)·C + c; otherwise the identity.
 */
export function denseColumns(units: number, inputShape: Shape): Int32Array {
  const K = inputShape.reduce((p, d) => p * d, 1)
  const perm = new Int32Array(units * K)
  const [, H, W, C] = inputShape
  const nchw = inputShape.length === 4 && !orderAgnostic(inputShape)
  for (let u = 0; u < units; u++) {
    for (let k = 0; k < K; k++) {
      if (!nchw) { perm[u * K + k] = u * K + k; continue }
      const c = Math.floor(k / (H * W))
      const hw = k % (H * W)
      perm[u * K + k] = u * K + hw * C + c
    }
  }
  return perm
}

/** `values` reordered by `perm` (ONNX element i = values[perm[i]]). */
export function permuted(values: ArrayLike<number>, perm: Int32Array): Float64Array {
  const out = new Float64Array(perm.length)
  for (let i = 0; i < perm.length; i++) out[i] = values[perm[i]]
  return out
}

/**
 * ONNX explicit pads [top, left, bottom, right] for a 2-D window with TFLite padding: 'same' splits the total border
 * with the odd cell at the bottom/right (asymmetric), 'valid' has none.
 */
export function windowPads(input: readonly [number, number], kernel: readonly [number, number],
  stride: readonly [number, number], dilation: readonly [number, number], padding: string): number[] {
  if (padding !== 'same') return [0, 0, 0, 0]
  const before: number[] = []
  const after: number[] = []
  for (let a = 0; a < 2; a++) {
    const effective = (kernel[a] - 1) * dilation[a] + 1
    const out = Math.ceil(input[a] / stride[a])
    const total = Math.max(0, (out - 1) * stride[a] + effective - input[a])
    before.push(Math.floor(total / 2))
    after.push(total - Math.floor(total / 2))
  }
  return [before[0], before[1], after[0], after[1]]
}
