/**
 * Measured accuracies (accuracies.ts) and how the explorer ranks by them: only measured variants are on the
 * 'accuracy' fronts (equal to a brute-force front of the measured ones), fit picks the most accurate measured
 * variant that fits and falls back to MACs on a board where none fits; a file of another family is refused.
 */
import { describe, expect, it } from 'vitest'
import { CATALOG_TARGETS } from '../../targets/catalog.ts'
import type { MeasuredAccuracy } from './accuracies.ts'
import { accuracyMap, emptyAccuracies, isPointKey, parseAccuracies, serializeAccuracies, withAccuracy } from './accuracies.ts'
import { COSTS, explore } from './explore.ts'
import { familyById } from './families/index.ts'
import { fitTargets } from './fit.ts'
import { paretoFrontBrute } from './pareto.ts'
import { enumerate, pointKey } from './space.ts'

const family = familyById('ds-cnn')!
const board = CATALOG_TARGETS.find((t) => t.id === 'nucleo-f446re')!
const m = (a: number): MeasuredAccuracy => ({ int8Accuracy: a, correct: Math.round(a * 1000), samples: 1000, evaluatedOn: 't10k', engine: 'wasm', weights: 'supernet.npz' })

describe('accuracies file', () => {
  it('round-trips, keeps keys sorted and replaces a variant measured again', () => {
    const keys = enumerate(family).map((v) => pointKey(family, v))
    let file = emptyAccuracies(family)
    file = withAccuracy(file, keys[7], m(0.8))
    file = withAccuracy(file, keys[2], m(0.7))
    file = withAccuracy(file, keys[7], m(0.85))
    expect(Object.keys(file.variants)).toEqual([keys[2], keys[7]].sort())
    const back = parseAccuracies(serializeAccuracies(file), 'a.json', family)
    expect(accuracyMap(back)).toEqual(new Map([[keys[2], 0.7], [keys[7], 0.85]]))
    expect(isPointKey(family, keys[0])).toBe(true)
    expect(isPointKey(family, `${keys[0]},1`)).toBe(false)
  })

  it('refuses another family, a key that is no variant, a bad accuracy and a wrong format, each with one line', () => {
    const key = pointKey(family, enumerate(family)[0])
    const text = serializeAccuracies(withAccuracy(emptyAccuracies(family), key, m(0.5)))
    const other = { ...family, id: 'my-ds' }
    expect(() => parseAccuracies(text, 'a.json', other))
      .toThrow(/^a\.json holds accuracies of family 'ds-cnn' \(fingerprint [0-9a-f]{8}\), not of 'my-ds' \([0-9a-f]{8}\)$/)
    const edited = { ...family, knobs: family.knobs.map((k, i) => (i === 0 ? { ...k, label: 'changed' } : k)) }
    expect(() => parseAccuracies(text, 'a.json', edited)).toThrow(/^a\.json holds accuracies of family 'ds-cnn' \(fingerprint [0-9a-f]{8}\), not of 'ds-cnn'/)
    const o = JSON.parse(text)
    expect(() => parseAccuracies(JSON.stringify({ ...o, variants: { '1,2,3': m(0.5) } }), 'a.json', family))
      .toThrow("a.json: '1,2,3' is not a variant of ds-cnn (keys are the knob values res,width,k,depth)")
    expect(() => parseAccuracies(JSON.stringify({ ...o, variants: { [key]: m(1.5) } }), 'a.json', family)).toThrow(`a.json: variant ${key} has no int8Accuracy in [0, 1]`)
    expect(() => parseAccuracies('{"format":"tinyforge-family"}', 'a.json', family)).toThrow("a.json is not an accuracies file (its format is 'tinyforge-family')")
    expect(() => parseAccuracies('{', 'a.json', family)).toThrow('a.json is not JSON')
    expect(() => parseAccuracies(JSON.stringify({ ...o, version: 2 }), 'a.json', family)).toThrow('a.json is accuracies file version 2; this TinyForge reads version 1')
  })
})

describe('ranking by measured accuracy', () => {
  const all = enumerate(family)
  // Eight measured variants spread over the space, with accuracies that do not follow MACs.
  const measured = new Map(all.filter((_, i) => i % 37 === 5).map((v, j) => [pointKey(family, v), 0.6 + ((j * 5) % 8) / 40]))

  it('puts only measured variants on the fronts, equal to a brute-force front of them', () => {
    const r = explore(family, { targets: [board], accuracy: measured, score: 'accuracy' })
    expect(r.score).toBe('accuracy')
    expect(r.measured).toBe(measured.size)
    expect(r.variants.filter((v) => v.accuracy !== undefined).map((v) => v.key).sort()).toEqual([...measured.keys()].sort())
    const candidates = r.variants.filter((v) => v.meets[0] && v.accuracy !== undefined).map((v) => v.index)
    const negAcc = r.variants.map((v) => -(v.accuracy ?? -Infinity))
    for (const c of COSTS) {
      expect(r.fronts[0].fronts[c].length).toBeGreaterThan(0)
      expect(r.fronts[0].fronts[c]).toEqual(paretoFrontBrute(r.variants.map((v) => v[c][0]), negAcc, candidates))
    }
    expect(r.fronts[0].meeting).toBe(r.variants.filter((v) => v.meets[0]).length)
    const [fit] = fitTargets(r, [board])
    expect(fit.basis).toBe('accuracy')
    const best = Math.max(...candidates.map((i) => r.variants[i].accuracy!))
    expect(fit.best!.accuracy).toBe(best)
  })

  it('keeps a proxy score when asked, with the measured accuracies attached', () => {
    const r = explore(family, { targets: [board], accuracy: measured })
    expect(r.score).toBe('macs')
    expect(r.measured).toBe(measured.size)
    expect(fitTargets(r, [board])[0]).toMatchObject({ basis: 'macs' })
  })

  it('falls back to MACs on a board where no measured variant fits', () => {
    const r0 = explore(family, { targets: [board], score: 'macs' })
    const fitting = r0.variants.filter((v) => v.meets[0]).sort((a, b) => a.ramBytes[0] - b.ramBytes[0])
    // Measure only the variants needing the most RAM, then keep less RAM than any of them needs.
    const big = fitting.slice(-3)
    const accuracy = new Map(big.map((v) => [v.key, 0.9]))
    const ramReserve = board.sramBytes - big[0].ramBytes[0] + 1
    const r = explore(family, { targets: [board], accuracy, score: 'accuracy', constraints: { ramReserve } })
    expect(r.variants.some((v) => v.meets[0] && v.accuracy !== undefined)).toBe(false)
    expect(r.fronts[0].fronts.latencyMs).toEqual([])
    const [fit] = fitTargets(r, [board])
    const [byMacs] = fitTargets(explore(family, { targets: [board], score: 'macs', constraints: { ramReserve } }), [board])
    expect(fit.basis).toBe('macs')
    expect(fit.best!.key).toBe(byMacs.best!.key)
    expect(fit.fitting).toBe(byMacs.fitting)
  })
})
