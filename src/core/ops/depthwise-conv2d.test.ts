import { describe, expect, it } from 'vitest'
import { checkAttrs, withDefaults } from './op-def.ts'
import { evalOp, inferOp, infos, macsOf, erased } from '../testing/op-test-utils.ts'
import { depthwiseConv2d as depthwiseConv2dDef } from './depthwise-conv2d.ts'
const depthwiseConv2d = erased(depthwiseConv2dDef)

describe('DepthwiseConv2D', () => {
  it('has the documented defaults', () => {
    const attrs = withDefaults(depthwiseConv2d.attrs, {})
    expect(attrs).toEqual({ depthMultiplier: 1, kernelH: 3, kernelW: 3, strideH: 1, strideW: 1, dilationH: 1,
      dilationW: 1, padding: 'same', useBias: true, activation: 'relu' })
    expect(checkAttrs(depthwiseConv2d.attrs, attrs)).toEqual([])
    expect(depthwiseConv2d.inputCount(attrs)).toBe(1)
  })

  it('owns 1HW(C·M) weights with fan-in kh·kw and a C·M bias', () => {
    const attrs = withDefaults(depthwiseConv2d.attrs, { depthMultiplier: 2 })
    expect(depthwiseConv2d.weightSpecs(attrs, infos([1, 25, 5, 64]))).toEqual([
      { name: 'weights', shape: [1, 3, 3, 128], dtype: 'float32', fanIn: 9, init: 'he-uniform' },
      { name: 'bias', shape: [128], dtype: 'float32', fanIn: 9, init: 'zeros' },
    ])
  })

  it('infers shapes and explains misfits', () => {
    expect(inferOp(depthwiseConv2d, {}, [1, 25, 5, 64])).toEqual([1, 25, 5, 64])
    expect(inferOp(depthwiseConv2d, { depthMultiplier: 3, strideH: 2, strideW: 2 }, [1, 48, 47, 16]))
      .toEqual([1, 24, 24, 48])
    expect(() => inferOp(depthwiseConv2d, {}, [1, 5, 5])).toThrow('DepthwiseConv2D needs a 4-D input (1×H×W×C), got 1×5×5')
    expect(() => inferOp(depthwiseConv2d, { padding: 'valid' }, [1, 2, 8, 4])).toThrow(
      'DepthwiseConv2D: the window height 3 is larger than the input height 2')
  })

  it('counts MACs as Hout·Wout·C·mult·kh·kw (MLPerf Tiny per-layer column)', () => {
    // kws layer 1: 1x25x5x64 → 1x25x5x64, 3×3 → 72000; vww layer 3: 1x48x48x16 → 1x24x24x16 stride 2 → 82944
    expect(macsOf(depthwiseConv2d, {}, [1, 25, 5, 64])).toBe(72000)
    expect(macsOf(depthwiseConv2d, { strideH: 2, strideW: 2 }, [1, 48, 48, 16])).toBe(82944)
    expect(macsOf(depthwiseConv2d, { depthMultiplier: 2 }, [1, 4, 4, 3])).toBe(4 * 4 * 3 * 2 * 9)
  })

  it('multiplier 2: output channel c·2+m reads input channel c', () => {
    // 1×2×2×2 input, pixels (ch0, ch1): (1,10) (2,20) / (3,30) (4,40); 2×2 kernel valid → 1×1×4
    // weights w[ky][kx][oc]: (0,0) 1 0 1 0 | (0,1) 1 0 0 1 | (1,0) 1 1 0 0 | (1,1) 1 −1 0 0
    // oc0 (ch0) 1+2+3+4 = 10; oc1 (ch0) 3−4 = −1; oc2 (ch1) 10; oc3 (ch1) 20; bias (0, 0, 0.5, 0)
    const x = { shape: [1, 2, 2, 2], data: [1, 10, 2, 20, 3, 30, 4, 40] }
    const w = { weights: [1, 0, 1, 0, 1, 0, 0, 1, 1, 1, 0, 0, 1, -1, 0, 0], bias: [0, 0, 0.5, 0] }
    const attrs = { depthMultiplier: 2, kernelH: 2, kernelW: 2, padding: 'valid', activation: 'none' }
    expect(evalOp(depthwiseConv2d, attrs, [x], w)).toEqual({ shape: [1, 1, 1, 4], data: [10, -1, 10.5, 20] })
    expect(evalOp(depthwiseConv2d, { ...attrs, activation: 'relu' }, [x], w).data).toEqual([10, 0, 10.5, 20])
  })

  it('stride 2 same padding and dilation 2 place the window as Conv2D does', () => {
    // 1 2 3 / 4 5 6 / 7 8 9, kernel [[1,2],[3,4]]: stride 2 same → 37 21 23 9 ; dilation 2 valid → 1+6+21+36 = 64
    const x = { shape: [1, 3, 3, 1], data: [1, 2, 3, 4, 5, 6, 7, 8, 9] }
    const base = { kernelH: 2, kernelW: 2, useBias: false, activation: 'none' }
    expect(evalOp(depthwiseConv2d, { ...base, strideH: 2, strideW: 2 }, [x], { weights: [1, 2, 3, 4] }).data)
      .toEqual([37, 21, 23, 9])
    expect(evalOp(depthwiseConv2d, { ...base, padding: 'valid', dilationH: 2, dilationW: 2 }, [x], { weights: [1, 2, 3, 4] }))
      .toEqual({ shape: [1, 1, 1, 1], data: [64] })
  })
})
