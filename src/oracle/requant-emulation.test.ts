import { describe, expect, it } from 'vitest'
import type { FullyConnectedOpData } from '../core/ops/fully-connected.ts'
import { multiplyByQuantizedMultiplier } from '../core/quant/fixed-point.ts'
import { emulateNode, multiplyByQuantizedMultiplierSingleRounding, xnnpackScale } from './requant-emulation.ts'

/** A 1×1 FullyConnected with weight 1 and no bias: its accumulator is its input; multiplier 2^30·2^-2 = 0.125. */
const FC: FullyConnectedOpData = {
  scheme: 's8', inputLength: 1, units: 1, inputOffset: 0, outputOffset: 0, multipliers: [2 ** 30], shifts: [-2],
  actMin: -128, actMax: 127,
}
const WEIGHTS = { weights: Int8Array.of(1) }
const SCALES = { input: 0.5, weights: [0.25], output: 1 }
const run = (x: number, r: 'double' | 'single' | 'fp32') => emulateNode({ op: 'FullyConnected', opData: FC }, Int8Array.of(x), WEIGHTS, r, SCALES)[0]

describe('requantization emulation', () => {
  it('single rounding differs from the reference double rounding when the first rounding lands on a tie', () => {
    // 1985 · 1518500250 / 2^34 = 175.4508…: the high multiply gives 1404 (1403.6 rounded), 1404 / 8 = 175.5 → 176.
    expect(multiplyByQuantizedMultiplier(1985, 1518500250, -3)).toBe(176)
    expect(multiplyByQuantizedMultiplierSingleRounding(1985, 1518500250, -3)).toBe(175)
    expect(multiplyByQuantizedMultiplier(-1985, 1518500250, -3)).toBe(-176)
    expect(multiplyByQuantizedMultiplierSingleRounding(-1985, 1518500250, -3)).toBe(-175)
  })

  it('exact ties: reference away from zero, ruy toward +∞, XNNPACK to even', () => {
    expect([run(-12, 'double'), run(-12, 'single'), run(-12, 'fp32')]).toEqual([-2, -1, -2]) // −1.5
    expect([run(-20, 'double'), run(-20, 'single'), run(-20, 'fp32')]).toEqual([-3, -2, -2]) // −2.5
    expect([run(20, 'double'), run(20, 'single'), run(20, 'fp32')]).toEqual([3, 3, 2]) // 2.5
    expect([run(7, 'double'), run(7, 'single'), run(7, 'fp32')]).toEqual([1, 1, 1]) // 0.875
  })

  it('the XNNPACK scale is computed in float32, left to right', () => {
    expect(xnnpackScale(0.5, 0.25, 1)).toBe(0.125)
    expect(xnnpackScale(0.1, 0.2, 0.3)).toBe(Math.fround(Math.fround(Math.fround(0.1) * Math.fround(0.2)) / Math.fround(0.3)))
    expect(() => emulateNode({ op: 'Softmax', opData: FC } as never, Int8Array.of(1), WEIGHTS, 'double')).toThrow('no requantization emulation for Softmax')
  })
})
