import { describe, expect, it } from 'vitest'
import { checkAttrs, withDefaults } from './op-def.ts'
import { evalOp, inferOp, macsOf, erased } from '../testing/op-test-utils.ts'
import { multQ7, mul as mulDef } from './mul.ts'
const mul = erased(mulDef)

describe('Mul', () => {
  it('defaults to no activation, takes two inputs, both schemes', () => {
    const attrs = withDefaults(mul.attrs, {})
    expect(attrs).toEqual({ activation: 'none' })
    expect(checkAttrs(mul.attrs, attrs)).toEqual([])
    expect(mul.inputCount(attrs)).toBe(2)
    expect(mul.schemes).toEqual(['s8', 'pow2'])
  })

  it('broadcasts size-1 axes (aligned at the last axis) and refuses the rest', () => {
    expect(inferOp(mul, {}, [1, 4, 4, 3], [1, 1, 1, 3])).toEqual([1, 4, 4, 3])
    expect(inferOp(mul, {}, [1, 8, 6], [1, 8, 1])).toEqual([1, 8, 6])
    expect(inferOp(mul, {}, [1, 6], [1, 4, 4, 6])).toEqual([1, 4, 4, 6])
    expect(() => inferOp(mul, {}, [1, 4, 4, 3], [1, 4, 4, 2])).toThrow('got 1×4×4×3 and 1×4×4×2')
    expect(macsOf(mul, {}, [1, 4, 4, 3], [1, 4, 4, 3])).toBe(0)
  })

  it('multiplies element-wise (a gate broadcast over space), then applies the activation', () => {
    // (1, −2, 3, −4) · 0.5 → (0.5, −1, 1.5, −2); relu → (0.5, 0, 1.5, 0)
    const a = { shape: [1, 2, 2, 1], data: [1, -2, 3, -4] }
    const b = { shape: [1, 1, 1, 1], data: [0.5] }
    expect(evalOp(mul, {}, [a, b])).toEqual({ shape: [1, 2, 2, 1], data: [0.5, -1, 1.5, -2] })
    expect(evalOp(mul, { activation: 'relu' }, [a, b]).data).toEqual([0.5, 0, 1.5, 0])
    // per channel: [1, 1, 2, 2] · [1, 1, 1, 2] → columns scaled by (2, −1)
    expect(evalOp(mul, {}, [{ shape: [1, 1, 2, 2], data: [1, 2, 3, 4] }, { shape: [1, 1, 1, 2], data: [2, -1] }]).data).toEqual([2, -2, 6, -4])
  })

  it('arm_nn_mult_q7 rounds the product and wraps it to int16 as the device does', () => {
    expect(multQ7(64, 64, 7)).toBe(32) // 4096 / 128
    expect(multQ7(3, 5, 1)).toBe(8) // (15 + 1) >> 1
    expect(multQ7(-3, 5, 1)).toBe(-7) // (−15 + 1) >> 1
    expect(multQ7(127, 127, 0)).toBe(127) // saturates
    expect(multQ7(-128, -128, 15)).toBe(-1) // 16384 + 16384 = 2^15 wraps to −2^15, >> 15 = −1
  })
})
