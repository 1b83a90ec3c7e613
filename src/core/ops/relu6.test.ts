import { describe, expect, it } from 'vitest'
import { withDefaults } from './op-def.ts'
import { evalOp, inferOp, macsOf } from '../testing/op-test-utils.ts'
import { relu6 } from './relu6.ts'

describe('ReLU6', () => {
  it('has no attributes, one input, and keeps any shape', () => {
    expect(withDefaults(relu6.attrs, {})).toEqual({})
    expect(relu6.inputCount({})).toBe(1)
    expect(inferOp(relu6, {}, [1, 2, 2, 8])).toEqual([1, 2, 2, 8])
  })

  it('counts no MACs', () => {
    expect(macsOf(relu6, {}, [1, 2, 2, 8])).toBe(0)
  })

  it('clamps to [0, 6]', () => {
    expect(evalOp(relu6, {}, [{ shape: [1, 5], data: [-1, 0, 3, 6, 7.5] }]).data).toEqual([0, 0, 3, 6, 6])
  })
})
