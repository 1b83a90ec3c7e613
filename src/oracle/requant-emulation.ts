/**
 * Test-side emulation of the three int8 requantizations met in the TFLite interpreter, used by the oracle
 * page to explain every difference between it and our int8 engine (never by the app or the C runtime).
 *
 * For Conv2D, DepthwiseConv2D and FullyConnected nodes (s8 OpData of core/ops), the exact int32 accumulator
 * (bias + Σ (x − z_in)·w) is requantized to int8 by one of:
 * - 'double' — TFLite reference MultiplyByQuantizedMultiplier = CMSIS-NN arm_nn_requantize (our engine):
 *     SaturatingRoundingDoublingHighMul, then RoundingDivideByPOT; two roundings, ties away from zero.
 * - 'single' — ruy's MultiplyByQuantizedMultiplier (TFLite's builtin optimized CONV_2D and FULLY_CONNECTED go
 *     through cpu_backend_gemm → ruy): (acc·M + 2^(30−shift)) >> (31 − shift); one rounding, ties toward +∞.
 * - 'fp32' — XNNPACK's qs8/qc8 kernels: scale = fl(fl(s_in·s_w)/s_out) in float32, y = fl(fl(acc)·scale) clamped
 *     to the activation range minus z_out, rounded to nearest-even, plus z_out.
 * With the same multiplier, 'double' and 'single' differ only when the first rounding of 'double' lands
 * exactly on a tie of the second: then 'double' is one more (ties go up) — a 1-LSB difference.
 */
import type { Int8Weights } from '../core/ops/op-def.ts'
import type { PreparedNode, PreparedNodeOf } from '../core/plan/prepare-graph.ts'
import { multiplyByQuantizedMultiplier } from '../core/quant/fixed-point.ts'

export type Rounding = 'double' | 'single' | 'fp32'

export const EMULATED_OPS: ReadonlySet<string> = new Set(['Conv2D', 'DepthwiseConv2D', 'FullyConnected'])

function isEmulated(node: Pick<PreparedNode, 'op' | 'opData'>): node is EmulatedNode {
  return EMULATED_OPS.has(node.op)
}

/** float32 scales of one node, for 'fp32'. */
export interface NodeScales {
  input: number
  /** One per output channel, or one per tensor. */
  weights: readonly number[]
  output: number
}

interface Requant {
  multipliers: readonly number[]
  shifts: readonly number[]
  outputOffset: number
  actMin: number
  actMax: number
}

/** The prepared nodes whose requantization is emulated (s8 Conv2D, DepthwiseConv2D, FullyConnected). */
export type EmulatedNode = Pick<PreparedNodeOf<'Conv2D'>, 'op' | 'opData'> | Pick<PreparedNodeOf<'DepthwiseConv2D'>, 'op' | 'opData'>
  | Pick<PreparedNodeOf<'FullyConnected'>, 'op' | 'opData'>

/** Bias-included int32 accumulators, channel-last, and the channel count. */
function accumulators(node: EmulatedNode, x: Int8Array, weights: Int8Weights): { acc: Int32Array; channels: number } {
  const w = weights.weights as Int8Array
  const bias = weights.bias as Int32Array | undefined
  if (node.op === 'FullyConnected') {
    const f = node.opData
    if (f.int16) throw new Error('requantization emulation covers int8 FullyConnected layers only')
    const inputOffset = f.scheme === 's8' ? f.inputOffset : 0
    const acc = new Int32Array(f.units)
    for (let u = 0; u < f.units; u++) {
      let a = bias ? bias[u] : 0
      for (let k = 0; k < f.inputLength; k++) a += (x[k] + inputOffset) * w[u * f.inputLength + k]
      acc[u] = a
    }
    return { acc, channels: f.units }
  }
  const c = node.opData
  if (c.int16) throw new Error('requantization emulation covers int8 convolution layers only')
  const depthwise = node.op === 'DepthwiseConv2D'
  const M = node.op === 'DepthwiseConv2D' ? node.opData.depthMultiplier : 1
  const inputOffset = c.scheme === 's8' ? c.inputOffset : 0
  const [, H, W, C] = c.inputShape
  const [, OH, OW, OC] = c.outputShape
  const acc = new Int32Array(OH * OW * OC)
  for (let oy = 0; oy < OH; oy++) {
    for (let ox = 0; ox < OW; ox++) {
      for (let oc = 0; oc < OC; oc++) {
        let a = bias ? bias[oc] : 0
        for (let ky = 0; ky < c.kernelH; ky++) {
          const iy = oy * c.strideH - c.padTop + ky * c.dilationH
          if (iy < 0 || iy >= H) continue
          for (let kx = 0; kx < c.kernelW; kx++) {
            const ix = ox * c.strideW - c.padLeft + kx * c.dilationW
            if (ix < 0 || ix >= W) continue
            if (depthwise) {
              a += (x[(iy * W + ix) * C + ((oc / M) | 0)] + inputOffset) * w[(ky * c.kernelW + kx) * OC + oc]
            } else {
              const xb = (iy * W + ix) * C
              const wb = ((oc * c.kernelH + ky) * c.kernelW + kx) * C
              for (let ic = 0; ic < C; ic++) a += (x[xb + ic] + inputOffset) * w[wb + ic]
            }
          }
        }
        acc[(oy * OW + ox) * OC + oc] = a
      }
    }
  }
  return { acc, channels: OC }
}

/** ruy's single-rounding MultiplyByQuantizedMultiplier, exact in 64 bits. */
export function multiplyByQuantizedMultiplierSingleRounding(x: number, multiplier: number, shift: number): number {
  const total = BigInt(31 - shift)
  return Number((BigInt(x) * BigInt(multiplier) + (1n << (total - 1n))) >> total)
}

function roundHalfEven(v: number): number {
  const f = Math.floor(v)
  const r = v - f
  return r > 0.5 || (r === 0.5 && f % 2 !== 0) ? f + 1 : f
}

/** XNNPACK's float32 requantization scale. */
export function xnnpackScale(input: number, weight: number, output: number): number {
  return Math.fround(Math.fround(Math.fround(input) * Math.fround(weight)) / Math.fround(output))
}

/** The node's int8 output under `rounding`; `scales` is required for 'fp32'. */
export function emulateNode(node: Pick<PreparedNode, 'op' | 'opData'>, input: Int8Array, weights: Int8Weights, rounding: Rounding,
  scales?: NodeScales): Int8Array {
  if (!isEmulated(node)) throw new Error(`no requantization emulation for ${node.op}`)
  if (node.opData.scheme !== 's8' || ('int16' in node.opData && node.opData.int16)) throw new Error(`requantization emulation needs an int8 s8 ${node.op}`)
  const q: Requant = node.opData
  const { acc, channels } = accumulators(node, input, weights)
  const out = new Int8Array(acc.length)
  const perChannel = q.multipliers.length > 1
  const fp32Scale = rounding === 'fp32'
    ? Array.from({ length: channels }, (_, c) => {
      if (!scales) throw new Error("'fp32' emulation needs the node's float scales")
      return xnnpackScale(scales.input, scales.weights[scales.weights.length > 1 ? c : 0], scales.output)
    })
    : []
  for (let i = 0; i < acc.length; i++) {
    const c = i % channels
    const m = q.multipliers[perChannel ? c : 0]
    const s = q.shifts[perChannel ? c : 0]
    let v: number
    if (rounding === 'double') v = multiplyByQuantizedMultiplier(acc[i], m, s) + q.outputOffset
    else if (rounding === 'single') v = multiplyByQuantizedMultiplierSingleRounding(acc[i], m, s) + q.outputOffset
    else {
      const lo = q.actMin - q.outputOffset
      const hi = q.actMax - q.outputOffset
      const y = Math.fround(Math.fround(acc[i]) * fp32Scale[c])
      v = roundHalfEven(y < lo ? lo : y > hi ? hi : y) + q.outputOffset
    }
    out[i] = v < q.actMin ? q.actMin : v > q.actMax ? q.actMax : v
  }
  return out
}
