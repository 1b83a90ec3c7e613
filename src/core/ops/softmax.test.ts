import { describe, expect, it } from 'vitest'
import { checkAttrs, withDefaults } from './op-def.ts'
import { evalOp, inferOp, macsOf, erased } from '../testing/op-test-utils.ts'
import { softmax as softmaxDef } from './softmax.ts'
const softmax = erased(softmaxDef)

function expectClose(actual: number[], expected: number[]): void {
  expect(actual).toHaveLength(expected.length)
  actual.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 7))
}

describe('Softmax', () => {
  it('defaults to beta 1 and needs a positive beta', () => {
    const attrs = withDefaults(softmax.attrs, {})
    expect(attrs).toEqual({ beta: 1 })
    expect(checkAttrs(softmax.attrs, attrs)).toEqual([])
    expect(checkAttrs(softmax.attrs, { beta: 0 })).toEqual(['Beta must be at least 0.001'])
    expect(softmax.inputCount(attrs)).toBe(1)
  })

  it('keeps the shape; needs rank ≥ 2', () => {
    expect(inferOp(softmax, {}, [1, 12])).toEqual([1, 12])
    expect(inferOp(softmax, {}, [1, 2, 3])).toEqual([1, 2, 3])
    expect(() => inferOp(softmax, {}, [10])).toThrow('Softmax needs an input of rank 2 or more (1×N), got 10')
  })

  it('counts no MACs', () => {
    expect(macsOf(softmax, {}, [1, 12])).toBe(0)
  })

  it('softmax of (1, 2, 3)', () => {
    // (e^−2, e^−1, 1) / (e^−2 + e^−1 + 1) = (0.13533528, 0.36787944, 1) / 1.50321472
    expectClose(evalOp(softmax, {}, [{ shape: [1, 3], data: [1, 2, 3] }]).data,
      [0.0900305732, 0.2447284711, 0.6652409558])
  })

  it('beta scales the logits', () => {
    // beta 2 → softmax(2, 4, 6) = (e^−4, e^−2, 1) / 1.15365092 = (0.01587624, 0.11731043, 0.86681333)
    expectClose(evalOp(softmax, { beta: 2 }, [{ shape: [1, 3], data: [1, 2, 3] }]).data,
      [0.0158762400, 0.1173104278, 0.8668133322])
  })

  it('is stable for large logits and works row by row over the last axis', () => {
    // row 0 (1000, 1000) → (0.5, 0.5); row 1 (2, 3) → (1, e) / (1 + e) = (0.26894142, 0.73105858)
    const out = evalOp(softmax, {}, [{ shape: [1, 2, 2], data: [1000, 1000, 2, 3] }])
    expectClose(out.data, [0.5, 0.5, 0.2689414214, 0.7310585786])
  })
})
