/**
 * Mul — element-wise product of two tensors, broadcasting (broadcast.ts: equal shapes, or size 1 on an axis; rank ≤ 4):
 *   y[i] = act( a[i] · b[i] )
 * MACs: 0 (element-wise ops are not counted, as Add).
 *
 * int8, s8 (arm_elementwise_mul_s8 = TFLite reference integer MUL; broadcasting as TFLite's BroadcastMul4DSlow):
 *   y = clamp(MultiplyByQuantizedMultiplier((a − zp_a)·(b − zp_b), M, shift) + zp_out, act_min, act_max),
 *   M·2^(shift−31) ≈ s_a·s_b / s_out (double precision, as TFLite's Prepare). |(a − zp_a)·(b − zp_b)| ≤ 255², no overflow.
 * int16 (16x8: TFLite's int16 MUL, CMSIS-NN arm_elementwise_mul_s16, v7.0.0): the same arithmetic with zero points 0 (the
 *   kernel ignores the offsets), the int16 clamp; |a·b| ≤ 2^30 fits int32; arm_nn_requantize, so the rounding mode applies.
 *   arm_elementwise_mul_s16 takes one flat vector (no broadcasting); a broadcasting int16 Mul runs the portable
 *   tf_mul_s16 (TFLite's BroadcastMul4DSlow) in both builds, as at int8.
 * int8, pow2 (arm_nn_mult_q7, CMSIS_5 5.9.0 NNSupportFunctions): out_shift = frac_a + frac_b − frac_out in 0..15,
 *   y = ssat8( (int16)(a·b + NN_ROUND(out_shift)) >> out_shift ), then the ReLU/ReLU6 clamp (the q7 kernel has no fused
 *   activation). The int16 cast is the kernel's: a·b + 2^(s−1) reaches 2^15 only for (−128)·(−128) at s = 15, where
 *   it wraps to −2^15 as on the device. Broadcasting: none in the q7 kernel (one flat vector).
 */
import { shapeSize } from '../ir/types.ts'
import { multiplyByQuantizedMultiplier, quantizeMultiplier } from '../quant/fixed-point.ts'
import {
  QuantError, activationFracBits, activationQuant, activationRangePow2, activationRangeS8, freeze, roundingField,
} from '../quant/kernel-params.ts'
import type { RoundingField } from '../quant/kernel-params.ts'
import type { BinaryDims } from './broadcast.ts'
import { binaryDims, broadcastApply, broadcastShape, sameDims } from './broadcast.ts'
import type { Activation } from './op-def.ts'
import { activationQuantS16, activationRangeS16 } from '../quant/int16-params.ts'
import { INT8_OR_INT16, activationAttr, activationRange, defineOp, passthroughChannels } from './op-def.ts'

type MulAttrs = {
  activation: Activation
}

/** Frozen parameters of an int8 Mul, s8: input offsets, one output multiplier and shift, the clamp. */
export interface MulS8OpData extends BinaryDims, RoundingField {
  scheme: 's8'
  /** int16 activations (arm_elementwise_mul_s16): offsets 0, int16 clamp and output. */
  int16?: true
  input1Offset: number
  input2Offset: number
  outputOffset: number
  multiplier: number
  shift: number
  actMin: number
  actMax: number
}

/** pow2 (arm_nn_mult_q7): rounding right shift of the raw q7 product, then the clamp. */
export interface MulPow2OpData extends BinaryDims {
  scheme: 'pow2'
  outShift: number
  actMin: number
  actMax: number
}

export type MulOpData = MulS8OpData | MulPow2OpData

/** arm_nn_mult_q7 for one pair: the q15 cast of the rounded product, the shift, ssat8. */
export function multQ7(a: number, b: number, outShift: number): number {
  const round = outShift === 0 ? 0 : 1 << (outShift - 1)
  const q15 = ((a * b + round) << 16) >> 16
  const v = q15 >> outShift
  return v < -128 ? -128 : v > 127 ? 127 : v
}

export const mul = defineOp<'Mul', MulAttrs, MulOpData>({
  type: 'Mul',
  label: 'Mul',
  category: 'elementwise',
  summary: 'y = act(a · b), element-wise (broadcasting)',
  attrs: {
    activation: activationAttr('none'),
  },

  inputCount: () => 2,

  weightSpecs: () => [],

  inferShape: (_attrs, inputs) => broadcastShape('Mul', inputs),

  validate: () => [],

  macs: () => 0,

  evalFloat({ attrs, inputs, inputShapes, outputShape }) {
    const [lo, hi] = activationRange(attrs.activation)
    const d = binaryDims(inputShapes.map((shape) => ({ shape, dtype: 'float32' as const })), { shape: outputShape, dtype: 'float32' })
    return broadcastApply(d, inputs[0], inputs[1], (n) => new Float32Array(n), (x, y) => {
      const v = x * y
      return v < lo ? lo : v > hi ? hi : v
    })
  },

  pow2Product: { maxShift: 15, frac: (inputs) => inputs[0] + inputs[1] },

  costKind: () => 'elementwise',

  channels: passthroughChannels,

  dtypes: INT8_OR_INT16,

  prepare({ scheme, attrs, inputs, output, rounding }) {
    const dims = binaryDims(inputs, output)
    if (scheme === 's8') {
      const int16 = output.dtype === 'int16'
      const quantOf = int16 ? activationQuantS16 : activationQuant
      const a = quantOf(inputs[0], 'Mul input 1')
      const b = quantOf(inputs[1], 'Mul input 2')
      const out = quantOf(output, 'Mul output')
      const { multiplier, shift } = quantizeMultiplier((a.scale * b.scale) / out.scale)
      if (int16 && shift > 0) {
        throw new QuantError(`Mul at int16: s_a·s_b / s_out = ${(a.scale * b.scale) / out.scale} is 1 or more; products up to 2^30 ` +
          'shifted left would overflow int32 in arm_nn_requantize (widen the output range or keep the layer at int8)')
      }
      const [actMin, actMax] = int16 ? activationRangeS16(attrs.activation, out) : activationRangeS8(attrs.activation, out)
      return freeze<MulOpData>({ scheme, ...(int16 ? { int16 } : {}), ...dims, input1Offset: -a.zeroPoint, input2Offset: -b.zeroPoint, outputOffset: out.zeroPoint,
        multiplier, shift, actMin, actMax, ...roundingField(rounding) })
    }
    if (!sameDims(dims)) {
      throw new QuantError(`Mul in the pow2 scheme multiplies two vectors of the same length (arm_nn_mult_q7); got ` +
        `${inputs[0].shape.join('×')} and ${inputs[1].shape.join('×')}`)
    }
    const fa = activationFracBits(inputs[0], 'Mul input 1')
    const fb = activationFracBits(inputs[1], 'Mul input 2')
    const fo = activationFracBits(output, 'Mul output')
    const outShift = fa + fb - fo
    if (outShift < 0 || outShift > 15) {
      throw new QuantError(`Mul in the pow2 scheme shifts the q7 product right by frac_a + frac_b − frac_out = ${outShift}; ` +
        'arm_nn_mult_q7 needs 0..15 (re-quantize the graph with the pow2 scheme)')
    }
    const [actMin, actMax] = activationRangePow2(attrs.activation, fo)
    return freeze<MulOpData>({ scheme, ...dims, outShift, actMin, actMax })
  },

  evalInt8(d, inputs) {
    const [a, b] = inputs
    const clamp = (v: number) => (v < d.actMin ? d.actMin : v > d.actMax ? d.actMax : v)
    if (d.scheme === 'pow2') {
      const n = shapeSize(d.outputDims)
      const out = new Int8Array(n)
      for (let i = 0; i < n; i++) out[i] = clamp(multQ7(a[i], b[i], d.outShift))
      return out
    }
    return broadcastApply(d, a, b, (n) => (d.int16 ? new Int16Array(n) : new Int8Array(n)), (x, y) =>
      clamp(multiplyByQuantizedMultiplier((x + d.input1Offset) * (y + d.input2Offset), d.multiplier, d.shift, d.rounding) + d.outputOffset))
  },
})
