/**
 * MaxPool2D — NHWC [1, H, W, C] → [1, Hout, Wout, C], per channel:
 *   y[oy, ox, c] = act( max over the in-bounds cells of the poolH×poolW window at (oy·sh − padT, ox·sw − padL) )
 * Padding cells never take part (TFLite): 'same' → ⌈H / sh⌉ rows, extra border cell at bottom/right;
 * 'valid' → ⌊(H − poolH) / sh⌋ + 1 rows. Every window holds at least one in-bounds cell.
 * MACs: 0 (comparisons are not multiply-accumulates). Ranges: pool 1..128; stride 1..64.
 *
 * int8 (s8: arm_max_pool_s8 = TFLite reference integer MaxPool; pow2: arm_maxpool_q7_HWC + arm_relu_q7/arm_clip_q7):
 *   the same window max of the int8 values, then the fused activation clamp; output quantization = input's.
 */
import type { PoolOpData } from '../quant/pool-params.ts'
import { preparePool } from '../quant/pool-params.ts'
import type { Activation, Padding } from './op-def.ts'
import { activationAttr, activationRange, defineOp, expectNHWC, inferWindow2D, paddingAttr, windowPadBefore } from './op-def.ts'

type MaxPool2DAttrs = {
  poolH: number
  poolW: number
  strideH: number
  strideW: number
  padding: Padding
  activation: Activation
}

export const maxPool2d = defineOp<MaxPool2DAttrs, PoolOpData>({
  type: 'MaxPool2D',
  label: 'MaxPool2D',
  category: 'pooling',
  summary: 'y = max of each poolH×poolW window, per channel',
  attrs: {
    poolH: { kind: 'int', label: 'Pool height', default: 2, min: 1, max: 128 },
    poolW: { kind: 'int', label: 'Pool width', default: 2, min: 1, max: 128 },
    strideH: { kind: 'int', label: 'Stride height', default: 2, min: 1, max: 64 },
    strideW: { kind: 'int', label: 'Stride width', default: 2, min: 1, max: 64 },
    padding: paddingAttr('valid'),
    activation: activationAttr('none'),
  },

  inputCount: () => 1,

  weightSpecs: () => [],

  inferShape(attrs, inputs) {
    const [h, w, c] = expectNHWC('MaxPool2D', inputs[0])
    const [oh, ow] = inferWindow2D('MaxPool2D', [h, w], [attrs.poolH, attrs.poolW], [attrs.strideH, attrs.strideW],
      [1, 1], attrs.padding)
    return [1, oh, ow, c]
  },

  validate: () => [],

  macs: () => 0,

  evalFloat({ attrs, inputs, inputShapes, outputShape }) {
    const x = inputs[0]
    const [, H, W, C] = inputShapes[0]
    const [, OH, OW] = outputShape
    const { poolH: KH, poolW: KW, strideH: SH, strideW: SW } = attrs
    const padT = windowPadBefore(H, KH, SH, 1, attrs.padding)
    const padL = windowPadBefore(W, KW, SW, 1, attrs.padding)
    const [lo, hi] = activationRange(attrs.activation)
    const out = new Float32Array(OH * OW * C)
    for (let oy = 0; oy < OH; oy++) {
      const y0 = Math.max(0, oy * SH - padT)
      const y1 = Math.min(H, oy * SH - padT + KH)
      for (let ox = 0; ox < OW; ox++) {
        const x0 = Math.max(0, ox * SW - padL)
        const x1 = Math.min(W, ox * SW - padL + KW)
        const oBase = (oy * OW + ox) * C
        for (let c = 0; c < C; c++) {
          let m = -Infinity
          for (let iy = y0; iy < y1; iy++) {
            for (let ix = x0; ix < x1; ix++) {
              const v = x[(iy * W + ix) * C + c]
              if (v > m) m = v
            }
          }
          out[oBase + c] = m < lo ? lo : m > hi ? hi : m
        }
      }
    }
    return out
  },

  prepare: (ctx) => preparePool(ctx, 'MaxPool2D', ctx.scheme === 's8' ? 'arm_max_pool_s8' : 'arm_maxpool_q7_HWC', 0),

  evalInt8(d, inputs) {
    const x = inputs[0]
    const [, H, W, C] = d.inputShape
    const [, OH, OW] = d.outputShape
    const out = new Int8Array(OH * OW * C)
    for (let oy = 0; oy < OH; oy++) {
      const y0 = Math.max(0, oy * d.strideH - d.padTop)
      const y1 = Math.min(H, oy * d.strideH - d.padTop + d.poolH)
      for (let ox = 0; ox < OW; ox++) {
        const x0 = Math.max(0, ox * d.strideW - d.padLeft)
        const x1 = Math.min(W, ox * d.strideW - d.padLeft + d.poolW)
        const oBase = (oy * OW + ox) * C
        for (let c = 0; c < C; c++) {
          let m = -128
          for (let iy = y0; iy < y1; iy++) {
            for (let ix = x0; ix < x1; ix++) {
              const v = x[(iy * W + ix) * C + c]
              if (v > m) m = v
            }
          }
          out[oBase + c] = m < d.actMin ? d.actMin : m > d.actMax ? d.actMax : m
        }
      }
    }
    return out
  },
})
