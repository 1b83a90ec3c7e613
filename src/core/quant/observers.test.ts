import { describe, expect, it } from 'vitest'
import {
  HistogramObserver, MinMaxObserver, asymmetricQuant, chooseActivationQuant, histogramMse, pow2FracBits, pow2Quant,
} from './observers.ts'

describe('asymmetricQuant', () => {
  it('spreads [min, max] (widened to contain 0) over 255 steps with a float32 scale', () => {
    // zp = round(−128 + 1/(2/255)) = round(−0.5) = −1 (half away from zero)
    expect(asymmetricQuant(-1, 1)).toEqual({ scale: [Math.fround(2 / 255)], zeroPoint: [-1] })
    expect(asymmetricQuant(0, 6)).toEqual({ scale: [Math.fround(6 / 255)], zeroPoint: [-128] })
    expect(asymmetricQuant(2, 5)).toEqual(asymmetricQuant(0, 5))
    expect(asymmetricQuant(-5, -2)).toEqual({ scale: [Math.fround(5 / 255)], zeroPoint: [127] })
    expect(asymmetricQuant(0, 0)).toEqual({ scale: [Math.fround(1 / 255)], zeroPoint: [-128] })
  })
})

describe('pow2FracBits', () => {
  it('takes the most fractional bits whose q7 range covers ±maxAbs', () => {
    expect([0.9, 1, 1.5, 3, 100, 0.01, 0].map(pow2FracBits)).toEqual([7, 7, 6, 5, 0, 13, 7])
    expect(pow2Quant(5)).toEqual({ scale: [1 / 32], zeroPoint: [0] })
  })
})

describe('observers', () => {
  const values = Float32Array.from({ length: 10001 }, (_, i) => (i < 10000 ? i / 10000 : 100))

  it('min/max keeps the outlier; percentile 99.9 drops it', () => {
    const mm = new MinMaxObserver()
    mm.update(values)
    expect([mm.min, mm.max]).toEqual([0, 100])
    const h = new HistogramObserver(mm.min, mm.max, 2048)
    h.update(values)
    expect(h.total).toBe(10001)
    const q = chooseActivationQuant({ min: mm.min, max: mm.max, histogram: h }, 'percentile', 's8', 99.9)
    // the 99.9th percentile lies in the first bins (values < 1), so the scale is about 1/255, not 100/255
    expect(q.scale[0]).toBeLessThan(0.2 / 255 * 10)
    expect(q.zeroPoint).toEqual([-128])
    expect(chooseActivationQuant({ min: 0, max: 100, histogram: h }, 'minmax', 's8')).toEqual(asymmetricQuant(0, 100))
  })

  it('mse keeps a range whose clipping would cost more than it gains', () => {
    const h = new HistogramObserver(0, 100, 2048)
    h.update(values)
    expect(chooseActivationQuant({ min: 0, max: 100, histogram: h }, 'mse', 's8')).toEqual(asymmetricQuant(0, 100))
  })

  it('mse clips one far outlier among a million values, for both schemes', () => {
    // No clip: scale 10/255, noise ≈ (10/255)²/12 = 1.3e-4 per value; clipping at ~1 costs 81/1e6 = 8e-5 for the outlier.
    const many = Float32Array.from({ length: 1_000_001 }, (_, i) => (i < 1_000_000 ? (i % 1000) / 1000 : 10))
    const h = new HistogramObserver(0, 10, 2048)
    h.update(many)
    const s8 = chooseActivationQuant({ min: 0, max: 10, histogram: h }, 'mse', 's8')
    expect(s8.scale[0]).toBeLessThan(5 / 255)
    expect(histogramMse(h, s8)).toBeLessThan(histogramMse(h, asymmetricQuant(0, 10)) / 2)
    const p2 = chooseActivationQuant({ min: 0, max: 10, histogram: h }, 'mse', 'pow2')
    expect(-Math.log2(p2.scale[0])).toBeGreaterThan(pow2FracBits(10))
    expect(histogramMse(h, p2)).toBeLessThan(histogramMse(h, pow2Quant(pow2FracBits(10))))
  })
})
