import { describe, expect, it } from 'vitest'
import { checkAttrs, withDefaults } from './op-def.ts'
import { evalOp, inferOp, macsOf, erased } from '../testing/op-test-utils.ts'
import { add as addDef } from './add.ts'
const add = erased(addDef)

describe('Add', () => {
  it('defaults to no activation and takes two inputs', () => {
    const attrs = withDefaults(add.attrs, {})
    expect(attrs).toEqual({ activation: 'none' })
    expect(checkAttrs(add.attrs, attrs)).toEqual([])
    expect(checkAttrs(add.attrs, { activation: 'tanh' })).toEqual(['Activation must be one of none, relu, relu6'])
    expect(add.inputCount(attrs)).toBe(2)
  })

  it('keeps the shared shape and refuses mismatched shapes', () => {
    expect(inferOp(add, {}, [1, 16, 16, 32], [1, 16, 16, 32])).toEqual([1, 16, 16, 32])
    expect(() => inferOp(add, {}, [1, 4, 4, 8], [1, 4, 4, 16])).toThrow(
      'Add needs two inputs of the same shape; got 1×4×4×8 and 1×4×4×16')
    expect(() => inferOp(add, {}, [1, 8], [1, 1, 1, 8])).toThrow('got 1×8 and 1×1×1×8')
  })

  it('counts no MACs', () => {
    expect(macsOf(add, {}, [1, 32, 32, 16], [1, 32, 32, 16])).toBe(0)
  })

  it('adds element-wise, then applies the activation', () => {
    // (1, −2, 3, −4) + 0.5 → (1.5, −1.5, 3.5, −3.5); relu → (1.5, 0, 3.5, 0)
    const a = { shape: [1, 2, 2, 1], data: [1, -2, 3, -4] }
    const b = { shape: [1, 2, 2, 1], data: [0.5, 0.5, 0.5, 0.5] }
    expect(evalOp(add, {}, [a, b])).toEqual({ shape: [1, 2, 2, 1], data: [1.5, -1.5, 3.5, -3.5] })
    expect(evalOp(add, { activation: 'relu' }, [a, b]).data).toEqual([1.5, 0, 3.5, 0])
  })
})
