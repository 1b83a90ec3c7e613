/**
 * Add — element-wise sum of two tensors of identical shape (no broadcasting), any rank:
 *   y[i] = act( a[i] + b[i] )
 * MACs: 0 (element-wise ops are not counted, as ADD in MLPerf Tiny's per-layer counts).
 *
 * int8, s8 (arm_elementwise_add_s8 = TFLite reference integer ADD): with left_shift = 20,
 *   twice_max = 2·max(s_a, s_b);  M_a ≈ s_a / twice_max, M_b ≈ s_b / twice_max, M_out ≈ twice_max / (2^20 · s_out)
 *   a' = MBQM((a − zp_a) · 2^20, M_a, shift_a),  b' likewise,
 *   y = clamp(MBQM(a' + b', M_out, shift_out) + zp_out, act_min, act_max).
 * int16 (16x8: TFLite's int16 ADD with general scales, CMSIS-NN arm_elementwise_add_s16, v7.0.0): the same arithmetic
 *   with zero points 0 (no offsets) and left_shift = 15 (TFLite add_common: `output->type == kTfLiteInt16 ? 15 : 20`),
 *   the int16 clamp; arm_nn_requantize, so the rounding mode applies as at int8.
 * int8, pow2 (arm_add_q7, CMSIS-DSP): both inputs and the output share one Q format; y = ssat8(a + b), then the
 *   ReLU/ReLU6 clamp.
 */
import { formatShape, shapeSize } from '../ir/types.ts'
import { multiplyByQuantizedMultiplier, quantizeMultiplier } from '../quant/fixed-point.ts'
import {
  QuantError, activationFracBits, activationQuant, activationRangePow2, activationRangeS8, freeze, roundingField,
} from '../quant/kernel-params.ts'
import type { RoundingField } from '../quant/kernel-params.ts'
import type { Activation } from './op-def.ts'
import { activationQuantS16, activationRangeS16 } from '../quant/int16-params.ts'
import { INT8_OR_INT16, activationAttr, activationRange, defineOp, OpError, passthroughChannels, sharedInPow2 } from './op-def.ts'

type AddAttrs = {
  activation: Activation
}

/** Frozen parameters of an int8 Add, s8 (arm_elementwise_add_s8): per-input rescale after a left shift, then requantize. */
export interface AddS8OpData extends RoundingField {
  scheme: 's8'
  /** int16 activations (arm_elementwise_add_s16): offsets 0, left shift 15, int16 clamp and output. */
  int16?: true
  size: number
  input1Offset: number
  input2Offset: number
  leftShift: number
  input1Multiplier: number
  input1Shift: number
  input2Multiplier: number
  input2Shift: number
  outputMultiplier: number
  outputShift: number
  outputOffset: number
  actMin: number
  actMax: number
}

/** pow2 (arm_add_q7): saturating sum of raw q7 values (one Q format), then the clamp. */
export interface AddPow2OpData {
  scheme: 'pow2'
  size: number
  actMin: number
  actMax: number
}

export type AddOpData = AddS8OpData | AddPow2OpData

/** QuantizeMultiplierSmallerThanOneExp: the multiplier of a real factor below 1 (shift ≤ 0). */
function multiplierBelowOne(real: number, what: string): { multiplier: number; shift: number } {
  const q = quantizeMultiplier(real)
  if (q.shift > 0) throw new QuantError(`Add: the ${what} rescale factor ${real} must be below 1; give the output a larger scale`)
  return q
}

export const add = defineOp<'Add', AddAttrs, AddOpData>({
  type: 'Add',
  label: 'Add',
  category: 'elementwise',
  summary: 'y = act(a + b), both inputs of the same shape',
  attrs: {
    activation: activationAttr('none'),
  },

  inputCount: () => 2,

  weightSpecs: () => [],

  inferShape(_attrs, inputs) {
    const [a, b] = inputs
    if (!a || !b) throw new OpError('Add needs two inputs')
    const same = a.shape.length === b.shape.length && a.shape.every((d, i) => d === b.shape[i])
    if (!same) {
      throw new OpError(`Add needs two inputs of the same shape; got ${formatShape(a.shape)} and ${formatShape(b.shape)}`)
    }
    return [...a.shape]
  },

  validate: () => [],

  macs: () => 0,

  evalFloat({ attrs, inputs, outputShape }) {
    const [a, b] = inputs
    const n = shapeSize(outputShape)
    const [lo, hi] = activationRange(attrs.activation)
    const out = new Float32Array(n)
    for (let i = 0; i < n; i++) {
      const v = a[i] + b[i]
      out[i] = v < lo ? lo : v > hi ? hi : v
    }
    return out
  },

  outputQuant: sharedInPow2,

  costKind: () => 'elementwise',

  channels: passthroughChannels,

  dtypes: INT8_OR_INT16,

  prepare({ scheme, attrs, inputs, output, rounding }) {
    const size = shapeSize(output.shape)
    if (scheme === 's8') {
      const int16 = output.dtype === 'int16'
      const quantOf = int16 ? activationQuantS16 : activationQuant
      const a = quantOf(inputs[0], 'Add input 1')
      const b = quantOf(inputs[1], 'Add input 2')
      const out = quantOf(output, 'Add output')
      const leftShift = int16 ? 15 : 20
      const twiceMax = 2 * Math.max(a.scale, b.scale)
      const m1 = multiplierBelowOne(a.scale / twiceMax, 'input 1')
      const m2 = multiplierBelowOne(b.scale / twiceMax, 'input 2')
      const mo = multiplierBelowOne(twiceMax / ((1 << leftShift) * out.scale), 'output')
      const [actMin, actMax] = int16 ? activationRangeS16(attrs.activation, out) : activationRangeS8(attrs.activation, out)
      return freeze<AddOpData>({ scheme, ...(int16 ? { int16 } : {}), size, input1Offset: -a.zeroPoint, input2Offset: -b.zeroPoint,
        leftShift, input1Multiplier: m1.multiplier, input1Shift: m1.shift, input2Multiplier: m2.multiplier,
        input2Shift: m2.shift, outputMultiplier: mo.multiplier, outputShift: mo.shift, outputOffset: out.zeroPoint,
        actMin, actMax, ...roundingField(rounding) })
    }
    const fa = activationFracBits(inputs[0], 'Add input 1')
    const fb = activationFracBits(inputs[1], 'Add input 2')
    const fo = activationFracBits(output, 'Add output')
    if (fa !== fo || fb !== fo) {
      throw new QuantError(`Add in the pow2 scheme adds raw q7 values (arm_add_q7), so both inputs and the output need ` +
        `the same Q format; got 2^-${fa}, 2^-${fb} and 2^-${fo}`)
    }
    const [actMin, actMax] = activationRangePow2(attrs.activation, fo)
    return freeze<AddOpData>({ scheme, size, actMin, actMax })
  },

  evalInt8(d, inputs) {
    const [a, b] = inputs
    const out = d.scheme === 's8' && d.int16 ? new Int16Array(d.size) : new Int8Array(d.size)
    for (let i = 0; i < d.size; i++) {
      let v: number
      if (d.scheme === 's8') {
        const sa = multiplyByQuantizedMultiplier((a[i] + d.input1Offset) << d.leftShift, d.input1Multiplier, d.input1Shift, d.rounding)
        const sb = multiplyByQuantizedMultiplier((b[i] + d.input2Offset) << d.leftShift, d.input2Multiplier, d.input2Shift, d.rounding)
        v = multiplyByQuantizedMultiplier((sa + sb) | 0, d.outputMultiplier, d.outputShift, d.rounding) + d.outputOffset
      } else {
        v = a[i] + b[i]
        v = v < -128 ? -128 : v > 127 ? 127 : v
      }
      out[i] = v < d.actMin ? d.actMin : v > d.actMax ? d.actMax : v
    }
    return out
  },
})
