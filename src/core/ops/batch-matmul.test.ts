import { describe, expect, it } from 'vitest'
import { checkAttrs, withDefaults } from './op-def.ts'
import { evalOp, inferOp, macsOf, erased } from '../testing/op-test-utils.ts'
import { batchMatMul as batchMatMulDef } from './batch-matmul.ts'
const batchMatMul = erased(batchMatMulDef)

describe('BatchMatMul', () => {
  it('takes two computed operands, s8 only', () => {
    const attrs = withDefaults(batchMatMul.attrs, {})
    expect(attrs).toEqual({ transposeB: false })
    expect(checkAttrs(batchMatMul.attrs, attrs)).toEqual([])
    expect(batchMatMul.inputCount(attrs)).toBe(2)
    expect(batchMatMul.schemes).toEqual(['s8'])
  })

  it('infers [1, M, N] / [1, B, M, N], broadcasting batches, and counts B·M·N·K MACs', () => {
    expect(inferOp(batchMatMul, {}, [1, 2, 3], [1, 3, 5])).toEqual([1, 2, 5])
    expect(inferOp(batchMatMul, { transposeB: true }, [1, 2, 3], [1, 5, 3])).toEqual([1, 2, 5])
    expect(inferOp(batchMatMul, {}, [1, 4, 2, 3], [1, 1, 3, 5])).toEqual([1, 4, 2, 5])
    expect(macsOf(batchMatMul, {}, [1, 4, 2, 3], [1, 1, 3, 5])).toBe(4 * 2 * 5 * 3)
    expect(() => inferOp(batchMatMul, {}, [1, 2, 3], [1, 4, 5])).toThrow('a has 3 columns but b has 4 rows')
    expect(() => inferOp(batchMatMul, {}, [1, 3, 2, 3], [1, 2, 3, 5])).toThrow('batch axes must be equal or 1')
    expect(() => inferOp(batchMatMul, {}, [1, 6], [1, 6])).toThrow('rank 3')
  })

  it('multiplies matrices per batch, reading b transposed when asked', () => {
    // [[1, 2, 3], [4, 5, 6]] · [[1, 0], [0, 1], [1, 1]] = [[4, 5], [10, 11]]
    const a = { shape: [1, 2, 3], data: [1, 2, 3, 4, 5, 6] }
    expect(evalOp(batchMatMul, {}, [a, { shape: [1, 3, 2], data: [1, 0, 0, 1, 1, 1] }]).data).toEqual([4, 5, 10, 11])
    expect(evalOp(batchMatMul, { transposeB: true }, [a, { shape: [1, 2, 3], data: [1, 0, 1, 0, 1, 1] }]).data).toEqual([4, 5, 10, 11])
    // two batches of a against one b (broadcast): [1, 1]·[[2], [3]] = 5, [1, −1]·[[2], [3]] = −1
    expect(evalOp(batchMatMul, {}, [{ shape: [1, 2, 1, 2], data: [1, 1, 1, -1] }, { shape: [1, 1, 2, 1], data: [2, 3] }]).data).toEqual([5, -1])
  })
})
