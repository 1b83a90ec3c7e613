/**
 * DepthwiseConv2D — per-channel 2-D convolution, NHWC input [1, H, W, C], weights 1HW(C·M)
 * [1, kh, kw, C·mult], bias [C·mult]. Output channel o = c·mult + m reads input channel c = ⌊o / mult⌋:
 *   y[oy, ox, o] = act( bias[o] + Σ_{ky, kx} x[oy·sh − padT + ky·dh, ox·sw − padL + kx·dw, ⌊o/mult⌋] · w[0, ky, kx, o] )
 * Padding as Conv2D (TFLite 'same'/'valid'). MACs (bias not counted): Hout·Wout·C·mult·kh·kw.
 * Ranges: depth multiplier 1..64; kernel 1..32; stride 1..16; dilation 1..16.
 *
 * int8, s8 (arm_depthwise_conv_wrapper_s8 = TFLite reference integer depthwise conv): weights per channel along axis 3,
 *   acc[o] = bias[o] + Σ (x[⌊o/mult⌋] + input_offset) · w[o]  (cells outside the input read as the input zero point);
 *   y = clamp(MultiplyByQuantizedMultiplier(acc, M[o], shift[o]) + out_zp, act_min, act_max), as Conv2D.
 * int8, pow2 (arm_depthwise_separable_conv_HWC_q7_nonsquare): acc = (bias << bias_shift) + NN_ROUND + Σ x · w;
 *   y = ssat8(acc >> out_shift), then the ReLU/ReLU6 clamp.
 * int16 (16x8: TFLite's int16 DEPTHWISE_CONV_2D, CMSIS-NN arm_depthwise_conv_wrapper_s16): int16 in/out, zero points 0,
 *   per-channel int8 weights, int64 bias, 64-bit accumulation, arm_nn_requantize_s64 (ops/conv-s16.ts).
 */
import { shapeSize } from '../ir/types.ts'
import { freeze, pow2WeightedRequant, requantizePow2, requantizeS8, s8WeightedRequant } from '../quant/kernel-params.ts'
import type { ConvGeometry, ConvPow2OpData, ConvS16OpData, ConvS8OpData } from './conv2d.ts'
import { convS16Requant, evalConvS16 } from './conv-s16.ts'
import type { ConvWindowAttrs, WeightQuantFacet, WeightSpec } from './op-def.ts'
import {
  CONV_WINDOW_ATTRS, INT8_OR_INT16, activationRange, defineOp, expectNHWC, inferWindow2D, requireWeight, windowPadBefore,
} from './op-def.ts'

type DepthwiseConv2DAttrs = ConvWindowAttrs & { depthMultiplier: number }

/** Frozen kernel parameters of an int8 DepthwiseConv2D: Conv2D's of the same scheme plus the depth multiplier. */
export type DepthwiseOpData = (ConvS8OpData | ConvS16OpData | ConvPow2OpData) & { depthMultiplier: number }

/** Weights along output channels: 1HW(C·M), channels last. */
const WEIGHT_QUANT: WeightQuantFacet = { channelAxis: 3, perChannel: 'always', int4: 'per-channel' }

export const depthwiseConv2d = defineOp<'DepthwiseConv2D', DepthwiseConv2DAttrs, DepthwiseOpData>({
  type: 'DepthwiseConv2D',
  label: 'DepthwiseConv2D',
  category: 'convolution',
  summary: 'y[c·M+m] = act(bias + Σ x[c] ⊛ w[c·M+m]) — one kh×kw filter per channel and multiplier',
  attrs: {
    depthMultiplier: { kind: 'int', label: 'Depth multiplier', default: 1, min: 1, max: 64,
      help: 'Output channels per input channel' },
    ...CONV_WINDOW_ATTRS,
  },

  inputCount: () => 1,

  weightSpecs(attrs, inputs) {
    const [, , c] = expectNHWC('DepthwiseConv2D', inputs[0])
    const outChannels = c * attrs.depthMultiplier
    const fanIn = attrs.kernelH * attrs.kernelW
    const specs: WeightSpec[] = [{ name: 'weights', shape: [1, attrs.kernelH, attrs.kernelW, outChannels], dtype: 'float32',
      fanIn, init: 'he-uniform' }]
    if (attrs.useBias) specs.push({ name: 'bias', shape: [outChannels], dtype: 'float32', fanIn, init: 'zeros' })
    return specs
  },

  inferShape(attrs, inputs) {
    const [h, w, c] = expectNHWC('DepthwiseConv2D', inputs[0])
    const [oh, ow] = inferWindow2D('DepthwiseConv2D', [h, w], [attrs.kernelH, attrs.kernelW],
      [attrs.strideH, attrs.strideW], [attrs.dilationH, attrs.dilationW], attrs.padding)
    return [1, oh, ow, c * attrs.depthMultiplier]
  },

  validate: () => [],

  macs: (attrs, _inputs, output) => shapeSize(output) * attrs.kernelH * attrs.kernelW,

  evalFloat({ attrs, inputs, inputShapes, weights, outputShape }) {
    const x = inputs[0]
    const [, H, W, C] = inputShapes[0]
    const [, OH, OW, OC] = outputShape
    const M = attrs.depthMultiplier
    const { kernelH: KH, kernelW: KW, strideH: SH, strideW: SW, dilationH: DH, dilationW: DW } = attrs
    const padT = windowPadBefore(H, KH, SH, DH, attrs.padding)
    const padL = windowPadBefore(W, KW, SW, DW, attrs.padding)
    const w = requireWeight(weights, 'weights', 'DepthwiseConv2D')
    const bias = attrs.useBias ? requireWeight(weights, 'bias', 'DepthwiseConv2D') : undefined
    const [lo, hi] = activationRange(attrs.activation)
    const out = new Float32Array(OH * OW * OC)
    // One double sum per output channel, taps outermost so that the channel loop reads contiguous memory; each sum
    // still adds bias, then the taps in (ky, kx) order, as one channel at a time would.
    const acc = new Float64Array(OC)
    for (let oy = 0; oy < OH; oy++) {
      const iy0 = oy * SH - padT
      for (let ox = 0; ox < OW; ox++) {
        const ix0 = ox * SW - padL
        const oBase = (oy * OW + ox) * OC
        for (let oc = 0; oc < OC; oc++) acc[oc] = bias ? bias[oc] : 0
        for (let ky = 0; ky < KH; ky++) {
          const iy = iy0 + ky * DH
          if (iy < 0 || iy >= H) continue
          for (let kx = 0; kx < KW; kx++) {
            const ix = ix0 + kx * DW
            if (ix < 0 || ix >= W) continue
            const xBase = (iy * W + ix) * C
            const wBase = (ky * KW + kx) * OC
            if (M === 1) {
              for (let oc = 0; oc < OC; oc++) acc[oc] += x[xBase + oc] * w[wBase + oc]
            } else {
              for (let oc = 0; oc < OC; oc++) acc[oc] += x[xBase + ((oc / M) | 0)] * w[wBase + oc]
            }
          }
        }
        for (let oc = 0; oc < OC; oc++) {
          const a = acc[oc]
          out[oBase + oc] = a < lo ? lo : a > hi ? hi : a
        }
      }
    }
    return out
  },

  weightQuant: WEIGHT_QUANT,

  costKind: () => 'depthwise',

  channels: (attrs) => (attrs.depthMultiplier === 1 ? { kind: 'passthrough' } : { kind: 'blocks' }),

  dtypes: INT8_OR_INT16,

  prepare({ scheme, attrs, inputs, output, weights, rounding }) {
    const inputShape = [...inputs[0].shape]
    const outputShape = [...output.shape]
    const [, H, W] = inputShape
    const OC = outputShape[3]
    const common: ConvGeometry & { depthMultiplier: number } = {
      inputShape, outputShape, depthMultiplier: attrs.depthMultiplier, kernelH: attrs.kernelH,
      kernelW: attrs.kernelW, strideH: attrs.strideH, strideW: attrs.strideW, dilationH: attrs.dilationH,
      dilationW: attrs.dilationW,
      padTop: windowPadBefore(H, attrs.kernelH, attrs.strideH, attrs.dilationH, attrs.padding),
      padLeft: windowPadBefore(W, attrs.kernelW, attrs.strideW, attrs.dilationW, attrs.padding),
    }
    const k = { op: 'DepthwiseConv2D', input: inputs[0], output, weights, useBias: attrs.useBias, channels: OC,
      weightAxis: WEIGHT_QUANT.channelAxis, activation: attrs.activation, rounding }
    if (scheme === 's8' && output.dtype === 'int16') return freeze<DepthwiseOpData>({ ...common, ...convS16Requant(k) })
    return freeze<DepthwiseOpData>(scheme === 's8' ? { scheme, ...common, ...s8WeightedRequant(k) }
      : { scheme, ...common, ...pow2WeightedRequant(k) })
  },

  evalInt8(d, inputs, weights) {
    const x = inputs[0]
    if (d.int16) return evalConvS16(d, x, weights.weights, weights.bias, d.depthMultiplier)
    const [, H, W, C] = d.inputShape
    const [, OH, OW, OC] = d.outputShape
    const { kernelH: KH, kernelW: KW, strideH: SH, strideW: SW, dilationH: DH, dilationW: DW } = d
    const inputOffset = d.scheme === 's8' ? d.inputOffset : 0
    const M = d.depthMultiplier
    const w = weights.weights
    const acc0 = new Int32Array(OC)
    const bias = weights.bias
    if (bias) for (let oc = 0; oc < OC; oc++) acc0[oc] = d.scheme === 's8' ? bias[oc] : bias[oc] << d.biasShift
    const out = new Int8Array(OH * OW * OC)
    for (let oy = 0; oy < OH; oy++) {
      const iy0 = oy * SH - d.padTop
      for (let ox = 0; ox < OW; ox++) {
        const ix0 = ox * SW - d.padLeft
        const oBase = (oy * OW + ox) * OC
        for (let oc = 0; oc < OC; oc++) {
          const ic = (oc / M) | 0
          let acc = acc0[oc]
          for (let ky = 0; ky < KH; ky++) {
            const iy = iy0 + ky * DH
            if (iy < 0 || iy >= H) continue
            for (let kx = 0; kx < KW; kx++) {
              const ix = ix0 + kx * DW
              if (ix < 0 || ix >= W) continue
              acc += (x[(iy * W + ix) * C + ic] + inputOffset) * w[(ky * KW + kx) * OC + oc]
            }
          }
          out[oBase + oc] = d.scheme === 's8'
            ? requantizeS8(acc | 0, d.multipliers[oc], d.shifts[oc], d.outputOffset, d.actMin, d.actMax, d.rounding)
            : requantizePow2(acc, d.outShift, d.actMin, d.actMax)
        }
      }
    }
    return out
  },
})
