/**
 * int8 pooling shared by AvgPool2D, MaxPool2D and GlobalAveragePool: the frozen window parameters and the two
 * averaging rules.
 *
 * - s8, arm_avgpool_s8 (= TFLite reference integer AveragePool): one sum over the in-bounds cells, then
 *   (sum > 0 ? sum + count/2 : sum − count/2) / count with C's truncating division, i.e. ties away from zero.
 * - pow2, arm_avepool_q7_HWC on DSP cores: the window is pooled in place along x (each row's in-bounds cells,
 *   C division by their count), then along y over those row averages (C division again).
 * Pooling never changes the quantization: the output keeps the input's scale and zero point.
 * int16 (16x8, CMSIS-NN arm_max_pool_s16 / arm_avgpool_s16, v7.0.0): the same windows and the same averaging rule on
 * symmetric int16 values (zero point 0), the int16 clamp of the fused activation.
 */
import { activationFracBits, activationQuant, activationRangePow2, activationRangeS8, freeze, requireSameQuant } from '../quant/kernel-params.ts'
import type { PrepareContext } from './op-def.ts'
import type { QuantScheme } from '../quant/scheme.ts'
import { windowPadBefore } from './op-def.ts'
import { activationQuantS16, activationRangeS16 } from '../quant/int16-params.ts'
import type { PoolAttrs } from './pool-window.ts'
import { forEachPoolWindow } from './pool-window.ts'

export interface PoolOpData {
  scheme: QuantScheme
  inputShape: number[]
  outputShape: number[]
  poolH: number
  poolW: number
  strideH: number
  strideW: number
  padTop: number
  padLeft: number
  actMin: number
  actMax: number
  /** int16 activations (arm_max_pool_s16 / arm_avgpool_s16). */
  int16?: true
}

/** Validates that the output keeps the input's quantization and freezes the window and activation clamp. */
export function preparePool(ctx: PrepareContext<PoolAttrs>, op: string): PoolOpData {
  const { scheme, attrs, inputs, output } = ctx
  const inputShape = [...inputs[0].shape]
  const [, H, W] = inputShape
  let actMin: number
  let actMax: number
  const int16 = scheme === 's8' && output.dtype === 'int16'
  if (int16) {
    const inQ = activationQuantS16(inputs[0], `${op} input`)
    const outQ = activationQuantS16(output, `${op} output`)
    requireSameQuant(inQ, outQ, op)
    ;[actMin, actMax] = activationRangeS16(attrs.activation, outQ)
  } else if (scheme === 's8') {
    const inQ = activationQuant(inputs[0], `${op} input`)
    const outQ = activationQuant(output, `${op} output`)
    requireSameQuant(inQ, outQ, op)
    ;[actMin, actMax] = activationRangeS8(attrs.activation, outQ)
  } else {
    const inFrac = activationFracBits(inputs[0], `${op} input`)
    const outFrac = activationFracBits(output, `${op} output`)
    requireSameQuant({ scale: 2 ** -inFrac, zeroPoint: 0 }, { scale: 2 ** -outFrac, zeroPoint: 0 }, op)
    ;[actMin, actMax] = activationRangePow2(attrs.activation, outFrac)
  }
  return freeze({
    scheme, inputShape, outputShape: [...output.shape], poolH: attrs.poolH, poolW: attrs.poolW,
    strideH: attrs.strideH, strideW: attrs.strideW,
    padTop: windowPadBefore(H, attrs.poolH, attrs.strideH, 1, attrs.padding),
    padLeft: windowPadBefore(W, attrs.poolW, attrs.strideW, 1, attrs.padding),
    actMin, actMax, ...(int16 ? { int16 } : {}),
  })
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v
}

/** arm_avgpool_s8 / TFLite AveragePool on an NHWC int8 tensor (arm_avgpool_s16 on an int16 one). */
export function averagePoolS8(d: PoolOpData, x: ArrayLike<number>): Int8Array | Int16Array {
  const [, , W, C] = d.inputShape
  const n = d.outputShape[1] * d.outputShape[2] * C
  const out = d.int16 ? new Int16Array(n) : new Int8Array(n)
  forEachPoolWindow(d.inputShape, d.outputShape, d, (oBase, y0, y1, x0, x1) => {
    const count = (y1 - y0) * (x1 - x0)
    const half = Math.trunc(count / 2)
    for (let c = 0; c < C; c++) {
      let sum = 0
      for (let iy = y0; iy < y1; iy++) {
        for (let ix = x0; ix < x1; ix++) sum += x[(iy * W + ix) * C + c]
      }
      const avg = Math.trunc((sum > 0 ? sum + half : sum - half) / count)
      out[oBase + c] = clamp(avg, d.actMin, d.actMax)
    }
  })
  return out
}

/** arm_avepool_q7_HWC (DSP path): average each row's in-bounds cells, then those row averages, truncating both. */
export function averagePoolPow2(d: PoolOpData, x: Int8Array): Int8Array {
  const [, H, W, C] = d.inputShape
  const [, OH, OW] = d.outputShape
  // Pass 1: x-pooling of every input row into OW columns.
  const rows = new Int8Array(H * OW * C)
  for (let iy = 0; iy < H; iy++) {
    for (let ox = 0; ox < OW; ox++) {
      const x0 = Math.max(0, ox * d.strideW - d.padLeft)
      const x1 = Math.min(W, ox * d.strideW - d.padLeft + d.poolW)
      const count = x1 - x0
      for (let c = 0; c < C; c++) {
        let sum = 0
        for (let ix = x0; ix < x1; ix++) sum += x[(iy * W + ix) * C + c]
        rows[(iy * OW + ox) * C + c] = Math.trunc(sum / count)
      }
    }
  }
  // Pass 2: y-pooling of those rows.
  const out = new Int8Array(OH * OW * C)
  for (let oy = 0; oy < OH; oy++) {
    const y0 = Math.max(0, oy * d.strideH - d.padTop)
    const y1 = Math.min(H, oy * d.strideH - d.padTop + d.poolH)
    const count = y1 - y0
    for (let i = 0; i < OW * C; i++) {
      let sum = 0
      for (let iy = y0; iy < y1; iy++) sum += rows[iy * OW * C + i]
      out[oy * OW * C + i] = clamp(Math.trunc(sum / count), d.actMin, d.actMax)
    }
  }
  return out
}
