import { describe, expect, it } from 'vitest'
import { checkAttrs, withDefaults } from './op-def.ts'
import { evalOp, inferOp, infos, macsOf, erased } from '../testing/op-test-utils.ts'
import { conv2d as conv2dDef } from './conv2d.ts'
const conv2d = erased(conv2dDef)

// Input used below (1×3×3×1):   1 2 3 / 4 5 6 / 7 8 9 ;  2×2 kernel w = [[1, 2], [3, 4]]
const X3 = { shape: [1, 3, 3, 1], data: [1, 2, 3, 4, 5, 6, 7, 8, 9] }
const K2 = [1, 2, 3, 4]
const k2 = { filters: 1, kernelH: 2, kernelW: 2, activation: 'none', useBias: false }

describe('Conv2D', () => {
  it('has the documented defaults', () => {
    const attrs = withDefaults(conv2d.attrs, {})
    expect(attrs).toEqual({ filters: 8, kernelH: 3, kernelW: 3, strideH: 1, strideW: 1, dilationH: 1, dilationW: 1,
      padding: 'same', useBias: true, activation: 'relu' })
    expect(checkAttrs(conv2d.attrs, attrs)).toEqual([])
    expect(conv2d.inputCount(attrs)).toBe(1)
    expect(checkAttrs(conv2d.attrs, { ...attrs, filters: 0, kernelH: 33 })).toEqual(
      ['Filters must be at least 1', 'Kernel height must be at most 32'])
  })

  it('owns OHWI weights (he-uniform, fan-in kh·kw·cin) and a bias unless disabled', () => {
    const attrs = withDefaults(conv2d.attrs, { filters: 64, kernelH: 10, kernelW: 4 })
    expect(conv2d.weightSpecs(attrs, infos([1, 49, 10, 1]))).toEqual([
      { name: 'weights', shape: [64, 10, 4, 1], dtype: 'float32', fanIn: 40, init: 'he-uniform' },
      { name: 'bias', shape: [64], dtype: 'float32', fanIn: 40, init: 'zeros' },
    ])
    expect(conv2d.weightSpecs({ ...attrs, useBias: false }, infos([1, 49, 10, 1])).map((s) => s.name)).toEqual(['weights'])
  })

  it('infers TFLite same/valid output sizes', () => {
    expect(inferOp(conv2d, {}, [1, 28, 28, 1])).toEqual([1, 28, 28, 8])
    expect(inferOp(conv2d, { strideH: 2, strideW: 2 }, [1, 5, 5, 3])).toEqual([1, 3, 3, 8])
    expect(inferOp(conv2d, { padding: 'valid' }, [1, 5, 5, 3])).toEqual([1, 3, 3, 8])
    expect(inferOp(conv2d, { padding: 'valid', dilationH: 2, dilationW: 2 }, [1, 5, 6, 3])).toEqual([1, 1, 2, 8])
  })

  it('explains inputs that do not fit', () => {
    expect(() => inferOp(conv2d, {}, [1, 10])).toThrow('Conv2D needs a 4-D input (1×H×W×C), got 1×10')
    expect(() => inferOp(conv2d, { padding: 'valid', kernelH: 5 }, [1, 3, 8, 1])).toThrow(
      "Conv2D: the window height 5 is larger than the input height 3; use 'same' padding or a smaller window")
    expect(() => inferOp(conv2d, { padding: 'valid', dilationW: 3 }, [1, 8, 6, 1])).toThrow(
      'the window width 3 (7 with dilation 3) is larger than the input width 6')
  })

  it('counts MACs as Hout·Wout·Cout·kh·kw·Cin (MLPerf Tiny per-layer column)', () => {
    // kws_ref_model layer 0: 1x49x10x1 → 1x25x5x64, 64x10x4x1 → 320000
    expect(macsOf(conv2d, { filters: 64, kernelH: 10, kernelW: 4, strideH: 2, strideW: 2 }, [1, 49, 10, 1])).toBe(320000)
    // vww_96 layer 0: 1x96x96x3 → 1x48x48x8, 3×3 stride 2 → 497664
    expect(macsOf(conv2d, { strideH: 2, strideW: 2 }, [1, 96, 96, 3])).toBe(497664)
    // resnet layer 1: 1x32x32x16 → 1x32x32x16, 3×3 → 2359296; layer 6: 1×1 stride 2 to 32 channels → 131072
    expect(macsOf(conv2d, { filters: 16 }, [1, 32, 32, 16])).toBe(2359296)
    expect(macsOf(conv2d, { filters: 32, kernelH: 1, kernelW: 1, strideH: 2, strideW: 2 }, [1, 32, 32, 16])).toBe(131072)
  })

  it('2×2 kernel, stride 2, same padding: the extra border row/column goes bottom/right', () => {
    // out 2×2; pad top/left 0, bottom/right 1; bias 0.5
    // (0,0) 1·1+2·2+4·3+5·4 = 37   (0,1) 3·1+6·3 = 21   (1,0) 7·1+8·2 = 23   (1,1) 9·1 = 9
    const out = evalOp(conv2d, { ...k2, strideH: 2, strideW: 2, useBias: true }, [X3], { weights: K2, bias: [0.5] })
    expect(out).toEqual({ shape: [1, 2, 2, 1], data: [37.5, 21.5, 23.5, 9.5] })
  })

  it('dilation 2, valid padding: taps at the four corners', () => {
    // 1·1 + 3·2 + 7·3 + 9·4 = 64
    const out = evalOp(conv2d, { ...k2, padding: 'valid', dilationH: 2, dilationW: 2 }, [X3], { weights: K2 })
    expect(out).toEqual({ shape: [1, 1, 1, 1], data: [64] })
  })

  it('dilation 2, same padding: border of 1 on each side', () => {
    // taps of out (r,c): w00@(r−1,c−1) w01@(r−1,c+1) w10@(r+1,c−1) w11@(r+1,c+1)
    // (0,0) 5·4=20 (0,1) 4·3+6·4=36 (0,2) 5·3=15 (1,0) 2·2+8·4=36 (1,1) 1+6+21+36=64 (1,2) 2·1+8·3=26
    // (2,0) 5·2=10 (2,1) 4·1+6·2=16 (2,2) 5·1=5
    const out = evalOp(conv2d, { ...k2, dilationH: 2, dilationW: 2 }, [X3], { weights: K2 })
    expect(out).toEqual({ shape: [1, 3, 3, 1], data: [20, 36, 15, 36, 64, 26, 10, 16, 5] })
  })

  it('mixes channels through OHWI weights, adds bias and applies the fused activation', () => {
    // 1×1×2×2 input: pixels (1, 2) and (3, −4); filters f0 = (1, 1), f1 = (2, −1); bias (0, −1)
    // pixel 0: f0 = 3, f1 = 2−2−1 = −1;  pixel 1: f0 = 3−4 = −1, f1 = 6+4−1 = 9
    const x = { shape: [1, 1, 2, 2], data: [1, 2, 3, -4] }
    const w = { weights: [1, 1, 2, -1], bias: [0, -1] }
    const base = { filters: 2, kernelH: 1, kernelW: 1 }
    expect(evalOp(conv2d, { ...base, activation: 'none' }, [x], w).data).toEqual([3, -1, -1, 9])
    expect(evalOp(conv2d, { ...base, activation: 'relu' }, [x], w).data).toEqual([3, 0, 0, 9])
    expect(evalOp(conv2d, { ...base, activation: 'relu6' }, [x], w).data).toEqual([3, 0, 0, 6])
  })
})
