import { describe, expect, it } from 'vitest'
import { checkAttrs, withDefaults } from './op-def.ts'
import { evalOp, inferOp, macsOf, erased } from '../testing/op-test-utils.ts'
import { input as inputDef } from './input.ts'
const input = erased(inputDef)

describe('Input', () => {
  it('defaults to a 28×28×1 image, mean 0, scale 1/128, with no data inputs', () => {
    const attrs = withDefaults(input.attrs, {})
    expect(attrs).toEqual({ shape: [28, 28, 1], mean: [0], scale: 1 / 128 })
    expect(checkAttrs(input.attrs, attrs)).toEqual([])
    expect(input.inputCount(attrs)).toBe(0)
    expect(input.weightSpecs(attrs, [])).toEqual([])
  })

  it('prepends the batch to its shape', () => {
    expect(inferOp(input, {})).toEqual([1, 28, 28, 1])
    expect(inferOp(input, { shape: [640] })).toEqual([1, 640])
    expect(inferOp(input, { shape: [49, 10, 1] })).toEqual([1, 49, 10, 1])
  })

  it('takes a sequence [T, F], rejects a shape of 4 values and a mean that fits neither 1 nor C values', () => {
    expect(inferOp(input, { shape: [49, 10] })).toEqual([1, 49, 10])
    expect(() => inferOp(input, { shape: [2, 28, 28, 1] })).toThrow(
      'Input shape needs 1 value (features), 2 values (frames, features) or 3 values (height, width, channels); got 4')
    expect(input.validate(withDefaults(input.attrs, { shape: [4, 4, 3], mean: [1, 2] }), []))
      .toEqual(['Mean needs 1 value or one per channel (3); got 2'])
    expect(input.validate(withDefaults(input.attrs, { shape: [4, 4, 3], mean: [1, 2, 3] }), [])).toEqual([])
    expect(checkAttrs(input.attrs, withDefaults(input.attrs, { scale: 0 }))).toEqual(['Scale must be at least 0.000001'])
  })

  it('counts no MACs', () => {
    expect(macsOf(input, {})).toBe(0)
  })

  it('subtracts the mean per channel, then scales', () => {
    // shape [1,2,2] → [1,1,2,2]; pixels (12,24) and (10,30); mean (10,20); scale 0.5
    // → ((12−10)·0.5, (24−20)·0.5, (10−10)·0.5, (30−20)·0.5) = (1, 2, 0, 5)
    const out = evalOp(input, { shape: [1, 2, 2], mean: [10, 20], scale: 0.5 },
      [{ shape: [1, 1, 2, 2], data: [12, 24, 10, 30] }])
    expect(out).toEqual({ shape: [1, 1, 2, 2], data: [1, 2, 0, 5] })
  })

  it('applies a single mean to every value', () => {
    // (0 − 128)/128 = −1, (128 − 128)/128 = 0, (255 − 128)/128 = 0.9921875
    const out = evalOp(input, { shape: [3], mean: [128] }, [{ shape: [1, 3], data: [0, 128, 255] }])
    expect(out.data).toEqual([-1, 0, 0.9921875])
  })
})
