import { describe, expect, it } from 'vitest'
import { checkAttrs, withDefaults } from './op-def.ts'
import { evalOp, inferOp, macsOf, erased } from '../testing/op-test-utils.ts'
import { reshape as reshapeDef } from './reshape.ts'
const reshape = erased(reshapeDef)

describe('Reshape', () => {
  it('defaults to [-1] (flatten) with one input', () => {
    const attrs = withDefaults(reshape.attrs, {})
    expect(attrs).toEqual({ shape: [-1] })
    expect(checkAttrs(reshape.attrs, attrs)).toEqual([])
    expect(reshape.inputCount(attrs)).toBe(1)
    expect(checkAttrs(reshape.attrs, { shape: [] })).toEqual(['Shape needs at least 1 values'])
  })

  it('infers the new shape, filling one −1', () => {
    expect(inferOp(reshape, {}, [1, 1, 1, 64])).toEqual([1, 64]) // kws layer 10
    expect(inferOp(reshape, { shape: [8, 4] }, [1, 4, 4, 2])).toEqual([1, 8, 4])
    expect(inferOp(reshape, { shape: [2, -1, 4] }, [1, 4, 4, 2])).toEqual([1, 2, 4, 4])
  })

  it('explains shapes it cannot produce', () => {
    expect(() => inferOp(reshape, { shape: [5, 5] }, [1, 4, 4, 2])).toThrow(
      'Reshape cannot turn 1×4×4×2 (32 values) into 1×5×5 (25 values)')
    expect(() => inferOp(reshape, { shape: [-1, -1] }, [1, 32])).toThrow('Reshape shape may contain at most one −1')
    expect(() => inferOp(reshape, { shape: [3, -1] }, [1, 32])).toThrow(
      'Reshape cannot infer −1: 1×32 has 32 values, not a multiple of 3')
    expect(() => inferOp(reshape, { shape: [0, 32] }, [1, 32])).toThrow('Reshape sizes must be positive')
  })

  it('counts no MACs and keeps the values in order', () => {
    expect(macsOf(reshape, {}, [1, 2, 2, 1])).toBe(0)
    expect(evalOp(reshape, { shape: [2, 2] }, [{ shape: [1, 4], data: [1, 2, 3, 4] }]))
      .toEqual({ shape: [1, 2, 2], data: [1, 2, 3, 4] })
  })
})
