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
import type { PoolOpData } from './pool-params.ts'
import { averagePoolPow2, averagePoolS8, preparePool } from './pool-params.ts'
import { INT8_OR_INT16, activationRange, defineOp, int8, passthroughChannels, sharedOutputQuant, windowPadBefore } from './op-def.ts'
import type { PoolAttrs } from './pool-window.ts'
import { POOL_ATTRS, forEachPoolWindow, inferPoolShape } from './pool-window.ts'

export const avgPool2d = defineOp<'AvgPool2D', PoolAttrs, PoolOpData>({
  type: 'AvgPool2D',
  label: 'AvgPool2D',
  category: 'pooling',
  summary: 'y = mean of the in-bounds cells of each poolH×poolW window, per channel',
  attrs: POOL_ATTRS,

  inputCount: () => 1,

  weightSpecs: () => [],

  inferShape: (attrs, inputs) => inferPoolShape('AvgPool2D', attrs, inputs),

  validate: () => [],

  macs: () => 0,

  evalFloat({ attrs, inputs, inputShapes, outputShape }) {
    const x = inputs[0]
    const [, H, W, C] = inputShapes[0]
    const padTop = windowPadBefore(H, attrs.poolH, attrs.strideH, 1, attrs.padding)
    const padLeft = windowPadBefore(W, attrs.poolW, attrs.strideW, 1, attrs.padding)
    const [lo, hi] = activationRange(attrs.activation)
    const out = new Float32Array(outputShape[1] * outputShape[2] * C)
    forEachPoolWindow(inputShapes[0], outputShape, { ...attrs, padTop, padLeft }, (oBase, y0, y1, x0, x1) => {
      const count = (y1 - y0) * (x1 - x0)
      for (let c = 0; c < C; c++) {
        let sum = 0
        for (let iy = y0; iy < y1; iy++) {
          for (let ix = x0; ix < x1; ix++) sum += x[(iy * W + ix) * C + c]
        }
        const v = count > 0 ? sum / count : 0
        out[oBase + c] = v < lo ? lo : v > hi ? hi : v
      }
    })
    return out
  },

  outputQuant: sharedOutputQuant,

  costKind: () => 'pool',

  channels: passthroughChannels,

  dtypes: INT8_OR_INT16,

  prepare: (ctx) => preparePool(ctx, 'AvgPool2D'),

  evalInt8: (d, inputs) => (d.scheme === 's8' ? averagePoolS8(d, inputs[0]) : averagePoolPow2(d, int8(inputs[0]))),
})
