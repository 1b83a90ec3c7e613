import { describe, expect, it } from 'vitest'
import { checkAttrs, withDefaults } from './op-def.ts'
import { evalOp, inferOp, infos, macsOf, erased } from '../testing/op-test-utils.ts'
import { maxPool2d as maxPool2dDef } from './max-pool2d.ts'
const maxPool2d = erased(maxPool2dDef)

describe('MaxPool2D', () => {
  it('defaults to 2×2 stride 2 valid, no weights', () => {
    const attrs = withDefaults(maxPool2d.attrs, {})
    expect(attrs).toEqual({ poolH: 2, poolW: 2, strideH: 2, strideW: 2, padding: 'valid', activation: 'none' })
    expect(checkAttrs(maxPool2d.attrs, attrs)).toEqual([])
    expect(maxPool2d.inputCount(attrs)).toBe(1)
    expect(maxPool2d.weightSpecs(attrs, infos([1, 4, 4, 1]))).toEqual([])
  })

  it('infers shapes and explains misfits', () => {
    expect(inferOp(maxPool2d, {}, [1, 5, 4, 3])).toEqual([1, 2, 2, 3])
    expect(inferOp(maxPool2d, { padding: 'same' }, [1, 5, 4, 3])).toEqual([1, 3, 2, 3])
    expect(() => inferOp(maxPool2d, { poolW: 3 }, [1, 4, 2, 1])).toThrow(
      "MaxPool2D: the window width 3 is larger than the input width 2; use 'same' padding or a smaller window")
    expect(() => inferOp(maxPool2d, {}, [1, 16])).toThrow('MaxPool2D needs a 4-D input (1×H×W×C), got 1×16')
  })

  it('counts no MACs', () => {
    expect(macsOf(maxPool2d, {}, [1, 8, 8, 4])).toBe(0)
  })

  it('takes the window maximum per channel', () => {
    // 4×4, channel 0 = 1..16 row-major, channel 1 = −(1..16): 2×2 stride 2 valid
    // ch0: 6 8 14 16; ch1: −1 −3 −9 −11
    const data: number[] = []
    for (let i = 1; i <= 16; i++) data.push(i, -i)
    const out = evalOp(maxPool2d, {}, [{ shape: [1, 4, 4, 2], data }])
    expect(out).toEqual({ shape: [1, 2, 2, 2], data: [6, -1, 8, -3, 14, -9, 16, -11] })
  })

  it("ignores 'same' padding cells (they are not zeros) and applies the activation", () => {
    // −1 −2 −3 / −4 −5 −6 / −7 −8 −9, 2×2 stride 2 same (pad bottom/right):
    // (0,0) max(−1,−2,−4,−5) = −1; (0,1) max(−3,−6) = −3; (1,0) max(−7,−8) = −7; (1,1) −9
    const x = { shape: [1, 3, 3, 1], data: [-1, -2, -3, -4, -5, -6, -7, -8, -9] }
    expect(evalOp(maxPool2d, { padding: 'same' }, [x]).data).toEqual([-1, -3, -7, -9])
    expect(evalOp(maxPool2d, { padding: 'same', activation: 'relu' }, [x]).data).toEqual([0, 0, 0, 0])
  })
})
