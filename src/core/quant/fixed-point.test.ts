import { describe, expect, it } from 'vitest'
import { mulberry32 } from '../ir/seeded-init.ts'
import {
  INT32_MAX, INT32_MIN, frexp, multiplyByQuantizedMultiplier, multiplyByQuantizedMultiplierSingleRounding, quantizeMultiplier,
  roundingDivideByPOT, roundingDivideByPOTRef, roundingRightShift, saturatingRoundingDoublingHighMul, saturatingRoundingDoublingHighMulRef,
} from './fixed-point.ts'
import { singleRoundingRef } from './rounding-golden.ts'

describe('saturatingRoundingDoublingHighMul', () => {
  it('matches hand-computed values, ties and the saturating case', () => {
    expect(saturatingRoundingDoublingHighMul(INT32_MIN, INT32_MIN)).toBe(INT32_MAX)
    expect(saturatingRoundingDoublingHighMul(INT32_MAX, INT32_MAX)).toBe(2147483646)
    expect(saturatingRoundingDoublingHighMul(INT32_MIN, INT32_MAX)).toBe(-2147483647)
    expect(saturatingRoundingDoublingHighMul(1 << 30, 1 << 30)).toBe(1 << 29)
    // Ties: 3·2^30 / 2^31 = 1.5 → (1.5·2^31 + 2^30) / 2^31 = 2. The negative nudge is 1 − 2^30, so
    // −1.5 → trunc((−1.5·2^31 − 2^30 + 1) / 2^31) = trunc(−2 + 2^−31) = −1: negative ties go toward zero.
    expect(saturatingRoundingDoublingHighMul(3, 1 << 30)).toBe(2)
    expect(saturatingRoundingDoublingHighMul(-3, 1 << 30)).toBe(-1)
    expect(saturatingRoundingDoublingHighMul(1, 1 << 30)).toBe(1) // 0.5 → 1
    expect(saturatingRoundingDoublingHighMul(-1, 1 << 30)).toBe(0) // −0.5 → 0
    expect(saturatingRoundingDoublingHighMul(-1, (1 << 30) + 1)).toBe(-1) // just past −0.5 → −1
    expect(saturatingRoundingDoublingHighMul(0, INT32_MIN)).toBe(0)
  })

  it('agrees with the BigInt reference on 200k random and boundary pairs', () => {
    const next = mulberry32(12345)
    const specials = [0, 1, -1, 2, -2, 32767, -32768, 65535, 65536, -65536, 1 << 30, -(1 << 30), INT32_MAX, INT32_MIN, INT32_MAX - 1, INT32_MIN + 1]
    const rand = () => (next() < 0.1 ? specials[Math.floor(next() * specials.length)] : Math.floor(next() * 4294967296) - 2147483648)
    for (let i = 0; i < 200_000; i++) {
      const a = rand()
      const b = rand()
      const fast = saturatingRoundingDoublingHighMul(a, b)
      if (fast !== saturatingRoundingDoublingHighMulRef(a, b)) {
        expect([a, b, fast]).toEqual([a, b, saturatingRoundingDoublingHighMulRef(a, b)])
      }
    }
  })
})

describe('roundingDivideByPOT', () => {
  it('rounds half away from zero', () => {
    expect(roundingDivideByPOT(5, 1)).toBe(3) // 2.5 → 3
    expect(roundingDivideByPOT(-5, 1)).toBe(-3) // −2.5 → −3
    expect(roundingDivideByPOT(7, 2)).toBe(2) // 1.75 → 2
    expect(roundingDivideByPOT(-7, 2)).toBe(-2)
    expect(roundingDivideByPOT(6, 2)).toBe(2) // 1.5 → 2
    expect(roundingDivideByPOT(-6, 2)).toBe(-2) // −1.5 → −2
    expect(roundingDivideByPOT(-5, 2)).toBe(-1) // −1.25 → −1
    expect(roundingDivideByPOT(INT32_MIN, 31)).toBe(-1)
    expect(roundingDivideByPOT(INT32_MAX, 31)).toBe(1)
    expect(roundingDivideByPOT(123, 0)).toBe(123)
  })

  it('agrees with the BigInt reference for every exponent', () => {
    const next = mulberry32(99)
    for (let e = 0; e <= 31; e++) {
      for (let i = 0; i < 3000; i++) {
        const x = Math.floor(next() * 4294967296) - 2147483648
        expect(roundingDivideByPOT(x, e)).toBe(roundingDivideByPOTRef(x, e))
      }
    }
  })
})

describe('quantizeMultiplier / multiplyByQuantizedMultiplier', () => {
  it('decomposes reals like TFLite', () => {
    expect(quantizeMultiplier(0.5)).toEqual({ multiplier: 1073741824, shift: 0 })
    expect(quantizeMultiplier(1)).toEqual({ multiplier: 1073741824, shift: 1 })
    expect(quantizeMultiplier(0.75)).toEqual({ multiplier: 1610612736, shift: 0 })
    // 1/255 = 0.50196… · 2^−7; round(2^38 / 255) = round(1077952576.25) = 1077952576.
    expect(quantizeMultiplier(1 / 255)).toEqual({ multiplier: 1077952576, shift: -7 })
    // A mantissa that rounds up to 2^31 renormalises.
    expect(quantizeMultiplier(1 - 2 ** -40)).toEqual({ multiplier: 1073741824, shift: 1 })
    expect(quantizeMultiplier(2 ** -40)).toEqual({ multiplier: 0, shift: 0 })
    expect(frexp(8)).toEqual({ mantissa: 0.5, exponent: 4 })
  })

  it('requantizes accumulators with negative shifts, ties and saturation of the left shift', () => {
    const { multiplier, shift } = quantizeMultiplier(0.25) // 2^30 · 2^(−1 − 31 + 31) …
    expect({ multiplier, shift }).toEqual({ multiplier: 1073741824, shift: -1 })
    expect(multiplyByQuantizedMultiplier(10, multiplier, shift)).toBe(3) // 2.5 → 3
    expect(multiplyByQuantizedMultiplier(-10, multiplier, shift)).toBe(-3) // −2.5 → −3
    expect(multiplyByQuantizedMultiplier(100, 1610612736, 2)).toBe(300) // 100 · 0.75 · 4
    expect(multiplyByQuantizedMultiplier(-7, 1073741824, -2)).toBe(-1) // −7 · 0.5 / 4 = −0.875 → −1
    // Left shift wraps as C's x * (1 << shift) on two's complement.
    expect(multiplyByQuantizedMultiplier(1 << 30, 1073741824, 2)).toBe(0)
  })
})

describe('roundingRightShift (pow2 scheme)', () => {
  it('adds 2^(s−1) then shifts arithmetically', () => {
    expect(roundingRightShift(5, 1)).toBe(3)
    expect(roundingRightShift(-5, 1)).toBe(-2) // (−5 + 1) >> 1 = −2: half rounds up, not away from zero
    expect(roundingRightShift(-6, 2)).toBe(-1) // (−6 + 2) >> 2 = −1
    expect(roundingRightShift(7, 0)).toBe(7)
    expect(roundingRightShift(3, -2)).toBe(12)
  })
})

describe('multiplyByQuantizedMultiplierSingleRounding', () => {
  it('is CMSIS-NN single rounding: the worked example and ties toward +∞', () => {
    expect(multiplyByQuantizedMultiplier(7984, 1583594044, -9)).toBe(12)
    expect(multiplyByQuantizedMultiplier(7984, 1583594044, -9, 'single')).toBe(11)
    expect(multiplyByQuantizedMultiplierSingleRounding(7984, 1583594044, -9)).toBe(11)
    expect(multiplyByQuantizedMultiplierSingleRounding(1, 1 << 30, -1)).toBe(0) // 0.25 → 0 (double: 0.5 → 1, then 1/2 → 1)
    expect(multiplyByQuantizedMultiplierSingleRounding(3, 1 << 30, -1)).toBe(1) // 0.75 → 1
    expect(multiplyByQuantizedMultiplierSingleRounding(-3, 1 << 30, 0)).toBe(-1) // −1.5 → −1
    expect(multiplyByQuantizedMultiplierSingleRounding(5, 1 << 30, 0)).toBe(3) // 2.5 → 3
  })

  it('agrees with the BigInt statement (singleRoundingRef) on 200k random and boundary cases, every shift', () => {
    const next = mulberry32(4242)
    const specials = [0, 1, -1, 7984, -7984, 32767, -32768, 65535, 65536, -65536, 1 << 30, -(1 << 30), INT32_MAX, INT32_MIN]
    const rand = () => (next() < 0.1 ? specials[Math.floor(next() * specials.length)] : Math.floor(next() * 4294967296) - 2147483648)
    for (let i = 0; i < 200_000; i++) {
      const x = next() < 0.5 ? rand() : Math.floor(next() * 2 ** 24) - 2 ** 23
      const m = next() < 0.1 ? INT32_MAX : next() < 0.9 ? (1 << 30) + Math.floor(next() * 2 ** 30) : rand()
      const shift = Math.floor(next() * 62) - 31
      const fast = multiplyByQuantizedMultiplierSingleRounding(x, m, shift)
      if (fast !== singleRoundingRef(x, m, shift)) expect([x, m, shift, fast]).toEqual([x, m, shift, singleRoundingRef(x, m, shift)])
    }
  })
})
