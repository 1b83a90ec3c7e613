import { describe, expect, it } from 'vitest'
import { withDefaults } from './op-def.ts'
import { evalOp, inferOp, macsOf } from '../testing/op-test-utils.ts'
import { relu } from './relu.ts'

describe('ReLU', () => {
  it('has no attributes, one input, and keeps any shape', () => {
    expect(withDefaults(relu.attrs, {})).toEqual({})
    expect(relu.inputCount({})).toBe(1)
    expect(inferOp(relu, {}, [1, 4, 4, 3])).toEqual([1, 4, 4, 3])
    expect(inferOp(relu, {}, [1, 10])).toEqual([1, 10])
  })

  it('counts no MACs', () => {
    expect(macsOf(relu, {}, [1, 4, 4, 3])).toBe(0)
  })

  it('zeroes negatives only', () => {
    expect(evalOp(relu, {}, [{ shape: [1, 4], data: [-1, 0, 2.5, 7] }]).data).toEqual([0, 0, 2.5, 7])
  })
})
