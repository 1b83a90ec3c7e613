/**
 * GlobalAveragePool — NHWC [1, H, W, C] → [1, 1, 1, C]:  y[c] = (1 / (H·W)) · Σ_{y, x} x[y, x, c]
 * No attributes. MACs: 0 (pooling convention, as AVERAGE_POOL_2D in MLPerf Tiny's per-layer counts).
 *
 * int8, s8: when the output keeps the input's quantization (what PTQ produces, and AVERAGE_POOL_2D models), it is
 *   arm_avgpool_s8 over the full H×W window (TFLite AveragePool rounding, ties away from zero) — the kernel the
 *   cmsis-nn library runs. When an imported model gives the output its own quantization (TFLite MEAN), it is
 *   TFLite's reference integer MEAN: M, shift = QuantizeMultiplier(in_scale / out_scale) folded with 1/(H·W)
 *   (multiplier·2^s / (H·W), s = ⌊log2(H·W)⌋ capped at 32 and 31 + shift), then
 *   y = clamp(MultiplyByQuantizedMultiplier(Σx − in_zp·H·W, M', shift − s) + out_zp, −128, 127).
 * int8, pow2: arm_avepool_q7_HWC over the full window (rows, then columns, truncating; see AvgPool2D).
 */
import { quantizeMultiplier, multiplyByQuantizedMultiplier } from '../quant/fixed-point.ts'
import type { RoundingField } from '../quant/kernel-params.ts'
import { activationQuant, freeze, roundingField, sameQuant } from '../quant/kernel-params.ts'
import type { PoolOpData } from './pool-params.ts'
import { averagePoolPow2, averagePoolS8, preparePool } from './pool-params.ts'
import { defineOp, expectNHWC, int8, passthroughChannels, sharedOutputQuant } from './op-def.ts'
import type { PoolAttrs } from './pool-window.ts'

type GlobalAveragePoolAttrs = Record<string, never>

/** Frozen parameters: a full-window pool (avgpool rounding; both schemes)… */
export interface GlobalPoolOpData extends PoolOpData {
  mode: 'pool'
}

/** …or, s8 with requantization, TFLite MEAN: Σx rescaled by the folded multiplier and shift. */
export interface GlobalMeanOpData extends PoolOpData, RoundingField {
  scheme: 's8'
  mode: 'mean'
  inputOffset: number
  outputOffset: number
  multiplier: number
  shift: number
}

export type GlobalAveragePoolOpData = GlobalPoolOpData | GlobalMeanOpData

export const globalAveragePool = defineOp<'GlobalAveragePool', GlobalAveragePoolAttrs, GlobalAveragePoolOpData>({
  type: 'GlobalAveragePool',
  label: 'GlobalAveragePool',
  category: 'pooling',
  summary: 'y[c] = mean of channel c over all H×W positions',
  attrs: {},

  inputCount: () => 1,

  weightSpecs: () => [],

  inferShape(_attrs, inputs) {
    const [, , c] = expectNHWC('GlobalAveragePool', inputs[0])
    return [1, 1, 1, c]
  },

  validate: () => [],

  macs: () => 0,

  evalFloat({ inputs, inputShapes }) {
    const x = inputs[0]
    const [, H, W, C] = inputShapes[0]
    const sums = new Float64Array(C)
    const cells = H * W
    for (let p = 0; p < cells; p++) {
      const base = p * C
      for (let c = 0; c < C; c++) sums[c] += x[base + c]
    }
    const out = new Float32Array(C)
    for (let c = 0; c < C; c++) out[c] = sums[c] / cells
    return out
  },

  outputQuant: sharedOutputQuant,

  costKind: () => 'pool',

  channels: passthroughChannels,

  prepare(ctx) {
    const [, H, W] = ctx.inputs[0].shape
    const window: PoolAttrs = { poolH: H, poolW: W, strideH: 1, strideW: 1, padding: 'valid', activation: 'none' }
    if (ctx.scheme === 's8') {
      const inQ = activationQuant(ctx.inputs[0], 'GlobalAveragePool input')
      const outQ = activationQuant(ctx.output, 'GlobalAveragePool output')
      if (!sameQuant(inQ, outQ)) {
        const { multiplier, shift } = quantizeMultiplier(inQ.scale / outQ.scale)
        const count = H * W
        const s = Math.min(31 - Math.clz32(count), 32, 31 + shift)
        const folded = Number((BigInt(multiplier) << BigInt(s)) / BigInt(count))
        return freeze<GlobalAveragePoolOpData>({ scheme: 's8', inputShape: [...ctx.inputs[0].shape],
          outputShape: [...ctx.output.shape], poolH: H, poolW: W, strideH: 1, strideW: 1, padTop: 0, padLeft: 0,
          actMin: -128, actMax: 127,
          mode: 'mean', inputOffset: -inQ.zeroPoint, outputOffset: outQ.zeroPoint,
          multiplier: folded, shift: shift - s, ...roundingField(ctx.rounding) })
      }
    }
    return freeze<GlobalAveragePoolOpData>({ ...preparePool({ ...ctx, attrs: window }, 'GlobalAveragePool'), mode: 'pool' })
  },

  evalInt8(d, inputs) {
    if (d.mode === 'pool') return d.scheme === 's8' ? averagePoolS8(d, int8(inputs[0])) : averagePoolPow2(d, int8(inputs[0]))
    const x = inputs[0]
    const [, H, W, C] = d.inputShape
    const count = H * W
    const out = new Int8Array(C)
    for (let c = 0; c < C; c++) {
      let sum = 0
      for (let p = 0; p < count; p++) sum += x[p * C + c]
      const v = multiplyByQuantizedMultiplier((sum + d.inputOffset * count) | 0, d.multiplier, d.shift, d.rounding) + d.outputOffset
      out[c] = v < -128 ? -128 : v > 127 ? 127 : v
    }
    return out
  },
})
