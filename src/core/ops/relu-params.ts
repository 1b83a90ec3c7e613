/**
 * Standalone int8 ReLU and ReLU6 (when not fused into the producer's clamp).
 *
 * - s8: TFLite's reference ReLU/ReLU6 (QuantizedReluX): M, shift = QuantizeMultiplier(float(in_scale / out_scale));
 *   y = clamp(out_zp + MultiplyByQuantizedMultiplier(x − in_zp, M, shift), lo, hi) with
 *   lo = max(−128, out_zp + round(float(0 / out_scale))), hi = 127 (ReLU) or min(127, out_zp + round(float(6 / out_scale))).
 *   When input and output share their quantization (M = 2^30, shift 1 is the identity) this is TFLite Micro's
 *   clamp to [zp, zp + round(6/scale)].
 * - pow2: arm_relu_q7 (max(0, x)) / arm_clip_q7 to [0, min(127, round(6·2^n))], in place, same Q format.
 */
import type { PrepareContext } from './op-def.ts'
import { shapeSize } from '../ir/types.ts'
import { multiplyByQuantizedMultiplier, quantizeMultiplier } from '../quant/fixed-point.ts'
import type { RoundingField } from '../quant/kernel-params.ts'
import { activationQuant, activationRangePow2, freeze, quantizeValueF32, roundingField, sharedQuant } from '../quant/kernel-params.ts'

/** s8: requantize x − in_zp by multiplier/shift to the output, then clamp. */
export interface ReluS8OpData extends RoundingField {
  scheme: 's8'
  size: number
  inputZeroPoint: number
  outputZeroPoint: number
  multiplier: number
  shift: number
  actMin: number
  actMax: number
}

/** pow2: clamp in place (same Q format). */
export interface ReluPow2OpData {
  scheme: 'pow2'
  size: number
  actMin: number
  actMax: number
}

export type ReluOpData = ReluS8OpData | ReluPow2OpData

export function prepareRelu(ctx: PrepareContext<unknown>, op: 'ReLU' | 'ReLU6'): ReluOpData {
  const { scheme, inputs, output, rounding } = ctx
  const size = shapeSize(output.shape)
  if (scheme === 's8') {
    const inQ = activationQuant(inputs[0], `${op} input`)
    const outQ = activationQuant(output, `${op} output`)
    const { multiplier, shift } = quantizeMultiplier(Math.fround(inQ.scale / outQ.scale))
    const actMin = Math.max(-128, quantizeValueF32(0, outQ.scale, outQ.zeroPoint))
    const actMax = op === 'ReLU' ? 127 : Math.min(127, quantizeValueF32(6, outQ.scale, outQ.zeroPoint))
    return freeze<ReluOpData>({ scheme, size, inputZeroPoint: inQ.zeroPoint, outputZeroPoint: outQ.zeroPoint, multiplier, shift,
      actMin, actMax, ...roundingField(rounding) })
  }
  const q = sharedQuant(scheme, inputs[0], output, op)
  const [actMin, actMax] = activationRangePow2(op === 'ReLU' ? 'relu' : 'relu6', -Math.log2(q.scale))
  return freeze<ReluOpData>({ scheme, size, actMin, actMax })
}

export function evalRelu(d: ReluOpData, x: Int8Array): Int8Array {
  const out = new Int8Array(d.size)
  for (let i = 0; i < d.size; i++) {
    const v = d.scheme === 's8'
      ? d.outputZeroPoint + multiplyByQuantizedMultiplier(x[i] - d.inputZeroPoint, d.multiplier, d.shift, d.rounding)
      : x[i]
    out[i] = v < d.actMin ? d.actMin : v > d.actMax ? d.actMax : v
  }
  return out
}
