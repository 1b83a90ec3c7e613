/**
 * Conv2D — 2-D convolution, NHWC input [1, H, W, Cin], weights OHWI [filters, kh, kw, Cin], bias [filters]:
 *   y[oy, ox, o] = act( bias[o] + Σ_{ky, kx, i} x[oy·sh − padT + ky·dh, ox·sw − padL + kx·dw, i] · w[o, ky, kx, i] )
 * Cells outside the input read as 0. TFLite padding: 'valid' → ⌊(H − ((kh−1)·dh+1)) / sh⌋ + 1 rows;
 * 'same' → ⌈H / sh⌉ rows, total border split with the odd cell at the bottom/right.
 * MACs (TFLite/MLPerf Tiny convention, bias not counted): Hout·Wout·filters·kh·kw·Cin.
 * Ranges: filters 1..2048; kernel 1..32; stride 1..16; dilation 1..16.
 */
import { shapeSize } from '../ir/types.ts'
import type { Activation, Padding, WeightSpec } from './op-def.ts'
import {
  activationAttr, activationRange, defineOp, expectNHWC, inferWindow2D, paddingAttr, requireWeight, windowPadBefore,
} from './op-def.ts'

type Conv2DAttrs = {
  filters: number
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

export const conv2d = defineOp<Conv2DAttrs>({
  type: 'Conv2D',
  label: 'Conv2D',
  category: 'convolution',
  summary: 'y = act(bias + Σ x ⊛ w) over a kh×kw window of all input channels',
  attrs: {
    filters: { kind: 'int', label: 'Filters', default: 8, min: 1, max: 2048, help: 'Number of output channels' },
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
    let o = 0
    for (let oy = 0; oy < OH; oy++) {
      const iy0 = oy * SH - padT
      for (let ox = 0; ox < OW; ox++) {
        const ix0 = ox * SW - padL
        for (let oc = 0; oc < OC; oc++) {
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
})
