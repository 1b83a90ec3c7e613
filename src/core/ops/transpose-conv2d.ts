/**
 * TransposeConv2D — transposed ("fractionally strided") 2-D convolution, NHWC input [1, H, W, Cin], weights OHWI
 * [filters, kh, kw, Cin] (TFLite TRANSPOSE_CONV), bias [filters]. Each input cell scatters its window:
 *   acc[y·sh − padT + ky, x·sw − padL + kx, o] += x[y, x, i] · w[o, ky, kx, i]   (cells outside the output dropped)
 *   out = act(bias[o] + acc)
 * Output: 'same' → [1, H·sh, W·sw, filters]; 'valid' → [1, (H−1)·sh + kh, (W−1)·sw + kw, filters]. Padding as TFLite
 * computes it for the output size: padT = ⌊max(0, (H−1)·sh + kh − OH) / 2⌋ ('same': ⌊max(0, kh − sh)/2⌋; 'valid': 0),
 * the rest of the border cut at the bottom/right. MACs: H·W·Cin·kh·kw·filters.
 * Ranges: filters 1..2048; kernel 1..32; stride 1..16; no dilation.
 *
 * int8, s8 only (arm_transpose_conv_s8 / arm_transpose_conv_wrapper_s8 = TFLite reference integer TRANSPOSE_CONV):
 *   per-channel symmetric int8 weights, int32 bias; acc[o] = Σ (x − zp_in)·w, then
 *   y = clamp(MultiplyByQuantizedMultiplier(bias[o] + acc, M[o], shift[o]) + zp_out, act_min, act_max),
 *   M[o]·2^(shift[o]−31) ≈ s_in·s_w[o]/s_out (as Conv2D). The int32 accumulator wraps as C would.
 */
import { shapeSize } from '../ir/types.ts'
import type { S8Requant } from '../quant/kernel-params.ts'
import { freeze, requantizeS8, s8WeightedRequant } from '../quant/kernel-params.ts'
import type { Activation, Padding, WeightQuantFacet, WeightSpec } from './op-def.ts'
import {
  OpError, S8_ONLY, activationAttr, activationRange, defineOp, expectNHWC, paddingAttr, requireScheme, requireWeight,
} from './op-def.ts'

type TransposeConvAttrs = {
  filters: number
  kernelH: number
  kernelW: number
  strideH: number
  strideW: number
  padding: Padding
  useBias: boolean
  activation: Activation
}

/** Frozen kernel parameters of an s8 TransposeConv2D. */
export interface TransposeConvOpData extends S8Requant {
  scheme: 's8'
  inputShape: number[]
  outputShape: number[]
  kernelH: number
  kernelW: number
  strideH: number
  strideW: number
  padTop: number
  padLeft: number
}

const WEIGHT_QUANT: WeightQuantFacet = { channelAxis: 0, perChannel: 'always' }

/** Output size along one axis. */
const outSize = (input: number, kernel: number, stride: number, padding: string) =>
  (padding === 'same' ? input * stride : (input - 1) * stride + kernel)

/** TFLite's leading padding of a transposed convolution (ComputePaddingHeightWidth over the output size). */
export function transposePadBefore(input: number, kernel: number, stride: number, output: number): number {
  return Math.floor(Math.max(0, (input - 1) * stride + kernel - output) / 2)
}

/** The scatter: calls `add(outIndex, inIndex, wIndex)` for every contribution that lands inside the output. */
function scatter(inputShape: readonly number[], outputShape: readonly number[], kh: number, kw: number, sh: number, sw: number,
  padT: number, padL: number, add: (o: number, i: number, w: number) => void): void {
  const [, H, W, C] = inputShape
  const [, OH, OW, OC] = outputShape
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      for (let ky = 0; ky < kh; ky++) {
        const oy = y * sh - padT + ky
        if (oy < 0 || oy >= OH) continue
        for (let kx = 0; kx < kw; kx++) {
          const ox = x * sw - padL + kx
          if (ox < 0 || ox >= OW) continue
          for (let oc = 0; oc < OC; oc++) {
            const o = (oy * OW + ox) * OC + oc
            const w = ((oc * kh + ky) * kw + kx) * C
            const i = (y * W + x) * C
            for (let ic = 0; ic < C; ic++) add(o, i + ic, w + ic)
          }
        }
      }
    }
  }
}

export const transposeConv2d = defineOp<'TransposeConv2D', TransposeConvAttrs, TransposeConvOpData>({
  type: 'TransposeConv2D',
  label: 'TransposeConv2D',
  category: 'convolution',
  summary: 'y = act(bias + x ⊛ᵀ w): each input cell scatters a kh×kw window, upsampling by the stride',
  attrs: {
    filters: { kind: 'int', label: 'Filters', default: 8, min: 1, max: 2048, help: 'Number of output channels' },
    kernelH: { kind: 'int', label: 'Kernel height', default: 3, min: 1, max: 32 },
    kernelW: { kind: 'int', label: 'Kernel width', default: 3, min: 1, max: 32 },
    strideH: { kind: 'int', label: 'Stride height', default: 2, min: 1, max: 16 },
    strideW: { kind: 'int', label: 'Stride width', default: 2, min: 1, max: 16 },
    padding: paddingAttr('same'),
    useBias: { kind: 'bool', label: 'Use bias', default: true },
    activation: activationAttr('relu'),
  },

  inputCount: () => 1,

  weightSpecs(attrs, inputs) {
    const [, , cin] = expectNHWC('TransposeConv2D', inputs[0])
    const fanIn = attrs.kernelH * attrs.kernelW * cin
    const specs: WeightSpec[] = [{ name: 'weights', shape: [attrs.filters, attrs.kernelH, attrs.kernelW, cin], dtype: 'float32',
      fanIn, init: 'he-uniform' }]
    if (attrs.useBias) specs.push({ name: 'bias', shape: [attrs.filters], dtype: 'float32', fanIn, init: 'zeros' })
    return specs
  },

  inferShape(attrs, inputs) {
    const [h, w] = expectNHWC('TransposeConv2D', inputs[0])
    const oh = outSize(h, attrs.kernelH, attrs.strideH, attrs.padding)
    const ow = outSize(w, attrs.kernelW, attrs.strideW, attrs.padding)
    if (oh > 65536 || ow > 65536) throw new OpError(`TransposeConv2D output ${oh}×${ow} is too large`)
    return [1, oh, ow, attrs.filters]
  },

  validate: () => [],

  macs(attrs, inputs) {
    const [, H, W, C] = inputs[0].shape
    return H * W * C * attrs.kernelH * attrs.kernelW * attrs.filters
  },

  evalFloat({ attrs, inputs, inputShapes, weights, outputShape }) {
    const [, H, W] = inputShapes[0]
    const w = requireWeight(weights, 'weights', 'TransposeConv2D')
    const bias = attrs.useBias ? requireWeight(weights, 'bias', 'TransposeConv2D') : undefined
    const padT = transposePadBefore(H, attrs.kernelH, attrs.strideH, outputShape[1])
    const padL = transposePadBefore(W, attrs.kernelW, attrs.strideW, outputShape[2])
    const acc = new Float64Array(shapeSize(outputShape))
    const x = inputs[0]
    scatter(inputShapes[0], outputShape, attrs.kernelH, attrs.kernelW, attrs.strideH, attrs.strideW, padT, padL,
      (o, i, k) => { acc[o] += x[i] * w[k] })
    const [lo, hi] = activationRange(attrs.activation)
    const OC = outputShape[3]
    return Float32Array.from(acc, (v, o) => {
      const r = v + (bias ? bias[o % OC] : 0)
      return r < lo ? lo : r > hi ? hi : r
    })
  },

  weightQuant: WEIGHT_QUANT,

  costKind: () => 'conv',

  channels: () => ({ kind: 'produces', inputAxis: 3 }),

  schemes: S8_ONLY,

  prepare({ scheme, attrs, inputs, output, weights, rounding }) {
    requireScheme('TransposeConv2D', S8_ONLY, scheme)
    const [, H, W] = inputs[0].shape
    const [, OH, OW] = output.shape
    const requant = s8WeightedRequant({ op: 'TransposeConv2D', input: inputs[0], output, weights, useBias: attrs.useBias,
      channels: attrs.filters, weightAxis: WEIGHT_QUANT.channelAxis, activation: attrs.activation, rounding })
    return freeze<TransposeConvOpData>({
      scheme: 's8', inputShape: [...inputs[0].shape], outputShape: [...output.shape], kernelH: attrs.kernelH, kernelW: attrs.kernelW,
      strideH: attrs.strideH, strideW: attrs.strideW, padTop: transposePadBefore(H, attrs.kernelH, attrs.strideH, OH),
      padLeft: transposePadBefore(W, attrs.kernelW, attrs.strideW, OW), ...requant,
    })
  },

  evalInt8(d, inputs, weights) {
    const x = inputs[0]
    const w = weights.weights
    const bias = weights.bias
    const OC = d.outputShape[3]
    const acc = new Int32Array(shapeSize(d.outputShape))
    if (bias) for (let o = 0; o < acc.length; o++) acc[o] = bias[o % OC]
    scatter(d.inputShape, d.outputShape, d.kernelH, d.kernelW, d.strideH, d.strideW, d.padTop, d.padLeft,
      (o, i, k) => { acc[o] = (acc[o] + (x[i] + d.inputOffset) * w[k]) | 0 })
    return Int8Array.from(acc, (v, o) => requantizeS8(v, d.multipliers[o % OC], d.shifts[o % OC], d.outputOffset, d.actMin, d.actMax, d.rounding))
  },
})
