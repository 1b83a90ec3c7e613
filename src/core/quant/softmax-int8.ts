/**
 * int8 softmax kernels, each reproducing its C twin exactly.
 *
 * s8 — arm_softmax_s8 (CMSIS-NN arm_nn_softmax_common_s8, bit-exact with TFLite's reference int8 softmax, which
 * computes the same gemmlowp fixed-point steps): per row, diff = x − max; rows values with diff ≥ diff_min add
 * exp(diff · β · s_in) (exp_on_negative_values of a Q5.26 argument) to a Q12.19 sum; the reciprocal of the sum
 * (one_over_one_plus_x_for_x_in_0_1 after normalising it to [1, 2)) scales each exp to the output, whose scale is
 * 1/256 and zero point −128. Prepare (TFLite PreprocessSoftmaxScaling, 5 integer bits):
 *   multiplier, shift = QuantizeMultiplier(min(β · s_in · 2^26, 2^31 − 1)), shift ≥ 0;
 *   diff_min = −floor((2^5 − 1) · 2^26 / 2^shift).
 *
 * pow2 — arm_softmax_q7 (legacy, "not bit-accurate with TFLite"): a base-2 softmax on the raw q7 values,
 *   base = max − 8; sum = Σ 2^clamp(x − base, 0, 7); y = ssat8((2^20 / sum) >> clamp(13 + base − x, 0, 31)),
 *   output Q0.7 (scale 2^-7).
 */
import {
  INT32_MAX, INT32_MIN, roundingDivideByPOT as divPow2, saturatingRoundingDoublingHighMul as mulSat,
} from './fixed-point.ts'

const ACCUM_BITS = 12

/** arm_nn_mult_by_power_of_two: saturating val · 2^exp for 0 < exp < 31. */
function mulPow2(val: number, exp: number): number {
  const thresh = (1 << (31 - exp)) - 1
  if (val > thresh) return INT32_MAX
  if (val < -thresh) return INT32_MIN
  return val << exp
}

/** arm_nn_exp_on_negative_values: exp(a) of a Q5.26 value a ≤ 0, as Q0.31. */
export function expOnNegativeValues(val: number): number {
  const valModMinusQuarter = ((val & ((1 << 24) - 1)) - (1 << 24)) | 0
  const remainder = (valModMinusQuarter - val) | 0
  const x = ((valModMinusQuarter << 5) + (1 << 28)) | 0
  const x2 = mulSat(x, x)
  const inner = (divPow2(mulSat(x2, x2), 2) + mulSat(x2, x)) | 0
  const poly = (x + divPow2((mulSat(inner, 715827883) + x2) | 0, 1)) | 0
  let result = (1895147668 + mulSat(1895147668, poly)) | 0
  const factors = [1672461947, 1302514674, 790015084, 290630308, 39332535, 720401, 242]
  for (let i = 0; i < factors.length; i++) {
    if ((remainder & (1 << (24 + i))) !== 0) result = mulSat(result, factors[i])
  }
  return val === 0 ? INT32_MAX : result
}

/** arm_nn_one_over_one_plus_x_for_x_in_0_1: 1 / (1 + x) of a Q0.31 x in [0, 1), as Q0.31 (Newton–Raphson). */
export function oneOverOnePlusX(val: number): number {
  const sum = val + INT32_MAX
  const halfDenominator = Math.trunc((sum + (sum >= 0 ? 1 : -1)) / 2)
  let x = (1515870810 + mulSat(halfDenominator, -1010580540)) | 0
  const one = 1 << 29
  for (let i = 0; i < 3; i++) x = (x + mulPow2(mulSat(x, (one - mulSat(halfDenominator, x)) | 0), 2)) | 0
  return mulPow2(x, 1)
}

/** arm_softmax_s8 over `rows` rows of `rowSize` values. */
export function softmaxS8(input: Int8Array, rows: number, rowSize: number, mult: number, shift: number, diffMin: number): Int8Array {
  const out = new Int8Array(input.length)
  const mask = 2 ** shift
  const scaled = (diff: number): number => expOnNegativeValues(mulSat((diff * mask) | 0, mult))
  for (let r = 0; r < rows; r++) {
    const base = r * rowSize
    let max = input[base]
    for (let c = 1; c < rowSize; c++) if (input[base + c] > max) max = input[base + c]
    let sum = 0
    for (let c = 0; c < rowSize; c++) {
      const diff = input[base + c] - max
      if (diff >= diffMin) sum = (sum + divPow2(scaled(diff), ACCUM_BITS)) | 0
    }
    const headroom = Math.clz32(sum)
    // (sum << headroom) − 2^31 in C's wrapping int32 arithmetic (the shifted sum has its top bit set).
    const normalised = sum > 0 ? ((sum << headroom) - INT32_MIN) | 0 : (0 - INT32_MIN) | 0
    const shiftedScale = oneOverOnePlusX(normalised)
    const bitsOverUnit = ACCUM_BITS - headroom + 23
    for (let c = 0; c < rowSize; c++) {
      const diff = input[base + c] - max
      if (diff >= diffMin) {
        const res = divPow2(mulSat(shiftedScale, scaled(diff)), bitsOverUnit) - 128
        out[base + c] = res < -128 ? -128 : res > 127 ? 127 : res
      } else {
        out[base + c] = -128
      }
    }
  }
  return out
}

/** __USAT(value, bits): clamp to [0, 2^bits − 1]. */
function usat(value: number, bits: number): number {
  const hi = 2 ** bits - 1
  return value < 0 ? 0 : value > hi ? hi : value
}

/** arm_softmax_q7 applied to each row (arm_softmax_with_batch_q7). */
export function softmaxQ7(input: Int8Array, rows: number, rowSize: number): Int8Array {
  const out = new Int8Array(input.length)
  for (let r = 0; r < rows; r++) {
    const row = input.subarray(r * rowSize, (r + 1) * rowSize)
    let max = -128
    for (const v of row) if (v > max) max = v
    const base = max - 8
    let sum = 0
    for (const v of row) sum += 1 << usat(v - base, 3)
    const outputBase = Math.trunc((1 << 20) / sum)
    for (let c = 0; c < rowSize; c++) {
      const v = outputBase >> usat(13 + base - row[c], 5)
      out[r * rowSize + c] = v > 127 ? 127 : v < -128 ? -128 : v
    }
  }
  return out
}
