import { describe, expect, it } from 'vitest'
import { evalOp, inferOp, macsOf, erased } from '../testing/op-test-utils.ts'
import { maximum as maximumDef } from './maximum.ts'
const maximum = erased(maximumDef)

describe('Maximum', () => {
  it('takes two inputs, broadcasts, counts no MACs, shares the input quantization', () => {
    expect(maximum.inputCount({})).toBe(2)
    expect(inferOp(maximum, {}, [1, 8, 6], [1, 1, 6])).toEqual([1, 8, 6])
    expect(() => inferOp(maximum, {}, [1, 3], [1, 4])).toThrow('Maximum needs inputs of the same shape')
    expect(macsOf(maximum, {}, [1, 3], [1, 3])).toBe(0)
    expect(maximum.outputQuant('s8').kind).toBe('shared')
  })

  it('takes the larger of each pair', () => {
    const a = { shape: [1, 3], data: [1, 5, -2] }
    const b = { shape: [1, 3], data: [3, 0, -1] }
    expect(evalOp(maximum, {}, [a, b])).toEqual({ shape: [1, 3], data: [3, 5, -1] })
    expect(evalOp(maximum, {}, [a, { shape: [1, 1], data: [0] }]).data).toEqual([1, 5, 0])
  })
})
