/**
 * DepthwiseConv2D — per-channel 2-D convolution, NHWC input [1, H, W, C], weights 1HW(C·M)
 * [1, kh, kw, C·mult], bias [C·mult]. Output channel o = c·mult + m reads input channel c = ⌊o / mult⌋:
 *   y[oy, ox, o] = act( bias[o] + Σ_{ky, kx} x[oy·sh − padT + ky·dh, ox·sw − padL + kx·dw, ⌊o/mult⌋] · w[0, ky, kx, o] )
 * Padding as Conv2D (TFLite 'same'/'valid'). MACs (bias not counted): Hout·Wout·C·mult·kh·kw.
 * Ranges: depth multiplier 1..64; kernel 1..32; stride 1..16; dilation 1..16.
 */
import { shapeSize } from '../ir/types.ts'
import type { Activation, Padding, WeightSpec } from './op-def.ts'
import {
  activationAttr, activationRange, defineOp, expectNHWC, inferWindow2D, paddingAttr, requireWeight, windowPadBefore,
} from './op-def.ts'

type DepthwiseConv2DAttrs = {
  depthMultiplier: number
  kernelH: number
  kernelW: number
  strideH: number
  strideW: number
  dilationH: number
  dilationW: number
  padding: Padding
  useBias: boolean
  activation: Activation
}

export const depthwiseConv2d = defineOp<DepthwiseConv2DAttrs>({
  type: 'DepthwiseConv2D',
  label: 'DepthwiseConv2D',
  category: 'convolution',
  summary: 'y[c·M+m] = act(bias + Σ x[c] ⊛ w[c·M+m]) — one kh×kw filter per channel and multiplier',
  attrs: {
    depthMultiplier: { kind: 'int', label: 'Depth multiplier', default: 1, min: 1, max: 64,
      help: 'Output channels per input channel' },
    kernelH: { kind: 'int', label: 'Kernel height', default: 3, min: 1, max: 32 },
    kernelW: { kind: 'int', label: 'Kernel width', default: 3, min: 1, max: 32 },
    strideH: { kind: 'int', label: 'Stride height', default: 1, min: 1, max: 16 },
    strideW: { kind: 'int', label: 'Stride width', default: 1, min: 1, max: 16 },
    dilationH: { kind: 'int', label: 'Dilation height', default: 1, min: 1, max: 16 },
    dilationW: { kind: 'int', label: 'Dilation width', default: 1, min: 1, max: 16 },
    padding: paddingAttr('same'),
    useBias: { kind: 'bool', label: 'Use bias', default: true },
    activation: activationAttr('relu'),
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
    for (let oy = 0; oy < OH; oy++) {
      const iy0 = oy * SH - padT
      for (let ox = 0; ox < OW; ox++) {
        const ix0 = ox * SW - padL
        const oBase = (oy * OW + ox) * OC
        for (let oc = 0; oc < OC; oc++) {
          const ic = (oc / M) | 0
          let acc = bias ? bias[oc] : 0
          for (let ky = 0; ky < KH; ky++) {
            const iy = iy0 + ky * DH
            if (iy < 0 || iy >= H) continue
            for (let kx = 0; kx < KW; kx++) {
              const ix = ix0 + kx * DW
              if (ix < 0 || ix >= W) continue
              acc += x[(iy * W + ix) * C + ic] * w[(ky * KW + kx) * OC + oc]
            }
          }
          out[oBase + oc] = acc < lo ? lo : acc > hi ? hi : acc
        }
      }
    }
    return out
  },
})
