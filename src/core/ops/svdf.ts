/**
 * SVDF — singular value decomposition filter (TFLite SVDF, a rank-r factorised 1-D convolution over time, used by
 * streaming keyword spotters). One invocation takes ONE frame x [1, F] and keeps the last `memory` feature
 * activations of every filter in its state (filters = units · rank):
 *   state[f, 0 … M−2] ← state[f, 1 … M−1]              (shift out the oldest)
 *   state[f, M−1]     ← Σ_c wf[f, c] · x[c]             (weightsFeature [filters, F])
 *   y[u] = act( bias[u] + Σ_{r<rank} Σ_j state[u·rank + r, j] · wt[u·rank + r, j] )   (weightsTime [filters, M])
 * Output [1, units]. State [filters, M], zero after a reset. MACs: filters·(F + M). Ranges: units 1..4096,
 * rank 1..16, memory 1..1024.
 *
 * int8, s8 only (arm_svdf_state_s16_s8 = TFLite Micro's integer SVDF with int16 state): int8 per-tensor weightsFeature,
 * int16 per-tensor weightsTime, int32 bias with scale s_state·s_wt, int16 state (symmetric, scale s_state),
 *   state[f, M−1] = clamp(MBQM(Σ wf·(x − zp_in), M1, sh1), −32768, 32767),   M1 ≈ float32(s_in·s_wf/s_state)
 *   acc[u] = bias[u] + Σ_r Σ_j state·wt   (int32, wrapping as the C kernels' 32-bit sums do)
 *   y[u] = clamp(MBQM(acc[u], M2, sh2) + zp_out, −128, 127),                 M2 ≈ float32(s_state·s_wt/s_out)
 * (the effective scales in float32 arithmetic, then QuantizeMultiplier, as TFLite Micro's Prepare). The int8 kernel
 * clamps to the int8 range only: TFLite Micro's integer SVDF does not apply the fused activation (a ReLU SVDF is
 * quantized with output zero point −128, where both agree).
 */
import type { QuantParams, Tensor } from '../ir/types.ts'
import { multiplyByQuantizedMultiplier, quantizeMultiplier } from '../quant/fixed-point.ts'
import type { RoundingField } from '../quant/kernel-params.ts'
import { QuantError, activationQuant, freeze, roundingField } from '../quant/kernel-params.ts'
import { quantizeBiasS8, quantizeSymmetricInt16, quantizeWeightsS8 } from '../quant/weight-quant.ts'
import type { Activation, Int8State, WeightSpec } from './op-def.ts'
import { OpError, S8_ONLY, activationRange, defineOp, requireScheme, requireWeight } from './op-def.ts'

type SvdfAttrs = {
  units: number
  rank: number
  memory: number
  useBias: boolean
  activation: Activation
}

/** Frozen parameters of an s8 SVDF. */
export interface SvdfOpData extends RoundingField {
  scheme: 's8'
  inputSize: number
  units: number
  rank: number
  memory: number
  inputOffset: number
  outputOffset: number
  featureMultiplier: number
  featureShift: number
  outputMultiplier: number
  outputShift: number
}

function inputSize(op: string, shape: readonly number[] | undefined): number {
  if (!shape) throw new OpError(`${op} needs an input`)
  if (shape.length !== 2 || shape[0] !== 1) {
    throw new OpError(`${op} takes one frame [1, features] per invocation; got ${shape.join('×')} (feed a sequence one frame per call)`)
  }
  return shape[1]
}

/** Per-tensor symmetric scale of a constant, as a number. */
function tensorScale(t: Tensor | undefined, what: string): number {
  const q = t?.quant
  if (!q || q.scale.length !== 1 || (q.zeroPoint[0] ?? 0) !== 0) throw new QuantError(`SVDF ${what} must be quantized per tensor, symmetric`)
  return Math.fround(q.scale[0])
}

function stateScale(q: Readonly<Record<string, QuantParams>> | undefined): number {
  const s = q?.state
  if (!s || s.scale.length !== 1 || (s.zeroPoint[0] ?? 0) !== 0 || !(s.scale[0] > 0)) {
    throw new QuantError('SVDF state has no symmetric int16 quantization; quantize the graph first')
  }
  return Math.fround(s.scale[0])
}

export const svdf = defineOp<'SVDF', SvdfAttrs, SvdfOpData>({
  type: 'SVDF',
  label: 'SVDF',
  category: 'recurrent',
  summary: 'y = act(bias + Σ_rank Σ_time state · wt), state ← shifted state + wf · x (one frame per call)',
  attrs: {
    units: { kind: 'int', label: 'Units', default: 16, min: 1, max: 4096, help: 'Output values per frame' },
    rank: { kind: 'int', label: 'Rank', default: 1, min: 1, max: 16, help: 'Filters per unit (the factorisation rank)' },
    memory: { kind: 'int', label: 'Memory', default: 8, min: 1, max: 1024, help: 'Frames each filter remembers' },
    useBias: { kind: 'bool', label: 'Use bias', default: true },
    activation: { kind: 'enum', label: 'Activation', default: 'relu', options: ['none', 'relu'],
      help: 'Float model only: the int8 kernel clamps to the int8 range (TFLite Micro), a ReLU by its output zero point' },
  },

  inputCount: () => 1,

  weightSpecs(attrs, inputs) {
    const F = inputSize('SVDF', inputs[0]?.shape)
    const filters = attrs.units * attrs.rank
    const specs: WeightSpec[] = [
      { name: 'weightsFeature', shape: [filters, F], dtype: 'float32', fanIn: F, init: 'glorot-uniform' },
      { name: 'weightsTime', shape: [filters, attrs.memory], dtype: 'float32', fanIn: attrs.memory * attrs.rank, init: 'glorot-uniform',
        deployedDType: 'int16' },
    ]
    if (attrs.useBias) specs.push({ name: 'bias', shape: [attrs.units], dtype: 'float32', fanIn: attrs.memory, init: 'zeros' })
    return specs
  },

  inferShape(attrs, inputs) {
    inputSize('SVDF', inputs[0]?.shape)
    return [1, attrs.units]
  },

  validate: () => [],

  macs(attrs, inputs) {
    return attrs.units * attrs.rank * (inputSize('SVDF', inputs[0].shape) + attrs.memory)
  },

  evalFloat({ attrs, inputs, weights, state, observe }) {
    const x = inputs[0]
    const F = x.length
    const M = attrs.memory
    const filters = attrs.units * attrs.rank
    const wf = requireWeight(weights, 'weightsFeature', 'SVDF')
    const wt = requireWeight(weights, 'weightsTime', 'SVDF')
    const bias = attrs.useBias ? requireWeight(weights, 'bias', 'SVDF') : undefined
    const s = state?.state ?? new Float32Array(filters * M)
    const column = new Float32Array(filters)
    for (let f = 0; f < filters; f++) {
      s.copyWithin(f * M, f * M + 1, (f + 1) * M)
      let acc = 0
      for (let c = 0; c < F; c++) acc += wf[f * F + c] * x[c]
      s[f * M + M - 1] = acc
      column[f] = acc
    }
    observe?.('state', column)
    const [lo, hi] = activationRange(attrs.activation)
    const out = new Float32Array(attrs.units)
    for (let u = 0; u < attrs.units; u++) {
      let acc = bias ? bias[u] : 0
      for (let r = 0; r < attrs.rank; r++) {
        const f = u * attrs.rank + r
        for (let j = 0; j < M; j++) acc += s[f * M + j] * wt[f * M + j]
      }
      out[u] = acc < lo ? lo : acc > hi ? hi : acc
    }
    return out
  },

  quantizeConstants({ weights, shapes, origins, observed }) {
    const feature = observed.state ?? { min: 0, max: 0 }
    const range = Math.max(Math.abs(feature.min), Math.abs(feature.max))
    const stateScaleValue = range > 0 ? Math.fround(range / 32767) : 1
    const wf = quantizeWeightsS8(weights.weightsFeature, shapes.weightsFeature, undefined, origins.weightsFeature)
    const wt = quantizeSymmetricInt16(weights.weightsTime, shapes.weightsTime, origins.weightsTime)
    const out: Record<string, Tensor> = { weightsFeature: wf, weightsTime: wt }
    if (weights.bias) out.bias = quantizeBiasS8(weights.bias, stateScaleValue, wt.quant!.scale, origins.bias)
    return { weights: out, state: { state: { scale: [stateScaleValue], zeroPoint: [0] } } }
  },

  internalRanges: ['state'],

  costKind: () => 'fc',

  schemes: S8_ONLY,

  stateSpecs: (attrs) => [{ name: 'state', shape: [attrs.units * attrs.rank, attrs.memory], dtype: 'int16' }],

  prepare({ scheme, attrs, inputs, output, weights, stateQuant, rounding }) {
    requireScheme('SVDF', S8_ONLY, scheme)
    const F = inputSize('SVDF', inputs[0].shape)
    const inQ = activationQuant(inputs[0], 'SVDF input')
    const outQ = activationQuant(output, 'SVDF output')
    const sState = stateScale(stateQuant)
    const sWf = tensorScale(weights.weightsFeature, 'feature weights')
    const sWt = tensorScale(weights.weightsTime, 'time weights')
    if (weights.weightsFeature?.dtype !== 'int8') throw new QuantError('SVDF feature weights must be int8')
    if (weights.weightsTime?.dtype !== 'int16') throw new QuantError('SVDF time weights must be int16 (TFLite int8 SVDF with int16 state)')
    if (attrs.useBias && weights.bias?.dtype !== 'int32') throw new QuantError('SVDF bias must be int32')
    const m1 = quantizeMultiplier(Math.fround(Math.fround(inQ.scale * sWf) / sState))
    const m2 = quantizeMultiplier(Math.fround(Math.fround(sState * sWt) / outQ.scale))
    return freeze<SvdfOpData>({ scheme: 's8', inputSize: F, units: attrs.units, rank: attrs.rank, memory: attrs.memory,
      inputOffset: -inQ.zeroPoint, outputOffset: outQ.zeroPoint, featureMultiplier: m1.multiplier, featureShift: m1.shift,
      outputMultiplier: m2.multiplier, outputShift: m2.shift, ...roundingField(rounding) })
  },

  initState: (d): Int8State => ({ state: new Int16Array(d.units * d.rank * d.memory) }),

  evalInt8(d, inputs, weights, state) {
    const x = inputs[0]
    const { inputSize: F, memory: M, rank } = d
    const filters = d.units * rank
    const wf = weights.weightsFeature
    const wt = weights.weightsTime
    const bias = weights.bias
    const s = state?.state
    if (!(s instanceof Int16Array)) throw new Error('SVDF needs its int16 state')
    for (let f = 0; f < filters; f++) {
      s.copyWithin(f * M, f * M + 1, (f + 1) * M)
      let acc = 0
      for (let c = 0; c < F; c++) acc += wf[f * F + c] * (x[c] + d.inputOffset)
      const v = multiplyByQuantizedMultiplier(acc | 0, d.featureMultiplier, d.featureShift, d.rounding)
      s[f * M + M - 1] = v < -32768 ? -32768 : v > 32767 ? 32767 : v
    }
    const out = new Int8Array(d.units)
    for (let u = 0; u < d.units; u++) {
      let acc = bias ? bias[u] : 0
      for (let r = 0; r < rank; r++) {
        const f = u * rank + r
        for (let j = 0; j < M; j++) acc = (acc + s[f * M + j] * wt[f * M + j]) | 0
      }
      const y = multiplyByQuantizedMultiplier(acc, d.outputMultiplier, d.outputShift, d.rounding) + d.outputOffset
      out[u] = y < -128 ? -128 : y > 127 ? 127 : y
    }
    return out
  },
})
