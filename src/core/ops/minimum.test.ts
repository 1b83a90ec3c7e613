import { describe, expect, it } from 'vitest'
import { evalOp, inferOp, erased } from '../testing/op-test-utils.ts'
import { minimum as minimumDef } from './minimum.ts'
const minimum = erased(minimumDef)

describe('Minimum', () => {
  it('takes two inputs and broadcasts', () => {
    expect(minimum.inputCount({})).toBe(2)
    expect(inferOp(minimum, {}, [1, 2, 2, 4], [1, 1, 1, 4])).toEqual([1, 2, 2, 4])
  })

  it('takes the smaller of each pair', () => {
    const a = { shape: [1, 3], data: [1, 5, -2] }
    const b = { shape: [1, 3], data: [3, 0, -1] }
    expect(evalOp(minimum, {}, [a, b])).toEqual({ shape: [1, 3], data: [1, 0, -2] })
    expect(evalOp(minimum, {}, [a, { shape: [1, 1], data: [0] }]).data).toEqual([0, 0, -2])
  })
})
