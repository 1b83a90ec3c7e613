/**
 * Window geometry shared by MaxPool2D and AvgPool2D and their int8 kernels (not an operator). TFLite
 * semantics: windows start at (oy·strideH − padTop, ox·strideW − padLeft); padding cells never take part,
 * so each window is clipped to the input and holds at least one in-bounds cell.
 */
import type { Shape, TensorInfo } from '../ir/types.ts'
import type { Activation, AttrSchema, Padding } from './op-def.ts'
import { activationAttr, expectNHWC, inferWindow2D, paddingAttr } from './op-def.ts'

export type PoolAttrs = {
  poolH: number
  poolW: number
  strideH: number
  strideW: number
  padding: Padding
  activation: Activation
}

/** Attribute schema of both pooling ops: window 1..128, stride 1..64, default 2×2 stride 2 'valid'. */
export const POOL_ATTRS: AttrSchema = {
  poolH: { kind: 'int', label: 'Pool height', default: 2, min: 1, max: 128 },
  poolW: { kind: 'int', label: 'Pool width', default: 2, min: 1, max: 128 },
  strideH: { kind: 'int', label: 'Stride height', default: 2, min: 1, max: 64 },
  strideW: { kind: 'int', label: 'Stride width', default: 2, min: 1, max: 64 },
  padding: paddingAttr('valid'),
  activation: activationAttr('none'),
}

/** [1, H, W, C] → [1, Hout, Wout, C]; throws OpError (naming `op`) when the window does not fit. */
export function inferPoolShape(op: string, attrs: PoolAttrs, inputs: readonly TensorInfo[]): Shape {
  const [h, w, c] = expectNHWC(op, inputs[0])
  const [oh, ow] = inferWindow2D(op, [h, w], [attrs.poolH, attrs.poolW], [attrs.strideH, attrs.strideW], [1, 1], attrs.padding)
  return [1, oh, ow, c]
}

export interface PoolGeometry {
  poolH: number
  poolW: number
  strideH: number
  strideW: number
  padTop: number
  padLeft: number
}

/**
 * Calls `visit` once per output pixel, in NHWC order, with the flat offset of its first channel in the output
 * and the in-bounds input window rows [y0, y1) and columns [x0, x1).
 */
export function forEachPoolWindow(
  inputShape: Shape, outputShape: Shape, g: PoolGeometry,
  visit: (outBase: number, y0: number, y1: number, x0: number, x1: number) => void,
): void {
  const [, H, W] = inputShape
  const [, OH, OW, C] = outputShape
  for (let oy = 0; oy < OH; oy++) {
    const y0 = Math.max(0, oy * g.strideH - g.padTop)
    const y1 = Math.min(H, oy * g.strideH - g.padTop + g.poolH)
    for (let ox = 0; ox < OW; ox++) {
      const x0 = Math.max(0, ox * g.strideW - g.padLeft)
      const x1 = Math.min(W, ox * g.strideW - g.padLeft + g.poolW)
      visit((oy * OW + ox) * C, y0, y1, x0, x1)
    }
  }
}
