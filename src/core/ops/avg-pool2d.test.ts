import { describe, expect, it } from 'vitest'
import { checkAttrs, withDefaults } from './op-def.ts'
import { evalOp, inferOp, macsOf } from '../testing/op-test-utils.ts'
import { avgPool2d } from './avg-pool2d.ts'

const X3 = { shape: [1, 3, 3, 1], data: [1, 2, 3, 4, 5, 6, 7, 8, 9] }

describe('AvgPool2D', () => {
  it('defaults to 2×2 stride 2 valid', () => {
    const attrs = withDefaults(avgPool2d.attrs, {})
    expect(attrs).toEqual({ poolH: 2, poolW: 2, strideH: 2, strideW: 2, padding: 'valid', activation: 'none' })
    expect(checkAttrs(avgPool2d.attrs, attrs)).toEqual([])
  })

  it('infers shapes and explains misfits', () => {
    // kws layer 9: 1x25x5x64 pooled 25×5 → 1x1x1x64
    expect(inferOp(avgPool2d, { poolH: 25, poolW: 5 }, [1, 25, 5, 64])).toEqual([1, 1, 1, 64])
    expect(inferOp(avgPool2d, { padding: 'same', strideH: 1, strideW: 1, poolH: 3, poolW: 3 }, [1, 3, 3, 2]))
      .toEqual([1, 3, 3, 2])
    expect(() => inferOp(avgPool2d, { poolH: 4 }, [1, 3, 3, 1])).toThrow(
      'AvgPool2D: the window height 4 is larger than the input height 3')
  })

  it('counts no MACs', () => {
    expect(macsOf(avgPool2d, { poolH: 25, poolW: 5 }, [1, 25, 5, 64])).toBe(0)
  })

  it('2×2 stride 2 same: edge windows divide by their in-bounds cell count', () => {
    // (0,0) (1+2+4+5)/4 = 3; (0,1) (3+6)/2 = 4.5; (1,0) (7+8)/2 = 7.5; (1,1) 9/1 = 9
    expect(evalOp(avgPool2d, { padding: 'same' }, [X3])).toEqual({ shape: [1, 2, 2, 1], data: [3, 4.5, 7.5, 9] })
  })

  it('3×3 stride 1 same: corners average 4 cells, edges 6, the centre 9', () => {
    // (0,0) 12/4=3 (0,1) 21/6=3.5 (0,2) 16/4=4 (1,0) 27/6=4.5 (1,1) 45/9=5 (1,2) 33/6=5.5
    // (2,0) 24/4=6 (2,1) 39/6=6.5 (2,2) 28/4=7
    const out = evalOp(avgPool2d, { poolH: 3, poolW: 3, strideH: 1, strideW: 1, padding: 'same' }, [X3])
    expect(out.data).toEqual([3, 3.5, 4, 4.5, 5, 5.5, 6, 6.5, 7])
  })

  it('averages each channel separately and clamps with the activation', () => {
    // 2×2×2, ch0 = 1 2 3 4 → 2.5; ch1 = −10 −20 −30 −40 → −25 (relu6 → 0); ch0 with relu6 stays 2.5
    const x = { shape: [1, 2, 2, 2], data: [1, -10, 2, -20, 3, -30, 4, -40] }
    expect(evalOp(avgPool2d, {}, [x]).data).toEqual([2.5, -25])
    expect(evalOp(avgPool2d, { activation: 'relu6' }, [x]).data).toEqual([2.5, 0])
  })
})
