/** Exit calibration on hand-made samples: outcomes, the accuracy floor, the cheapest feasible thresholds. */
import { describe, expect, it } from 'vitest'
import { calibrateThresholds, evaluateThresholds } from './calibrate-exits.ts'
import type { ExitSamples } from './exit-samples.ts'

/** Ten samples, two exits: confidences, which exit is right, whether the main output is right. */
function samples(): ExitSamples {
  const c1 = [250, 240, 230, 100, 90, 80, 70, 60, 50, 40]
  const r1 = [1, 1, 0, 0, 0, 0, 0, 0, 0, 0]
  const c2 = [0, 0, 0, 200, 190, 180, 20, 10, 5, 1]
  const r2 = [0, 0, 0, 1, 1, 0, 0, 0, 0, 0]
  const main = [1, 1, 1, 1, 1, 1, 1, 1, 0, 0]
  return { exitIds: ['a', 'b'], count: 10, confidence: [Int16Array.from(c1), Int16Array.from(c2)],
    correct: [Uint8Array.from(r1), Uint8Array.from(r2)], mainCorrect: Uint8Array.from(main) }
}

describe('exit calibration', () => {
  it('judges each sample at the first exit whose confidence reaches its threshold', () => {
    const o = evaluateThresholds(samples(), [235, 185], [0.2, 0.6])
    // exit a takes samples 0, 1 (right); exit b takes 3, 4 (right); the main path takes 2, 5..9 (2, 5, 6, 7 right).
    expect(o.rates).toEqual([0.2, 0.2, 0.6])
    expect(o.accuracy).toBeCloseTo(0.8, 12)
    expect(o.decidedAccuracy).toEqual([1, 1, 4 / 6])
    expect(o.expectedCost).toBeCloseTo(0.2 * 0.2 + 0.2 * 0.6 + 0.6, 12)
  })

  it('picks the cheapest thresholds within the loss budget, and never less accurate than allowed', () => {
    const s = samples()
    const none = calibrateThresholds(s, { maxLossPct: 0, costs: [0.2, 0.6] })
    expect(none.mainAccuracy).toBe(0.8)
    // No loss allowed: exit a may take 0, 1 (t = 240) and exit b 3, 4 (t = 190); taking sample 2 or 5 costs a point.
    expect(none.best.thresholds).toEqual([240, 190])
    expect(none.best.accuracy).toBeCloseTo(0.8, 12)
    const ten = calibrateThresholds(s, { maxLossPct: 10, costs: [0.2, 0.6] })
    expect(ten.best.accuracy).toBeGreaterThanOrEqual(0.7 - 1e-12)
    expect(ten.best.expectedCost).toBeLessThan(none.best.expectedCost)
    // With 10 points to spend, exit a takes sample 2 too (the cheapest exit): thresholds 230 and 190.
    expect(ten.best.thresholds).toEqual([230, 190])
    expect(() => calibrateThresholds(s, { maxLossPct: -1, costs: [0.2, 0.6] })).toThrow('the accuracy loss must be 0..100 percentage points, got -1')
  })
})
