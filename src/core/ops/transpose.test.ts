import { describe, expect, it } from 'vitest'
import { checkAttrs, withDefaults } from './op-def.ts'
import { evalOp, inferOp, macsOf, erased } from '../testing/op-test-utils.ts'
import { transpose as transposeDef, transposeOffsets } from './transpose.ts'
const transpose = erased(transposeDef)

describe('Transpose', () => {
  it('defaults to swapping the last two axes of a sequence', () => {
    const attrs = withDefaults(transpose.attrs, {})
    expect(attrs).toEqual({ perm: [0, 2, 1] })
    expect(checkAttrs(transpose.attrs, attrs)).toEqual([])
    expect(transpose.validate({ perm: [0, 1, 2] }, [])).toEqual(['Transpose permutation changes nothing; remove the Transpose'])
  })

  it('permutes the shape and refuses bad permutations', () => {
    expect(inferOp(transpose, { perm: [0, 3, 1, 2] }, [1, 12, 12, 4])).toEqual([1, 4, 12, 12])
    expect(() => inferOp(transpose, { perm: [0, 2, 1] }, [1, 2, 3, 4])).toThrow('one permutation entry per axis')
    expect(() => inferOp(transpose, { perm: [0, 1, 1] }, [1, 2, 3])).toThrow('must list each axis 0..2 once')
    expect(() => inferOp(transpose, { perm: [1, 0, 2] }, [1, 2, 3])).toThrow('keep the batch axis first')
    expect(macsOf(transpose, {}, [1, 2, 3])).toBe(0)
  })

  it('moves every value to its permuted place', () => {
    // [[0, 1, 2], [3, 4, 5]]ᵀ = [[0, 3], [1, 4], [2, 5]]
    expect(evalOp(transpose, {}, [{ shape: [1, 2, 3], data: [0, 1, 2, 3, 4, 5] }])).toEqual({ shape: [1, 3, 2], data: [0, 3, 1, 4, 2, 5] })
    // NHWC [1, 1, 2, 2] → NCHW: channel planes first
    expect(evalOp(transpose, { perm: [0, 3, 1, 2] }, [{ shape: [1, 1, 2, 2], data: [1, 2, 3, 4] }]).data).toEqual([1, 3, 2, 4])
    expect(Array.from(transposeOffsets([1, 2, 3], [0, 2, 1]))).toEqual([0, 2, 4, 1, 3, 5])
  })
})
