/**
 * Conv2D and DepthwiseConv2D at int16 (TFLite's 16x8 scheme; CMSIS-NN v7.0.0 arm_convolve_wrapper_s16 →
 * arm_convolve_s16, and arm_depthwise_conv_wrapper_s16 → arm_depthwise_conv_fast_s16 | arm_depthwise_conv_s16):
 * int16 input and output, symmetric (zero points 0, so cells outside the input read as 0 and no offsets exist), int8
 * weights per channel (TFLite PopulateConvolutionQuantizationParams: real_c = double(in_scale)·double(w_scale_c) /
 * double(out_scale)), bias int64 in C (int32 values here), 64-bit accumulation:
 *   acc[o] = bias[o] + Σ x · w
 *   y      = clamp(arm_nn_requantize_s64(acc, REDUCE_MULTIPLIER(M[o]), shift[o]), act_min, act_max)
 * with REDUCE_MULTIPLIER and arm_nn_requantize_s64 of Include/arm_nnsupportfunctions.h (quant/int16-params.ts), i.e.
 * the requantization of arm_nn_mat_mult_kernel_s16.c / arm_depthwise_conv_s16.c, independent of the rounding mode.
 * The s16 requantization takes shift ≤ 14 (`14 − shift` is a right shift); a larger rescale is refused.
 * CMSIS-NN sums up to MAX_COL_COUNT (512) products in int32 before widening: exact unless 512 products of −32768·−128
 * meet (PTQ's symmetric int16 ranges never produce −32768), as docs/int16.md says for FullyConnected.
 */
import { quantizeMultiplier } from '../quant/fixed-point.ts'
import { QuantError, biasData, symmetricWeights } from '../quant/kernel-params.ts'
import type { TensorInfo, Tensor } from '../ir/types.ts'
import { activationQuantS16, activationRangeS16, reduceMultiplier, requantizeS64 } from '../quant/int16-params.ts'
import type { ConvGeometry } from './conv2d.ts'

/** Frozen kernel parameters of an int16 Conv2D / DepthwiseConv2D: per-channel Q31 multipliers and shifts, the int16 clamp. */
export interface ConvS16Requant {
  scheme: 's8'
  int16: true
  multipliers: number[]
  shifts: number[]
  actMin: number
  actMax: number
}

export interface ConvS16Context {
  op: string
  input: TensorInfo
  output: TensorInfo
  weights: Readonly<Record<string, Tensor>>
  useBias: boolean
  channels: number
  weightAxis: number
  activation: string
}

/** The s16 requantization of a conv layer (per-channel multipliers, shift ≤ 14, int16 clamp); throws a sentence otherwise. */
export function convS16Requant(k: ConvS16Context): ConvS16Requant {
  const inQ = activationQuantS16(k.input, `${k.op} input`)
  const outQ = activationQuantS16(k.output, `${k.op} output`)
  const w = symmetricWeights(k.weights.weights, `${k.op} weights`, k.weightAxis)
  biasData(k.weights.bias, k.useBias, k.channels, `${k.op} bias`, 'int32')
  const multipliers: number[] = []
  const shifts: number[] = []
  for (let c = 0; c < k.channels; c++) {
    const { multiplier, shift } = quantizeMultiplier((inQ.scale * w.scales[w.scales.length === 1 ? 0 : c]) / outQ.scale)
    if (shift > 14) throw new QuantError(`${k.op} int16 rescale 2^${shift} (channel ${c}) is out of the s16 kernel's range (shift at most 14)`)
    multipliers.push(multiplier)
    shifts.push(shift)
  }
  const [actMin, actMax] = activationRangeS16(k.activation, outQ)
  return { scheme: 's8', int16: true, multipliers, shifts, actMin, actMax }
}

/**
 * The int16 convolution, Conv2D (`depthMultiplier` undefined: OHWI weights over all input channels) or DepthwiseConv2D
 * (1HW(C·M) weights, output channel o reads input channel ⌊o / M⌋). Accumulates in doubles: exact while |acc| < 2^53.
 */
export function evalConvS16(d: ConvGeometry & ConvS16Requant, x: ArrayLike<number>, w: ArrayLike<number>,
  bias: ArrayLike<number> | undefined, depthMultiplier?: number): Int16Array {
  const [, H, W, C] = d.inputShape
  const [, OH, OW, OC] = d.outputShape
  const { kernelH: KH, kernelW: KW, strideH: SH, strideW: SW, dilationH: DH, dilationW: DW } = d
  const reduced = d.multipliers.map(reduceMultiplier)
  const out = new Int16Array(OH * OW * OC)
  let o = 0
  for (let oy = 0; oy < OH; oy++) {
    const iy0 = oy * SH - d.padTop
    for (let ox = 0; ox < OW; ox++) {
      const ix0 = ox * SW - d.padLeft
      for (let oc = 0; oc < OC; oc++) {
        let acc = bias ? bias[oc] : 0
        for (let ky = 0; ky < KH; ky++) {
          const iy = iy0 + ky * DH
          if (iy < 0 || iy >= H) continue
          for (let kx = 0; kx < KW; kx++) {
            const ix = ix0 + kx * DW
            if (ix < 0 || ix >= W) continue
            if (depthMultiplier !== undefined) {
              acc += x[(iy * W + ix) * C + ((oc / depthMultiplier) | 0)] * w[(ky * KW + kx) * OC + oc]
            } else {
              const xBase = (iy * W + ix) * C
              const wBase = ((oc * KH + ky) * KW + kx) * C
              for (let ic = 0; ic < C; ic++) acc += x[xBase + ic] * w[wBase + ic]
            }
          }
        }
        const v = requantizeS64(acc, reduced[oc], d.shifts[oc])
        out[o++] = v < d.actMin ? d.actMin : v > d.actMax ? d.actMax : v
      }
    }
  }
  return out
}
