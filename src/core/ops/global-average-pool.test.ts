import { describe, expect, it } from 'vitest'
import { withDefaults } from './op-def.ts'
import { evalOp, inferOp, macsOf } from '../testing/op-test-utils.ts'
import { globalAveragePool } from './global-average-pool.ts'

describe('GlobalAveragePool', () => {
  it('has no attributes and one input', () => {
    expect(withDefaults(globalAveragePool.attrs, {})).toEqual({})
    expect(globalAveragePool.inputCount({})).toBe(1)
  })

  it('maps 1×H×W×C to 1×1×1×C and needs a 4-D input', () => {
    expect(inferOp(globalAveragePool, {}, [1, 8, 8, 64])).toEqual([1, 1, 1, 64])
    expect(() => inferOp(globalAveragePool, {}, [1, 64])).toThrow('GlobalAveragePool needs a 4-D input (1×H×W×C), got 1×64')
    expect(() => inferOp(globalAveragePool, {}, [2, 4, 4, 3])).toThrow('GlobalAveragePool supports batch 1 only, got batch 2')
  })

  it('counts no MACs', () => {
    expect(macsOf(globalAveragePool, {}, [1, 8, 8, 64])).toBe(0)
  })

  it('averages every channel over all positions', () => {
    // ch0: 1 2 3 4 → 2.5; ch1: 10 20 30 40 → 25
    const out = evalOp(globalAveragePool, {}, [{ shape: [1, 2, 2, 2], data: [1, 10, 2, 20, 3, 30, 4, 40] }])
    expect(out).toEqual({ shape: [1, 1, 1, 2], data: [2.5, 25] })
  })
})
