/**
 * FullyConnected — dense layer. Any input of batch 1 is read as the flat vector x[K], K = its element
 * count (as TFLite does); weights [units, K], bias [units]:
 *   y[u] = act( bias[u] + Σ_k w[u, k] · x[k] )      → output [1, units]
 * MACs (bias not counted): K · units. Ranges: units 1..8192.
 *
 * int8, s8 (arm_fully_connected_wrapper_s8 = TFLite reference integer FULLY_CONNECTED), weights per tensor or per
 *   channel (axis 0), zero point 0:  acc[u] = bias[u] + Σ_k (x[k] + input_offset) · w[u, k];
 *   y = clamp(MultiplyByQuantizedMultiplier(acc, M, shift) + out_zp, act_min, act_max). Per tensor, TFLite computes
 *   M from float(in_scale · w_scale) / out_scale (float32 product); per channel from double products, as Conv2D.
 * int16 (16x8: TFLite's int16 FULLY_CONNECTED, CMSIS-NN arm_fully_connected_s16): int16 input and output, symmetric
 *   (zero points 0), int8 weights PER TENSOR (the s16 kernel takes one multiplier), bias int64 in C (int32 values here):
 *   acc = bias[u] + Σ_k x[k] · w[u, k] (64-bit); y = clamp(arm_nn_requantize_s64(acc, REDUCE_MULTIPLIER(M), shift))
 *   with M, shift from float(in_scale · w_scale) / out_scale as the int8 per-tensor case (quant/int16-params.ts).
 * int8, pow2 (arm_fully_connected_q7): acc = (bias << bias_shift) + NN_ROUND + Σ x · w; y = ssat8(acc >> out_shift),
 *   then the ReLU/ReLU6 clamp.
 */
import type { TensorInfo } from '../ir/types.ts'
import { shapeSize } from '../ir/types.ts'
import { quantizeMultiplier } from '../quant/fixed-point.ts'
import {
  activationQuant, activationRangeS8, biasData, freeze, perChannelMultipliers, pow2WeightedRequant, requantizePow2,
  requantizeS8, roundingField, symmetricWeights,
} from '../quant/kernel-params.ts'
import type { Activation, WeightQuantFacet, WeightSpec } from './op-def.ts'
import type { Pow2Requant, S8Requant } from '../quant/kernel-params.ts'
import { INT8_OR_INT16, OpError, activationAttr, activationRange, defineOp, requireWeight } from './op-def.ts'
import { activationQuantS16, activationRangeS16, reduceMultiplier, requantizeS64 } from '../quant/int16-params.ts'
import { QuantError } from '../quant/kernel-params.ts'

type FullyConnectedAttrs = {
  units: number
  useBias: boolean
  activation: Activation
}

/** K: the flattened input length; throws when the input is missing or not of batch 1. */
function inputLength(info: TensorInfo | undefined): number {
  if (!info) throw new OpError('FullyConnected needs an input')
  if (info.shape.length < 2 || info.shape[0] !== 1) {
    throw new OpError(`FullyConnected needs an input of batch 1 (1×…), got ${info.shape.join('×')}`)
  }
  return shapeSize(info.shape)
}

interface DenseGeometry {
  /** K, the flattened input length. */
  inputLength: number
  units: number
}

/** Frozen kernel parameters of an int8 FullyConnected, s8: `multipliers`/`shifts` have one entry (per tensor) or one per unit. */
export interface FullyConnectedS8OpData extends DenseGeometry, S8Requant {
  scheme: 's8'
  int16?: undefined
}

/** int16 activations (arm_fully_connected_s16): one Q31 multiplier and shift, the int16 clamp. */
export interface FullyConnectedS16OpData extends DenseGeometry {
  scheme: 's8'
  int16: true
  multiplier: number
  shift: number
  actMin: number
  actMax: number
}

export interface FullyConnectedPow2OpData extends DenseGeometry, Pow2Requant {
  scheme: 'pow2'
  int16?: undefined
}

export type FullyConnectedOpData = FullyConnectedS8OpData | FullyConnectedS16OpData | FullyConnectedPow2OpData

/** Weights along output channels: [units, inputs]. */
const WEIGHT_QUANT: WeightQuantFacet = { channelAxis: 0, perChannel: 'optional', int4: 'per-tensor' }

export const fullyConnected = defineOp<'FullyConnected', FullyConnectedAttrs, FullyConnectedOpData>({
  type: 'FullyConnected',
  label: 'FullyConnected',
  category: 'dense',
  summary: 'y = act(W·x + bias), x flattened to K values, W of shape units×K',
  attrs: {
    units: { kind: 'int', label: 'Units', default: 10, min: 1, max: 8192, help: 'Number of output values' },
    useBias: { kind: 'bool', label: 'Use bias', default: true },
    activation: activationAttr('none'),
  },

  inputCount: () => 1,

  weightSpecs(attrs, inputs) {
    const k = inputLength(inputs[0])
    const specs: WeightSpec[] = [{ name: 'weights', shape: [attrs.units, k], dtype: 'float32', fanIn: k, init: 'he-uniform' }]
    if (attrs.useBias) specs.push({ name: 'bias', shape: [attrs.units], dtype: 'float32', fanIn: k, init: 'zeros' })
    return specs
  },

  inferShape(attrs, inputs) {
    inputLength(inputs[0])
    return [1, attrs.units]
  },

  validate: () => [],

  macs: (attrs, inputs) => shapeSize(inputs[0].shape) * attrs.units,

  evalFloat({ attrs, inputs, weights }) {
    const x = inputs[0]
    const K = x.length
    const w = requireWeight(weights, 'weights', 'FullyConnected')
    const bias = attrs.useBias ? requireWeight(weights, 'bias', 'FullyConnected') : undefined
    const [lo, hi] = activationRange(attrs.activation)
    const out = new Float32Array(attrs.units)
    for (let u = 0; u < attrs.units; u++) {
      let acc = bias ? bias[u] : 0
      const row = u * K
      for (let k = 0; k < K; k++) acc += w[row + k] * x[k]
      out[u] = acc < lo ? lo : acc > hi ? hi : acc
    }
    return out
  },

  weightQuant: WEIGHT_QUANT,

  costKind: () => 'fc',

  channels: () => ({ kind: 'produces', inputAxis: 1 }),

  dtypes: INT8_OR_INT16,

  prepare({ scheme, attrs, inputs, output, weights, rounding }) {
    const K = shapeSize(inputs[0].shape)
    const U = attrs.units
    if (scheme === 's8' && output.dtype === 'int16') {
      const inQ = activationQuantS16(inputs[0], 'FullyConnected input')
      const outQ = activationQuantS16(output, 'FullyConnected output')
      const w = symmetricWeights(weights.weights, 'FullyConnected weights', 0)
      if (w.scales.length > 1) throw new QuantError('an int16 FullyConnected needs per-tensor weights (arm_fully_connected_s16 takes one multiplier)')
      biasData(weights.bias, attrs.useBias, U, 'FullyConnected bias', 'int32')
      const { multiplier, shift } = quantizeMultiplier(Math.fround(inQ.scale * w.scales[0]) / outQ.scale)
      if (shift > 14) throw new QuantError(`FullyConnected int16 rescale 2^${shift} is out of the s16 kernel's range (shift at most 14)`)
      const [actMin, actMax] = activationRangeS16(attrs.activation, outQ)
      return freeze<FullyConnectedOpData>({ scheme, int16: true, inputLength: K, units: U, multiplier, shift, actMin, actMax })
    }
    if (scheme === 's8') {
      const inQ = activationQuant(inputs[0], 'FullyConnected input')
      const outQ = activationQuant(output, 'FullyConnected output')
      const w = symmetricWeights(weights.weights, 'FullyConnected weights', 0)
      biasData(weights.bias, attrs.useBias, U, 'FullyConnected bias', 'int32')
      const perChannel = w.scales.length > 1
      const perTensor = quantizeMultiplier(Math.fround(inQ.scale * w.scales[0]) / outQ.scale)
      const { multipliers, shifts } = perChannel
        ? perChannelMultipliers(inQ.scale, w.scales, outQ.scale, U)
        : { multipliers: [perTensor.multiplier], shifts: [perTensor.shift] }
      const [actMin, actMax] = activationRangeS8(attrs.activation, outQ)
      return freeze<FullyConnectedOpData>({ scheme, inputLength: K, units: U, inputOffset: -inQ.zeroPoint,
        outputOffset: outQ.zeroPoint, multipliers, shifts, actMin, actMax, ...roundingField(rounding) })
    }
    const k = { op: 'FullyConnected', input: inputs[0], output, weights, useBias: attrs.useBias, channels: U,
      weightAxis: WEIGHT_QUANT.channelAxis, activation: attrs.activation }
    return freeze<FullyConnectedOpData>({ scheme, inputLength: K, units: U, ...pow2WeightedRequant(k) })
  },

  evalInt8(d, inputs, weights) {
    const x = inputs[0]
    if (d.int16) return evalS16(d, x, weights.weights, weights.bias)
    const { inputLength: K, units: U } = d
    const inputOffset = d.scheme === 's8' ? d.inputOffset : 0
    const w = weights.weights
    const bias = weights.bias
    const out = new Int8Array(U)
    const perChannel = d.scheme === 's8' && d.multipliers.length > 1
    for (let u = 0; u < U; u++) {
      let acc = bias ? (d.scheme === 's8' ? bias[u] : bias[u] << d.biasShift) : 0
      const row = u * K
      for (let k = 0; k < K; k++) acc += (x[k] + inputOffset) * w[row + k]
      out[u] = d.scheme === 's8'
        ? requantizeS8(acc | 0, d.multipliers[perChannel ? u : 0], d.shifts[perChannel ? u : 0], d.outputOffset, d.actMin, d.actMax, d.rounding)
        : requantizePow2(acc, d.outShift, d.actMin, d.actMax)
    }
    return out
  },
})

/** arm_fully_connected_s16: 64-bit accumulation, reduced-multiplier requantization, int16 clamp. */
function evalS16(d: FullyConnectedS16OpData, x: ArrayLike<number>, w: ArrayLike<number>, bias: ArrayLike<number> | undefined): Int16Array {
  const { inputLength: K, units: U } = d
  const out = new Int16Array(U)
  const rm = reduceMultiplier(d.multiplier)
  for (let u = 0; u < U; u++) {
    let acc = bias ? bias[u] : 0
    const row = u * K
    for (let k = 0; k < K; k++) acc += x[k] * w[row + k]
    const v = requantizeS64(acc, rm, d.shift)
    out[u] = v < d.actMin ? d.actMin : v > d.actMax ? d.actMax : v
  }
  return out
}
