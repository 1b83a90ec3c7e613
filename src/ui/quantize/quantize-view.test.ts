import { describe, expect, it } from 'vitest'
import { confusionAxes } from './confusion-matrix.tsx'
import { chartTop } from './sqnr-chart.tsx'

describe('chart and matrix geometry', () => {
  it('the SQNR axis tops at the largest finite value rounded up to 10 dB, at least 40', () => {
    expect(chartTop([Infinity, 44.19, 38.27])).toBe(50)
    expect(chartTop([12, 3])).toBe(40)
    expect(chartTop([60])).toBe(60)
  })

  it('the confusion matrix shows labelled rows and every predicted column', () => {
    const m = Array.from({ length: 10 }, () => new Array<number>(10).fill(0))
    m[0][0] = 1
    m[2][2] = 1
    m[2][7] = 1
    m[9][9] = 2
    expect(confusionAxes(m)).toEqual({ rows: [0, 2, 9], cols: [0, 2, 7, 9] })
  })
})
