/**
 * Conv2D — 2-D convolution, NHWC input [1, H, W, Cin], weights OHWI [filters, kh, kw, Cin], bias [filters]:
 *   y[oy, ox, o] = act( bias[o] + Σ_{ky, kx, i} x[oy·sh − padT + ky·dh, ox·sw − padL + kx·dw, i] · w[o, ky, kx, i] )
 * Cells outside the input read as 0. TFLite padding: 'valid' → ⌊(H − ((kh−1)·dh+1)) / sh⌋ + 1 rows;
 * 'same' → ⌈H / sh⌉ rows, total border split with the odd cell at the bottom/right.
 * MACs (TFLite/MLPerf Tiny convention, bias not counted): Hout·Wout·filters·kh·kw·Cin.
 * Ranges: filters 1..2048; kernel 1..32; stride 1..16; dilation 1..16.
 *
 * int8, s8 (arm_convolve_wrapper_s8 = TFLite reference integer conv): per-channel symmetric int8 weights, int32 bias,
 *   acc[o] = bias[o] + Σ (x + input_offset) · w        input_offset = −input zero point, so cells outside the input
 *   y = clamp(MultiplyByQuantizedMultiplier(acc, M[o], shift[o]) + out_zp, act_min, act_max)   (padding = input zp)
 *   M[o]·2^(shift[o]−31) ≈ in_scale · w_scale[o] / out_scale; act_min/max from the fused activation (TFLite).
 * int8, pow2 (arm_convolve_HWC_q7_basic_nonsquare, also the result of its _fast twin): int8 weights and bias,
 *   acc = (bias << bias_shift) + NN_ROUND(out_shift) + Σ x · w;  y = ssat8(acc >> out_shift), then ReLU/ReLU6 clamp;
 *   bias_shift = in_frac + w_frac − bias_frac, out_shift = in_frac + w_frac − out_frac (both 0..31).
 * int16 (16x8: TFLite's int16 CONV_2D, CMSIS-NN arm_convolve_wrapper_s16): int16 in/out, zero points 0, per-channel int8
 *   weights, int64 bias, 64-bit accumulation, arm_nn_requantize_s64 (ops/conv-s16.ts).
 */
import { shapeSize } from '../ir/types.ts'
import type { Pow2Requant, S8Requant } from '../quant/kernel-params.ts'
import { freeze, pow2WeightedRequant, requantizePow2, requantizeS8, s8WeightedRequant } from '../quant/kernel-params.ts'
import type { ConvWindowAttrs, WeightQuantFacet, WeightSpec } from './op-def.ts'
import type { ConvS16Requant } from './conv-s16.ts'
import { convS16Requant, evalConvS16 } from './conv-s16.ts'
import {
  CONV_WINDOW_ATTRS, INT8_OR_INT16, activationRange, defineOp, expectNHWC, inferWindow2D, requireWeight, windowPadBefore,
} from './op-def.ts'

type Conv2DAttrs = ConvWindowAttrs & { filters: number }

/** The window of an int8 Conv2D / DepthwiseConv2D, as both schemes freeze it. */
export interface ConvGeometry {
  inputShape: number[]
  outputShape: number[]
  kernelH: number
  kernelW: number
  strideH: number
  strideW: number
  dilationH: number
  dilationW: number
  padTop: number
  padLeft: number
}

/** Frozen kernel parameters of an int8 Conv2D, s8 (per-channel multipliers and shifts). */
export interface ConvS8OpData extends ConvGeometry, S8Requant {
  scheme: 's8'
  int16?: undefined
}

/** int16 activations (arm_convolve_wrapper_s16): per-channel multipliers and shifts, no offsets, the int16 clamp. */
export interface ConvS16OpData extends ConvGeometry, ConvS16Requant {}

/** pow2: bias and output shifts. */
export interface ConvPow2OpData extends ConvGeometry, Pow2Requant {
  scheme: 'pow2'
  int16?: undefined
}

export type ConvOpData = ConvS8OpData | ConvS16OpData | ConvPow2OpData

/** Weights along output channels: OHWI. */
const WEIGHT_QUANT: WeightQuantFacet = { channelAxis: 0, perChannel: 'always', int4: 'per-channel' }

export const conv2d = defineOp<'Conv2D', Conv2DAttrs, ConvOpData>({
  type: 'Conv2D',
  label: 'Conv2D',
  category: 'convolution',
  summary: 'y = act(bias + Σ x ⊛ w) over a kh×kw window of all input channels',
  attrs: {
    filters: { kind: 'int', label: 'Filters', default: 8, min: 1, max: 2048, help: 'Number of output channels' },
    ...CONV_WINDOW_ATTRS,
  },

  inputCount: () => 1,

  weightSpecs(attrs, inputs) {
    const [, , cin] = expectNHWC('Conv2D', inputs[0])
    const fanIn = attrs.kernelH * attrs.kernelW * cin
    const specs: WeightSpec[] = [{ name: 'weights', shape: [attrs.filters, attrs.kernelH, attrs.kernelW, cin], dtype: 'float32',
      fanIn, init: 'he-uniform' }]
    if (attrs.useBias) specs.push({ name: 'bias', shape: [attrs.filters], dtype: 'float32', fanIn, init: 'zeros' })
    return specs
  },

  inferShape(attrs, inputs) {
    const [h, w] = expectNHWC('Conv2D', inputs[0])
    const [oh, ow] = inferWindow2D('Conv2D', [h, w], [attrs.kernelH, attrs.kernelW], [attrs.strideH, attrs.strideW],
      [attrs.dilationH, attrs.dilationW], attrs.padding)
    return [1, oh, ow, attrs.filters]
  },

  validate: () => [],

  macs(attrs, inputs, output) {
    const cin = inputs[0].shape[3]
    return shapeSize(output) * attrs.kernelH * attrs.kernelW * cin
  },

  evalFloat({ attrs, inputs, inputShapes, weights, outputShape }) {
    const x = inputs[0]
    const [, H, W, C] = inputShapes[0]
    const [, OH, OW, OC] = outputShape
    const { kernelH: KH, kernelW: KW, strideH: SH, strideW: SW, dilationH: DH, dilationW: DW } = attrs
    const padT = windowPadBefore(H, KH, SH, DH, attrs.padding)
    const padL = windowPadBefore(W, KW, SW, DW, attrs.padding)
    const w = requireWeight(weights, 'weights', 'Conv2D')
    const bias = attrs.useBias ? requireWeight(weights, 'bias', 'Conv2D') : undefined
    const [lo, hi] = activationRange(attrs.activation)
    const out = new Float32Array(OH * OW * OC)
    const filter = KH * KW * C
    let o = 0
    for (let oy = 0; oy < OH; oy++) {
      const iy0 = oy * SH - padT
      for (let ox = 0; ox < OW; ox++) {
        const ix0 = ox * SW - padL
        // Eight filters per pass share each input read; every output keeps its own sum in the same order (bias, then
        // ky, kx, ic), so the results are those of one filter at a time.
        let oc = 0
        for (; oc + 8 <= OC; oc += 8) {
          let a0 = bias ? bias[oc] : 0
          let a1 = bias ? bias[oc + 1] : 0
          let a2 = bias ? bias[oc + 2] : 0
          let a3 = bias ? bias[oc + 3] : 0
          let a4 = bias ? bias[oc + 4] : 0
          let a5 = bias ? bias[oc + 5] : 0
          let a6 = bias ? bias[oc + 6] : 0
          let a7 = bias ? bias[oc + 7] : 0
          for (let ky = 0; ky < KH; ky++) {
            const iy = iy0 + ky * DH
            if (iy < 0 || iy >= H) continue
            for (let kx = 0; kx < KW; kx++) {
              const ix = ix0 + kx * DW
              if (ix < 0 || ix >= W) continue
              const xBase = (iy * W + ix) * C
              const w0 = ((oc * KH + ky) * KW + kx) * C
              const w1 = w0 + filter
              const w2 = w1 + filter
              const w3 = w2 + filter
              const w4 = w3 + filter
              const w5 = w4 + filter
              const w6 = w5 + filter
              const w7 = w6 + filter
              for (let ic = 0; ic < C; ic++) {
                const v = x[xBase + ic]
                a0 += v * w[w0 + ic]
                a1 += v * w[w1 + ic]
                a2 += v * w[w2 + ic]
                a3 += v * w[w3 + ic]
                a4 += v * w[w4 + ic]
                a5 += v * w[w5 + ic]
                a6 += v * w[w6 + ic]
                a7 += v * w[w7 + ic]
              }
            }
          }
          out[o++] = a0 < lo ? lo : a0 > hi ? hi : a0
          out[o++] = a1 < lo ? lo : a1 > hi ? hi : a1
          out[o++] = a2 < lo ? lo : a2 > hi ? hi : a2
          out[o++] = a3 < lo ? lo : a3 > hi ? hi : a3
          out[o++] = a4 < lo ? lo : a4 > hi ? hi : a4
          out[o++] = a5 < lo ? lo : a5 > hi ? hi : a5
          out[o++] = a6 < lo ? lo : a6 > hi ? hi : a6
          out[o++] = a7 < lo ? lo : a7 > hi ? hi : a7
        }
        for (; oc < OC; oc++) {
          let acc = bias ? bias[oc] : 0
          for (let ky = 0; ky < KH; ky++) {
            const iy = iy0 + ky * DH
            if (iy < 0 || iy >= H) continue
            for (let kx = 0; kx < KW; kx++) {
              const ix = ix0 + kx * DW
              if (ix < 0 || ix >= W) continue
              const xBase = (iy * W + ix) * C
              const wBase = ((oc * KH + ky) * KW + kx) * C
              for (let ic = 0; ic < C; ic++) acc += x[xBase + ic] * w[wBase + ic]
            }
          }
          out[o++] = acc < lo ? lo : acc > hi ? hi : acc
        }
      }
    }
    return out
  },

  weightQuant: WEIGHT_QUANT,

  costKind: (attrs) => (attrs.kernelH === 1 && attrs.kernelW === 1 ? 'conv1x1' : 'conv'),

  channels: () => ({ kind: 'produces', inputAxis: 3 }),

  dtypes: INT8_OR_INT16,

  prepare({ scheme, attrs, inputs, output, weights, rounding }) {
    const inputShape = [...inputs[0].shape]
    const outputShape = [...output.shape]
    const [, H, W] = inputShape
    const OC = attrs.filters
    const common: ConvGeometry = {
      inputShape, outputShape, kernelH: attrs.kernelH, kernelW: attrs.kernelW, strideH: attrs.strideH,
      strideW: attrs.strideW, dilationH: attrs.dilationH, dilationW: attrs.dilationW,
      padTop: windowPadBefore(H, attrs.kernelH, attrs.strideH, attrs.dilationH, attrs.padding),
      padLeft: windowPadBefore(W, attrs.kernelW, attrs.strideW, attrs.dilationW, attrs.padding),
    }
    const k = { op: 'Conv2D', input: inputs[0], output, weights, useBias: attrs.useBias, channels: OC, weightAxis: WEIGHT_QUANT.channelAxis,
      activation: attrs.activation, rounding }
    if (scheme === 's8' && output.dtype === 'int16') return freeze<ConvOpData>({ ...common, ...convS16Requant(k) })
    return freeze<ConvOpData>(scheme === 's8' ? { scheme, ...common, ...s8WeightedRequant(k) }
      : { scheme, ...common, ...pow2WeightedRequant(k) })
  },

  evalInt8(d, inputs, weights) {
    const x = inputs[0]
    if (d.int16) return evalConvS16(d, x, weights.weights, weights.bias)
    const [, H, W, C] = d.inputShape
    const [, OH, OW, OC] = d.outputShape
    const { kernelH: KH, kernelW: KW, strideH: SH, strideW: SW, dilationH: DH, dilationW: DW } = d
    const inputOffset = d.scheme === 's8' ? d.inputOffset : 0
    const w = weights.weights
    const acc0 = new Int32Array(OC)
    const bias = weights.bias
    if (bias) for (let oc = 0; oc < OC; oc++) acc0[oc] = d.scheme === 's8' ? bias[oc] : bias[oc] << d.biasShift
    const out = new Int8Array(OH * OW * OC)
    let o = 0
    for (let oy = 0; oy < OH; oy++) {
      const iy0 = oy * SH - d.padTop
      for (let ox = 0; ox < OW; ox++) {
        const ix0 = ox * SW - d.padLeft
        for (let oc = 0; oc < OC; oc++) {
          let acc = acc0[oc]
          for (let ky = 0; ky < KH; ky++) {
            const iy = iy0 + ky * DH
            if (iy < 0 || iy >= H) continue
            for (let kx = 0; kx < KW; kx++) {
              const ix = ix0 + kx * DW
              if (ix < 0 || ix >= W) continue
              const xBase = (iy * W + ix) * C
              const wBase = ((oc * KH + ky) * KW + kx) * C
              for (let ic = 0; ic < C; ic++) acc += (x[xBase + ic] + inputOffset) * w[wBase + ic]
            }
          }
          out[o++] = d.scheme === 's8'
            ? requantizeS8(acc | 0, d.multipliers[oc], d.shifts[oc], d.outputOffset, d.actMin, d.actMax, d.rounding)
            : requantizePow2(acc, d.outShift, d.actMin, d.actMax)
        }
      }
    }
    return out
  },
})
