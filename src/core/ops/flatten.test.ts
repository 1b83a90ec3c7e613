import { describe, expect, it } from 'vitest'
import { withDefaults } from './op-def.ts'
import { evalOp, inferOp, macsOf } from '../testing/op-test-utils.ts'
import { flatten } from './flatten.ts'

describe('Flatten', () => {
  it('has no attributes and one input', () => {
    expect(withDefaults(flatten.attrs, {})).toEqual({})
    expect(flatten.inputCount({})).toBe(1)
  })

  it('maps 1×d₁×…×dₙ to 1×(d₁·…·dₙ) and needs batch 1', () => {
    expect(inferOp(flatten, {}, [1, 2, 3, 4])).toEqual([1, 24])
    expect(inferOp(flatten, {}, [1, 7])).toEqual([1, 7])
    expect(() => inferOp(flatten, {}, [3, 4])).toThrow('Flatten needs an input of batch 1 (1×…), got 3×4')
  })

  it('counts no MACs and keeps NHWC order', () => {
    expect(macsOf(flatten, {}, [1, 2, 2, 2])).toBe(0)
    const out = evalOp(flatten, {}, [{ shape: [1, 1, 2, 2], data: [1, 2, 3, 4] }])
    expect(out).toEqual({ shape: [1, 4], data: [1, 2, 3, 4] })
  })
})
