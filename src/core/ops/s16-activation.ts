/**
 * What Sigmoid and Tanh share: TFLite's int16 LOGISTIC / TANH (16x8 scheme). Input int16, symmetric; output int16 with
 * scale 2^-15 and zero point 0 (Q0.15), fixed by the kernel.
 *
 * prepare (TFLite Micro's SigmoidPrepare / TanhPrepare for int16): the input is rescaled to an index with 9 (sigmoid)
 * or 8 (tanh) fractional bits into the 256-entry table (quant/activation-s16.ts):
 *   index = (x · multiplier + 2^(shift−1)) >> shift
 * a power-of-two input scale 2^-12 or 2^-11 (|log2 error| < 1e-3, TFLite's CheckedLog2) takes multiplier 3·2^(12+log2 s),
 * shift 0; any other scale s takes multiplier = trunc(s · 4096 · 3 · 2^shift), shift the number of doublings that bring
 * it above 16383.5 (at most 31). With an exact power-of-two scale 2^(k−12), −15 ≤ k ≤ 14, this equals CMSIS-NN's
 * arm_nn_activation_s16(left_shift = k) value for value (its multiplier 3·2^k, or 3 and a rounding shift of −k), which
 * is what `cmsisLeftShift` records for the CMSIS-NN binding; other scales run TinyForge's portable kernel there too.
 * Input scales above 16/3 (a multiplier over 65535, whose product could leave int32) are refused.
 *
 * int8 LOGISTIC / TANH are not offered: CMSIS-NN has no s8 kernel, and TFLite's int8 forms differ between the interpreter
 * (a float-built 256-entry LUT) and TFLite Micro (gemmlowp fixed point), so there is no one exact reference to follow.
 * An int8 tensor reaches them through a Quantize (int8 → int16) node.
 */
import type { TensorInfo } from '../ir/types.ts'
import { shapeSize } from '../ir/types.ts'
import type { S16Activation } from '../quant/activation-s16.ts'
import { activationS16Rescaled } from '../quant/activation-s16.ts'
import { QuantError, freeze } from '../quant/kernel-params.ts'
import { activationQuantS16 } from '../quant/int16-params.ts'
import type { DTypeCombo, IntTensor, OutputQuantRule, PrepareContext } from './op-def.ts'
import { OpError } from './op-def.ts'

export interface S16ActivationOpData {
  scheme: 's8'
  size: number
  /** Index rescale: (x · inputMultiplier + round) >> inputShift. */
  inputMultiplier: number
  inputShift: number
  /** CMSIS-NN arm_nn_activation_s16's left_shift when it computes the same values (power-of-two input scale); else null. */
  cmsisLeftShift: number | null
}

/** Q0.15 out. */
export const S16_ACTIVATION_OUTPUT_QUANT = { scale: [1 / 32768], zeroPoint: [0] } as const

export const S16_ACTIVATION_DTYPES: readonly DTypeCombo[] = Object.freeze([{ input: 'int16', output: 'int16' }])

export const s16OutputQuant = (): OutputQuantRule => ({ kind: 'fixed', quant: { scale: [...S16_ACTIVATION_OUTPUT_QUANT.scale], zeroPoint: [0] } })

export function sameShape(op: string, inputs: readonly TensorInfo[]): number[] {
  if (!inputs[0]) throw new OpError(`${op} needs an input`)
  return [...inputs[0].shape]
}

/** TFLite's CheckedLog2 (float): the rounded log2 and whether the scale is within 1e-3 of a power of two. */
function checkedLog2(x: number): { log2: number; pot: boolean } {
  const l = Math.fround(Math.fround(Math.log(x)) * Math.fround(1 / Math.log(2)))
  const r = Math.round(l)
  return { log2: r, pot: Math.abs(l - r) < 1e-3 }
}

export function prepareS16Activation(op: string, { inputs, output }: PrepareContext<unknown>): S16ActivationOpData {
  const inQ = activationQuantS16(inputs[0], `${op} input`)
  const outQ = activationQuantS16(output, `${op} output`)
  if (outQ.scale !== 1 / 32768) throw new QuantError(`${op} int16 output must have scale 2^-15 (Q0.15, TFLite int16 ${op}); got ${outQ.scale}`)
  const { log2, pot } = checkedLog2(inQ.scale)
  let inputMultiplier: number
  let inputShift = 0
  const left = 12 + log2
  if (pot && (left === 0 || left === 1)) {
    inputMultiplier = 3 << left
  } else {
    let m = inQ.scale * 4096 * 3
    while (m <= 32767 / 2 && inputShift <= 30) {
      inputShift++
      m *= 2
    }
    inputMultiplier = Math.trunc(m)
    if (inputMultiplier > 65535) throw new QuantError(`${op} input scale ${inQ.scale} is too large for the int16 kernel (at most 16/3)`)
  }
  const cmsisLeftShift = powerOfTwoLeftShift(inQ.scale)
  return freeze<S16ActivationOpData>({ scheme: 's8', size: shapeSize(output.shape), inputMultiplier, inputShift, cmsisLeftShift })
}

/** arm_nn_activation_s16's left_shift for an input scale 2^(k−12) (exactly a power of two, −15 ≤ k ≤ 14); else null. */
export function powerOfTwoLeftShift(scale: number | undefined): number | null {
  if (scale === undefined || !(scale > 0)) return null
  const s = Math.fround(scale)
  const k = Math.round(Math.log2(s)) + 12
  return 2 ** (k - 12) === s && k >= -15 && k <= 14 ? k : null
}

export function evalS16Activation(d: S16ActivationOpData, input: IntTensor, type: S16Activation): Int16Array {
  if (!(input instanceof Int16Array)) throw new Error(`the int16 ${type} got an int8 tensor`)
  const out = new Int16Array(d.size)
  for (let i = 0; i < d.size; i++) out[i] = activationS16Rescaled(input[i], d.inputMultiplier, d.inputShift, type)
  return out
}
