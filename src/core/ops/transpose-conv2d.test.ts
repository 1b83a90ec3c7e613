import { describe, expect, it } from 'vitest'
import { checkAttrs, withDefaults } from './op-def.ts'
import { evalOp, inferOp, infos, macsOf, erased } from '../testing/op-test-utils.ts'
import { transposeConv2d as transposeConv2dDef } from './transpose-conv2d.ts'
const tconv = erased(transposeConv2dDef)

const ones = { filters: 1, kernelH: 2, kernelW: 2, strideH: 2, strideW: 2, useBias: false, activation: 'none' }

describe('TransposeConv2D', () => {
  it('has the documented defaults and OHWI weights', () => {
    const attrs = withDefaults(tconv.attrs, {})
    expect(attrs).toEqual({ filters: 8, kernelH: 3, kernelW: 3, strideH: 2, strideW: 2, padding: 'same', useBias: true, activation: 'relu' })
    expect(checkAttrs(tconv.attrs, attrs)).toEqual([])
    expect(tconv.weightSpecs(attrs, infos([1, 6, 6, 2])).map((s) => [s.name, s.shape])).toEqual([['weights', [8, 3, 3, 2]], ['bias', [8]]])
  })

  it('upsamples: same → H·s, valid → (H − 1)·s + k; MACs H·W·Cin·kh·kw·filters', () => {
    expect(inferOp(tconv, {}, [1, 6, 6, 2])).toEqual([1, 12, 12, 8])
    expect(inferOp(tconv, { padding: 'valid' }, [1, 6, 6, 2])).toEqual([1, 13, 13, 8])
    expect(macsOf(tconv, ones, [1, 2, 2, 1])).toBe(16)
    expect(() => inferOp(tconv, {}, [1, 6])).toThrow()
  })

  it('scatters each input cell over its window', () => {
    // 2×2 input, all-ones 2×2 kernel, stride 2: each value fills its own 2×2 block
    const x = { shape: [1, 2, 2, 1], data: [1, 2, 3, 4] }
    const w = { weights: [1, 1, 1, 1] }
    const blocks = [1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4]
    expect(evalOp(tconv, { ...ones, padding: 'valid' }, [x], w)).toEqual({ shape: [1, 4, 4, 1], data: blocks })
    expect(evalOp(tconv, { ...ones, padding: 'same' }, [x], w).data).toEqual(blocks)
    // stride 1, 3×3 'same' on one cell: pad 1, so the output is the kernel centre times x
    const k3 = { ...ones, kernelH: 3, kernelW: 3, strideH: 1, strideW: 1, padding: 'same', useBias: true, activation: 'relu' }
    expect(evalOp(tconv, k3, [{ shape: [1, 1, 1, 1], data: [2] }], { weights: [1, 2, 3, 4, 5, 6, 7, 8, 9], bias: [0.5] }).data).toEqual([10.5])
    expect(evalOp(tconv, k3, [{ shape: [1, 1, 1, 1], data: [-2] }], { weights: [1, 2, 3, 4, 5, 6, 7, 8, 9], bias: [0.5] }).data).toEqual([0])
    // overlapping windows add up: 1-D along W, x = (1, 2), kernel (1, 10, 100), stride 1 valid → (1, 12, 120, 200)
    const row = { ...ones, kernelH: 1, kernelW: 3, strideH: 1, strideW: 1, padding: 'valid' }
    expect(evalOp(tconv, row, [{ shape: [1, 1, 2, 1], data: [1, 2] }], { weights: [1, 10, 100] }).data).toEqual([1, 12, 120, 200])
  })
})
