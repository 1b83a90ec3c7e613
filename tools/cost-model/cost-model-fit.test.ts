import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { fitCore, fixedTable, layerFeaturesFromCsv, median, nnls, predictCycles } from './cost-model-fit.ts'

const layersCsv = readFileSync(new URL('../../../shared/data/mlperf-tiny/layers_int8_models.csv', import.meta.url), 'utf8')

describe('nnls', () => {
  it('returns the exact least-squares solution when it is non-negative', () => {
    const x = nnls([[1, 0], [0, 1], [1, 1]], [1, 2, 3])
    expect(x[0]).toBeCloseTo(1, 12)
    expect(x[1]).toBeCloseTo(2, 12)
  })

  it('clamps a coefficient that would be negative and refits the rest', () => {
    // Unconstrained: x = (−1, 2). With x ≥ 0 the first is 0 and the second minimises (x2 − 2)².
    expect(nnls([[1, 0], [0, 1]], [-1, 2])).toEqual([0, 2])
    // Unconstrained least squares of b = 2·a1 − 1·a2 gives (2, −1); constrained: x1 = (a1·b)/(a1·a1), x2 = 0.
    const x = nnls([[1, 1], [1, 2], [1, 3]], [1, 0, -1])
    expect(x[1]).toBe(0)
    expect(x[0]).toBeCloseTo(0, 12)
  })
})

describe('MLPerf layer features', () => {
  it('reads kinds, MACs and tensor sizes per benchmark', () => {
    const layers = layerFeaturesFromCsv(layersCsv)
    const count = (bench: string, kind: string) => layers[bench].filter((l) => l.kind === kind).length
    expect(layers.kws.length).toBe(13)
    expect([count('kws', 'conv'), count('kws', 'conv1x1'), count('kws', 'depthwise'), count('kws', 'fc')]).toEqual([1, 4, 4, 1])
    expect([count('ic', 'conv'), count('ic', 'conv1x1'), count('ic', 'elementwise')]).toEqual([7, 2, 3])
    expect(layers.ad.reduce((s, l) => s + l.macs, 0)).toBe(264192)
    expect(layers.vww.reduce((s, l) => s + l.macs, 0)).toBe(7489664)
    expect(layers.kws[9]).toEqual({ kind: 'pool', macs: 0, outputs: 64, inputs: 8000 })
  })

  it('fitCore recovers the coefficients that generated the rows', () => {
    const layers = layerFeaturesFromCsv(layersCsv)
    const truth = fixedTable(1)
    truth.conv.perMac = 2.5
    truth.conv1x1.perMac = 3
    truth.depthwise.perMac = 3
    truth.fc.perMac = 4
    const rows = ['ad', 'ic', 'kws', 'vww'].map((benchmark) => ({ benchmark, cycles: predictCycles(layers[benchmark], truth) }))
    const fitted = fitCore(rows, layers, 1)
    expect(fitted.conv.perMac).toBeCloseTo(2.5, 9)
    expect(fitted.depthwise.perMac).toBeCloseTo(3, 9)
    expect(fitted.conv1x1.perMac).toBeCloseTo(3, 9)
    expect(fitted.fc.perMac).toBeCloseTo(4, 9)
  })

  it('median', () => {
    expect(median([3, 1, 2])).toBe(2)
    expect(median([4, 1, 3, 2])).toBe(2.5)
  })
})
