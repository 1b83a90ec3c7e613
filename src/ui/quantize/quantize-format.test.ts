import { describe, expect, it } from 'vitest'
import { formatAbsError, formatCosine, formatDb, formatPercent, sqnrTone, withinOneShare } from './quantize-format.ts'

describe('validation figure formatting', () => {
  it('formats SQNR, errors, percentages and cosine without rounding up to a threshold', () => {
    expect([formatDb(41.5606), formatDb(Infinity), formatDb(-Infinity), formatDb(7)]).toEqual(['41.6', 'exact', '−∞', '7.0'])
    expect([formatAbsError(0.0438082218), formatAbsError(59.84423828125), formatAbsError(0), formatAbsError(12345.6)])
      .toEqual(['0.0438', '59.8', '0', '12,346'])
    expect([formatPercent(1), formatPercent(0.99996), formatPercent(0.5), formatPercent(0.123456), formatPercent(0.999)])
      .toEqual(['100%', '99.99%', '50%', '12.34%', '99.90%'])
    expect([formatCosine(0.99996), formatCosine(1), formatCosine(0.9995970302919452)]).toEqual(['0.9999', '1.0000', '0.9995'])
    expect(withinOneShare({ count: 57490, exact: 57462, withinOne: 57490, maxDiff: 1 })).toBe(1)
    expect(withinOneShare({ count: 0, exact: 0, withinOne: 0, maxDiff: 0 })).toBe(1)
    expect([sqnrTone(41), sqnrTone(30), sqnrTone(25), sqnrTone(3)]).toEqual(['good', 'good', 'fair', 'poor'])
  })
})
