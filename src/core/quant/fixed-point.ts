/**
 * Fixed-point arithmetic of the int8 kernels, each function named after its C twin (TFLite's
 * reference `gemmlowp`-style rounding, which CMSIS-NN's s8 kernels reproduce bit for bit).
 *
 * All arguments and results are int32 values held in JS numbers. The 64-bit products are computed
 * exactly by splitting one factor into 16-bit halves (every partial product stays below 2^53), so the
 * fast paths agree with the BigInt references below on every input — the tests check both.
 *
 * C semantics reproduced exactly:
 *   - integer division truncates toward zero;
 *   - `>>` on a negative int32 is an arithmetic shift (floor);
 *   - int32 results wrap modulo 2^32 only where the C code would (documented per function).
 */

export const INT32_MIN = -2147483648
export const INT32_MAX = 2147483647
const TWO_POW_31 = 2147483648
const TWO_POW_15 = 32768

/**
 * SaturatingRoundingDoublingHighMul(a, b) ≈ (a · b) / 2^31 rounded to nearest, with the single overflow
 * case a = b = INT32_MIN saturating to INT32_MAX. The nudge is 2^30 for a non-negative product and
 * 1 − 2^30 otherwise, then the 64-bit sum is divided by 2^31 truncating toward zero. Ties therefore go
 * up for positive products (0.5 → 1) and toward zero for negative ones (−0.5 → 0, −1.5 → −1).
 */
export function saturatingRoundingDoublingHighMul(a: number, b: number): number {
  if (a === INT32_MIN && b === INT32_MIN) return INT32_MAX
  const bHigh = Math.floor(b / 65536) // b = bHigh·2^16 + bLow, 0 ≤ bLow < 2^16
  const bLow = b - bHigh * 65536
  const p1 = a * bHigh // |p1| < 2^46, exact
  const p0 = a * bLow // |p0| < 2^47, exact
  // a·b = p1·2^16 + p0 = q1·2^31 + (r1·2^16 + p0), with p1 = q1·2^15 + r1, 0 ≤ r1 < 2^15.
  const q1 = Math.floor(p1 / TWO_POW_15)
  const r1 = p1 - q1 * TWO_POW_15
  const productNonNegative = a === 0 || b === 0 || (a > 0) === (b > 0)
  const nudge = productNonNegative ? 1073741824 : 1 - 1073741824
  const s = r1 * 65536 + p0 + nudge // |s| < 2^48, exact
  const sFloor = Math.floor(s / TWO_POW_31)
  const floorQuotient = q1 + sFloor // floor((a·b + nudge) / 2^31)
  const remainder = s - sFloor * TWO_POW_31 // in [0, 2^31)
  return floorQuotient < 0 && remainder !== 0 ? floorQuotient + 1 : floorQuotient
}

/**
 * RoundingDivideByPOT(x, exponent) = x / 2^exponent rounded half away from zero, for 0 ≤ exponent ≤ 31.
 * remainder = x & mask; threshold = (mask >> 1) + (x < 0); result = (x >> exponent) + (remainder > threshold).
 */
export function roundingDivideByPOT(x: number, exponent: number): number {
  if (exponent < 0 || exponent > 31) throw new RangeError(`roundingDivideByPOT: exponent ${exponent} outside [0, 31]`)
  if (exponent === 0) return x
  const mask = exponent === 31 ? INT32_MAX : (1 << exponent) - 1
  const remainder = x & mask
  const threshold = (mask >> 1) + (x < 0 ? 1 : 0)
  return (x >> exponent) + (remainder > threshold ? 1 : 0)
}

/**
 * Requantization rounding of the s8 kernels (a per-project choice, C macro CMSIS_NN_USE_SINGLE_ROUNDING):
 *   'double' — TFLite's reference kernels and CMSIS-NN's default: SaturatingRoundingDoublingHighMul, then
 *              RoundingDivideByPOT (two roundings, ties away from zero);
 *   'single' — CMSIS_NN_USE_SINGLE_ROUNDING (TFLite's optimized kernels and ruy round the same way): one rounding
 *              of the 64-bit product, floor((x·M + 2^(30−shift)) / 2^(31−shift)), ties toward +∞.
 * It applies to every MultiplyByQuantizedMultiplier of the s8 scheme (C tf_nn_requantize); the pow2 scheme's
 * rounding shifts and the softmax's fixed-point exp/reciprocal are the same in both modes.
 */
export type Rounding = 'double' | 'single'

export const ROUNDINGS: readonly Rounding[] = ['double', 'single']

export function isRounding(value: unknown): value is Rounding {
  return value === 'double' || value === 'single'
}

/**
 * MultiplyByQuantizedMultiplier(x, multiplier, shift): x · multiplier · 2^(shift − 31) with TFLite's double
 * rounding. A positive shift multiplies x by 2^shift first (int32 arithmetic, wrapping as the C code's
 * `x * (1 << shift)` does on two's-complement targets); a negative shift is a rounding right shift after
 * the high multiply. This is CMSIS-NN's arm_nn_requantize without CMSIS_NN_USE_SINGLE_ROUNDING; with
 * `rounding` 'single' it is multiplyByQuantizedMultiplierSingleRounding (the macro defined).
 */
export function multiplyByQuantizedMultiplier(x: number, quantizedMultiplier: number, shift: number, rounding: Rounding = 'double'): number {
  if (rounding === 'single') return multiplyByQuantizedMultiplierSingleRounding(x, quantizedMultiplier, shift)
  const leftShift = shift > 0 ? shift : 0
  const rightShift = shift > 0 ? 0 : -shift
  const shifted = leftShift === 0 ? x : Math.imul(x, 1 << leftShift)
  return roundingDivideByPOT(saturatingRoundingDoublingHighMul(shifted, quantizedMultiplier), rightShift)
}

/**
 * CMSIS-NN v7.0.0's arm_nn_requantize with CMSIS_NN_USE_SINGLE_ROUNDING, shift in [−31, 30]:
 *   r = (int32)((x · M) >> (30 − shift));  result = (r + 1) >> 1
 * i.e. floor((x·M + 2^(30−shift)) / 2^(31−shift)) wherever the int32 intermediate r does not wrap (it wraps, as
 * the C code's cast does, only for products far beyond any accumulator: |x·M| ≥ 2^(61−shift)); the `+ 1` wraps
 * as int32 too. Exact on JS numbers: with M = mHigh·2^16 + mLow, x·M = A·2^16 + B (A = x·mHigh, B = x·mLow,
 * |A| < 2^47, |B| < 2^47), and nested floors of divisions by powers of two compose.
 */
export function multiplyByQuantizedMultiplierSingleRounding(x: number, multiplier: number, shift: number): number {
  const k = 30 - shift // r = floor(x·M / 2^k), 0 ≤ k ≤ 61
  const mHigh = Math.floor(multiplier / 65536)
  const mLow = multiplier - mHigh * 65536
  const a = x * mHigh
  const b = x * mLow
  let r: number
  if (k >= 16) {
    // floor((A·2^16 + B) / 2^k) = floor((A + floor(B / 2^16)) / 2^(k − 16)); |A + ⌊B/2^16⌋| < 2^48, exact.
    r = Math.floor((a + Math.floor(b / 65536)) / 2 ** (k - 16)) | 0
  } else {
    // floor(x·M / 2^k) = A·2^(16 − k) + floor(B / 2^k), needed modulo 2^32 only (the int32 cast).
    r = (Math.imul(a | 0, 1 << (16 - k)) + Math.floor(b / 2 ** k)) | 0
  }
  return ((r + 1) | 0) >> 1
}

/**
 * QuantizeMultiplier(real) → { multiplier, shift } with real ≈ multiplier · 2^(shift − 31), multiplier in
 * [2^30, 2^31) (or 0). Mirrors TFLite: frexp, round half away from zero, renormalise when the mantissa rounds
 * up to 2^31, and flush to zero below 2^-31.
 */
export function quantizeMultiplier(real: number): { multiplier: number; shift: number } {
  if (!Number.isFinite(real)) throw new RangeError(`quantizeMultiplier: ${real} is not finite`)
  if (real === 0) return { multiplier: 0, shift: 0 }
  const { mantissa, exponent: e } = frexp(real)
  let exponent = e
  let q = roundHalfAwayFromZero(mantissa * TWO_POW_31)
  if (Math.abs(q) === TWO_POW_31) {
    q /= 2
    exponent += 1
  }
  if (exponent < -31) return { multiplier: 0, shift: 0 }
  if (exponent > 30) {
    exponent = 30
    q = q > 0 ? INT32_MAX : INT32_MIN
  }
  return { multiplier: q, shift: exponent }
}

/** C's frexp: real = mantissa · 2^exponent with 0.5 ≤ |mantissa| < 1. */
export function frexp(real: number): { mantissa: number; exponent: number } {
  if (real === 0 || !Number.isFinite(real)) return { mantissa: real, exponent: 0 }
  let exponent = Math.max(-1073, Math.floor(Math.log2(Math.abs(real))) + 1)
  let mantissa = real * Math.pow(2, -exponent)
  // log2 can be off by one near powers of two; normalise exactly (multiplying by 2 is exact).
  while (Math.abs(mantissa) < 0.5) { mantissa *= 2; exponent -= 1 }
  while (Math.abs(mantissa) >= 1) { mantissa /= 2; exponent += 1 }
  return { mantissa, exponent }
}

/** std::round: halves away from zero. */
export function roundHalfAwayFromZero(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x)
}

/** Saturate to the int8 range [-128, 127]. */
export function saturateInt8(x: number): number {
  return x < -128 ? -128 : x > 127 ? 127 : x
}

/**
 * Power-of-two scheme (legacy CMSIS-NN q7 kernels): arithmetic right shift by `shift` with round-half-up,
 * i.e. (x + 2^(shift−1)) >> shift, as NN_ROUND(shift) added to the accumulator; a negative shift is a left
 * shift (wrapping like C int32). shift = 0 returns x.
 */
export function roundingRightShift(x: number, shift: number): number {
  if (shift === 0) return x
  if (shift < 0) return Math.imul(x, 1 << -shift)
  if (shift > 31) throw new RangeError(`roundingRightShift: shift ${shift} outside [-31, 31]`)
  return ((x + 2 ** (shift - 1)) | 0) >> shift
}

// --- BigInt references: slow, obviously exact; used by the tests to check the fast paths. ---

export function saturatingRoundingDoublingHighMulRef(a: number, b: number): number {
  if (a === INT32_MIN && b === INT32_MIN) return INT32_MAX
  const ab = BigInt(a) * BigInt(b)
  const nudge = ab >= 0n ? 1n << 30n : 1n - (1n << 30n)
  return Number((ab + nudge) / (1n << 31n)) // BigInt division truncates toward zero, like C
}

export function roundingDivideByPOTRef(x: number, exponent: number): number {
  const mask = (1n << BigInt(exponent)) - 1n
  const bx = BigInt(x)
  const remainder = bx & mask
  const threshold = (mask >> 1n) + (bx < 0n ? 1n : 0n)
  return Number((bx >> BigInt(exponent)) + (remainder > threshold ? 1n : 0n))
}
