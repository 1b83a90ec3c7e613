import { describe, expect, it } from 'vitest'
import { checkAttrs, withDefaults } from './op-def.ts'
import { evalOp, inferOp, macsOf, erased } from '../testing/op-test-utils.ts'
import { concat as concatDef } from './concat.ts'
const concat = erased(concatDef)

describe('Concat', () => {
  it('defaults to 2 inputs, allows 2..8', () => {
    const attrs = withDefaults(concat.attrs, {})
    expect(attrs).toEqual({ inputs: 2 })
    expect(concat.inputCount(attrs)).toBe(2)
    expect(concat.inputCount({ inputs: 5 })).toBe(5)
    expect(checkAttrs(concat.attrs, { inputs: 9 })).toEqual(['Inputs must be at most 8'])
    expect(checkAttrs(concat.attrs, { inputs: 1 })).toEqual(['Inputs must be at least 2'])
  })

  it('sums the channels; all other dims must match', () => {
    expect(inferOp(concat, {}, [1, 4, 4, 3], [1, 4, 4, 5])).toEqual([1, 4, 4, 8])
    expect(inferOp(concat, { inputs: 3 }, [1, 2], [1, 3], [1, 1])).toEqual([1, 6])
    expect(() => inferOp(concat, {}, [1, 2, 2, 1], [1, 2, 3, 1])).toThrow(
      'Concat joins along the last axis, so all other dimensions must match; input 1 is 1×2×2×1 but input 2 is 1×2×3×1')
    expect(() => inferOp(concat, {}, [1, 4], [1, 1, 1, 4])).toThrow('input 1 is 1×4 but input 2 is 1×1×1×4')
  })

  it('counts no MACs', () => {
    expect(macsOf(concat, {}, [1, 4, 4, 3], [1, 4, 4, 5])).toBe(0)
  })

  it('interleaves each position’s channels in port order', () => {
    // positions p0, p1: a = (1) (2); b = (10, 11) (20, 21) → (1, 10, 11) (2, 20, 21)
    const a = { shape: [1, 1, 2, 1], data: [1, 2] }
    const b = { shape: [1, 1, 2, 2], data: [10, 11, 20, 21] }
    expect(evalOp(concat, {}, [a, b])).toEqual({ shape: [1, 1, 2, 3], data: [1, 10, 11, 2, 20, 21] })
  })

  it('joins three flat vectors', () => {
    const out = evalOp(concat, { inputs: 3 }, [
      { shape: [1, 2], data: [1, 2] }, { shape: [1, 3], data: [3, 4, 5] }, { shape: [1, 1], data: [6] }])
    expect(out).toEqual({ shape: [1, 6], data: [1, 2, 3, 4, 5, 6] })
  })
})
