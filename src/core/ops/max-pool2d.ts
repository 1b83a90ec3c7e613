/**
 * MaxPool2D — NHWC [1, H, W, C] → [1, Hout, Wout, C], per channel:
 *   y[oy, ox, c] = act( max over the in-bounds cells of the poolH×poolW window at (oy·sh − padT, ox·sw − padL) )
 * Padding cells never take part (TFLite): 'same' → ⌈H / sh⌉ rows, extra border cell at bottom/right;
 * 'valid' → ⌊(H − poolH) / sh⌋ + 1 rows. Every window holds at least one in-bounds cell.
 * MACs: 0 (comparisons are not multiply-accumulates). Ranges: pool 1..128; stride 1..64.
 *
 * int8 (s8: arm_max_pool_s8 = TFLite reference integer MaxPool; pow2: arm_maxpool_q7_HWC + arm_relu_q7/arm_clip_q7):
 *   the same window max of the int8 values, then the fused activation clamp; output quantization = input's.
 * int16 (16x8, arm_max_pool_s16): the same on symmetric int16 values, the int16 clamp.
 */
import type { PoolOpData } from './pool-params.ts'
import { preparePool } from './pool-params.ts'
import { INT8_OR_INT16, activationRange, defineOp, passthroughChannels, sharedOutputQuant, windowPadBefore } from './op-def.ts'
import type { PoolAttrs } from './pool-window.ts'
import { POOL_ATTRS, forEachPoolWindow, inferPoolShape } from './pool-window.ts'

export const maxPool2d = defineOp<'MaxPool2D', PoolAttrs, PoolOpData>({
  type: 'MaxPool2D',
  label: 'MaxPool2D',
  category: 'pooling',
  summary: 'y = max of each poolH×poolW window, per channel',
  attrs: POOL_ATTRS,

  inputCount: () => 1,

  weightSpecs: () => [],

  inferShape: (attrs, inputs) => inferPoolShape('MaxPool2D', attrs, inputs),

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
    })
    return out
  },

  outputQuant: sharedOutputQuant,

  costKind: () => 'pool',

  channels: passthroughChannels,

  dtypes: INT8_OR_INT16,

  prepare: (ctx) => preparePool(ctx, 'MaxPool2D'),

  evalInt8(d, inputs) {
    const x = inputs[0]
    const [, , W, C] = d.inputShape
    const n = d.outputShape[1] * d.outputShape[2] * C
    const out = d.int16 ? new Int16Array(n) : new Int8Array(n)
    const lowest = d.int16 ? -32768 : -128
    forEachPoolWindow(d.inputShape, d.outputShape, d, (oBase, y0, y1, x0, x1) => {
      for (let c = 0; c < C; c++) {
        let m = lowest
        for (let iy = y0; iy < y1; iy++) {
          for (let ix = x0; ix < x1; ix++) {
            const v = x[(iy * W + ix) * C + c]
            if (v > m) m = v
          }
        }
        out[oBase + c] = m < d.actMin ? d.actMin : m > d.actMax ? d.actMax : m
      }
    })
    return out
  },
})
