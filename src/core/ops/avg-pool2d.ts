/**
 * AvgPool2D — NHWC [1, H, W, C] → [1, Hout, Wout, C], per channel:
 *   y[oy, ox, c] = act( Σ x over the in-bounds cells of the window / (number of in-bounds cells) )
 * As TFLite, 'same' padding does not count border cells in the divisor. Window placement and output size as
 * MaxPool2D ('same' → ⌈H / sh⌉, 'valid' → ⌊(H − poolH) / sh⌋ + 1).
 * MACs: 0 (MLPerf Tiny / TFLite convention for pooling). Ranges: pool 1..128; stride 1..64.
 *
 * int8, s8 (arm_avgpool_s8 = TFLite reference integer AveragePool): sum of the in-bounds int8 values, then
 *   (sum > 0 ? sum + count/2 : sum − count/2) / count with C division (ties away from zero), then the activation
 *   clamp; output quantization = input's.
 * int8, pow2 (arm_avepool_q7_HWC, DSP path of Cortex-M4/M7/M33): pooled in place as rows then columns, each a C
 *   division by the in-bounds count (truncating toward zero twice); then arm_relu_q7/arm_clip_q7 for the activation.
 *   (The same kernel on cores without the DSP extension or with MVE averages the whole window once; it can differ
 *   by 1 LSB, which is why the generated runtime always uses this row-then-column form.)
 */
import type { PoolOpData } from '../quant/pool-params.ts'
import { averagePoolPow2, averagePoolS8, preparePool } from '../quant/pool-params.ts'
import type { Activation, Padding } from './op-def.ts'
import { activationAttr, activationRange, defineOp, expectNHWC, inferWindow2D, paddingAttr, windowPadBefore } from './op-def.ts'

type AvgPool2DAttrs = {
  poolH: number
  poolW: number
  strideH: number
  strideW: number
  padding: Padding
  activation: Activation
}

export const avgPool2d = defineOp<AvgPool2DAttrs, PoolOpData>({
  type: 'AvgPool2D',
  label: 'AvgPool2D',
  category: 'pooling',
  summary: 'y = mean of the in-bounds cells of each poolH×poolW window, per channel',
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
    const [h, w, c] = expectNHWC('AvgPool2D', inputs[0])
    const [oh, ow] = inferWindow2D('AvgPool2D', [h, w], [attrs.poolH, attrs.poolW], [attrs.strideH, attrs.strideW],
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
        const count = (y1 - y0) * (x1 - x0)
        const oBase = (oy * OW + ox) * C
        for (let c = 0; c < C; c++) {
          let sum = 0
          for (let iy = y0; iy < y1; iy++) {
            for (let ix = x0; ix < x1; ix++) sum += x[(iy * W + ix) * C + c]
          }
          const v = count > 0 ? sum / count : 0
          out[oBase + c] = v < lo ? lo : v > hi ? hi : v
        }
      }
    }
    return out
  },

  prepare: (ctx) => preparePool(ctx, 'AvgPool2D', ctx.scheme === 's8' ? 'arm_avgpool_s8' : 'arm_avepool_q7_HWC',
    ctx.scheme === 's8' ? ctx.inputs[0].shape[3] * 4 : 2 * ctx.output.shape[2] * ctx.inputs[0].shape[3]),

  evalInt8: (d, inputs) => (d.scheme === 's8' ? averagePoolS8(d, inputs[0]) : averagePoolPow2(d, inputs[0])),
})
