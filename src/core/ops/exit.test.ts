/** Exit: the hand-computed decisions of both rules, the threshold range and the shape rule. */
import { describe, expect, it } from 'vitest'
import { OpError, checkAttrs, withDefaults } from './op-def.ts'
import type { ExitOpData } from './exit.ts'
import { EXIT_NEVER, exit, exitConfidence, exitConfident, exitMargin } from './exit.ts'

const q = (scale: number, zeroPoint = 0) => ({ scale: [scale], zeroPoint: [zeroPoint] })
const prep = (scheme: 's8' | 'pow2', attrs: Record<string, unknown>, n: number, quant = q(0.25)): ExitOpData => {
  const info = { shape: [1, n], dtype: 'int8' as const, quant }
  return exit.prepare!({ scheme, attrs: withDefaults(exit.attrs, attrs as never), inputs: [info], output: info, weights: {} })
}

describe('Exit', () => {
  it('computes the margin on raw int8 values (ties give 0)', () => {
    expect(exitMargin(Int8Array.from([3, 90, -5, 64]))).toBe(26)
    expect(exitMargin(Int8Array.from([127, 127, 0]))).toBe(0)
    expect(exitMargin(Int8Array.from([127, -128]))).toBe(255)
    const d = prep('s8', { rule: 'margin', threshold: 26 }, 4)
    expect(exitConfident(d, Int8Array.from([3, 90, -5, 64]))).toBe(true)
    expect(exitConfident({ ...d, threshold: 27 }, Int8Array.from([3, 90, -5, 64]))).toBe(false)
    expect(exitConfident({ ...d, threshold: EXIT_NEVER }, Int8Array.from([127, -128, -128, -128]))).toBe(false)
  })

  it('takes the int8 softmax maximum in 1/256 units (s8: y + 128; pow2: 2·y)', () => {
    // s8, scale 0.25: logits 40 and 0 differ by 10 in real terms → p(max) = 1/(1 + e^-10 + 2·e^-50) ≈ 0.99995 → 255.
    const d = prep('s8', { rule: 'softmax', threshold: 255 }, 4)
    expect(exitConfidence(d, Int8Array.from([40, 0, -128, -128]))).toBe(255)
    // Two equal logits: p = 0.5 → y = 0 → 128 (ones far below diff_min count as 0).
    expect(exitConfidence(d, Int8Array.from([50, 50, -128, -128]))).toBe(128)
    // pow2, arm_softmax_q7 (base 2 on raw values): [8, 0, 0, 0]: base 0, sum 2^7 + 3 = 131, 2^20/131 = 8004 >> 5 = 250 →
    // saturates at 127 → 254; four equal values: sum 4·2^7 = 512, 2^20/512 = 2048 >> 5 = 64 → 128.
    const p = prep('pow2', { rule: 'softmax', threshold: 200 }, 4, q(0.125))
    expect(exitConfidence(p, Int8Array.from([8, 0, 0, 0]))).toBe(254)
    expect(exitConfidence(p, Int8Array.from([0, 0, 0, 0]))).toBe(128)
  })

  it('validates the threshold (0..256) and the logits shape (1×N, N ≥ 2), one sentence each', () => {
    expect(checkAttrs(exit.attrs, withDefaults(exit.attrs, { threshold: 257 }))).toEqual(['Threshold must be at most 256'])
    expect(checkAttrs(exit.attrs, withDefaults(exit.attrs, { threshold: 1.5 }))).toEqual(['Threshold must be a whole number'])
    expect(() => exit.inferShape(withDefaults(exit.attrs, {}), [{ shape: [1, 4, 4, 8], dtype: 'int8' }]))
      .toThrow(new OpError("Exit takes a classifier's logits (1×N, N ≥ 2), got 1×4×4×8; end the branch with a head (pool → FullyConnected) first"))
    expect(() => exit.inferShape(withDefaults(exit.attrs, {}), [{ shape: [1, 1], dtype: 'int8' }])).toThrow(/N ≥ 2/)
    expect(exit.inferShape(withDefaults(exit.attrs, {}), [{ shape: [1, 10], dtype: 'int8' }])).toEqual([1, 10])
    expect(() => prep('s8', { rule: 'softmax' }, 4, q(1e-9))).toThrow(/too small for the int8 softmax rule .*; use the margin rule$/)
  })
})
