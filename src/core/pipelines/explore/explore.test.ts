import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { analyzeGraph } from '../../analysis/analyze-graph.ts'
import { estimate, estimateTotals } from '../../estimate/estimate.ts'
import { CATALOG_TARGETS } from '../../targets/catalog.ts'
import { getLibrary } from '../../vendors/registry.ts'
import { COSTS, explore } from './explore.ts'
import { evaluate, makeDivisible } from './expr.ts'
import type { Family } from './family.ts'
import { instantiate, referenceValues, spaceSize } from './family.ts'
import { checkFamily, parseFamily } from './family-file.ts'
import { FAMILIES, familyById } from './families/index.ts'
import { fitTargets } from './fit.ts'
import { paretoFrontBrute } from './pareto.ts'
import { enumerate, sample } from './space.ts'

const CSV = readFileSync(new URL('../../../../../shared/data/mlperf-tiny/layers_int8_models.csv', import.meta.url), 'utf8')
const csvMacs = (model: string) => CSV.split('\n').filter((l) => l.startsWith(`${model},`)).reduce((s, l) => s + Number(l.split(',')[6]), 0)

describe('knob expressions', () => {
  it('evaluates arithmetic, functions and MobileNet channel rounding', () => {
    expect(evaluate('=make_divisible(32 * width, 8)', { width: 0.25 })).toBe(8)
    expect(evaluate('=make_divisible(32 * width, 8)', { width: 0.125 })).toBe(8)
    expect(evaluate('=2 * (w + 1) - -3 % 2', { w: 4 })).toBe(11)
    expect(makeDivisible(35, 8)).toBe(32)
    expect(makeDivisible(10, 8)).toBe(16)
    expect(() => evaluate('=2 * zz', {})).toThrow("expression '2 * zz': unknown knob 'zz'")
    expect(() => evaluate('=max(1)', {})).toThrow('max takes 2..8 arguments, got 1')
    expect(() => evaluate('=(1 + 2', {})).toThrow("expected ')' at the end")
  })
})

describe('shipped families', () => {
  it('put the MLPerf Tiny reference model at their reference point (same MACs)', () => {
    const macs = (id: string) => {
      const f = familyById(id)!
      const a = analyzeGraph(instantiate(f, referenceValues(f)), getLibrary(f.library))
      expect(a.ok, id).toBe(true)
      return [...a.nodes.values()].reduce((s, n) => s + n.macs, 0)
    }
    expect(macs('mobilenet-v1')).toBe(csvMacs('vww_96_int8.tflite'))
    expect(macs('ds-cnn')).toBe(csvMacs('kws_ref_model.tflite'))
    expect(macs('resnet')).toBe(csvMacs('pretrainedResnet_quant.tflite'))
    expect(macs('fc-autoencoder')).toBe(csvMacs('ad01_int8.tflite'))
    expect(FAMILIES.map((f) => f.id)).toEqual(['mobilenet-v1', 'mobilenet-v2', 'resnet', 'ds-cnn', 'fc-autoencoder'])
  })

  it('round-trip through the family file reader', () => {
    for (const f of FAMILIES) expect(parseFamily(JSON.stringify(f))).toEqual(f)
  })

  it('expand repeat groups in series, with skips from each copy’s entry, and drop them at count 0', () => {
    const resnet = familyById('resnet')!
    const g = instantiate(resnet, { ...referenceValues(resnet), d1: 2, d2: 1 })
    const ids = g.nodes.map((n) => n.id)
    expect(ids.filter((id) => id.startsWith('s1_'))).toEqual(['s1_a_1', 's1_b_1', 's1_add_1', 's1_a_2', 's1_b_2', 's1_add_2'])
    expect(ids.some((id) => id.startsWith('s2x_'))).toBe(false)
    const into = (id: string) => g.edges.filter((e) => e.target === id).sort((a, b) => a.targetPort - b.targetPort).map((e) => e.source)
    expect(into('s1_a_1')).toEqual(['conv1'])
    expect(into('s1_add_1')).toEqual(['s1_b_1', 'conv1'])
    expect(into('s1_a_2')).toEqual(['s1_add_1'])
    expect(into('s1_add_2')).toEqual(['s1_b_2', 's1_add_1'])
    expect(into('s2_a')).toEqual(['s1_add_2'])
    expect(into('s3_a')).toEqual(['s2_add'])
  })
})

describe('estimateTotals', () => {
  it('equals the full estimator’s totals (greedy arena) on every family’s reference and sampled variants, on every board', () => {
    for (const f of FAMILIES) {
      const library = getLibrary(f.library)!
      for (const values of [referenceValues(f), ...sample(f, 6, 7).slice(1)]) {
        const g = instantiate(f, values)
        const full = estimate(g, library, CATALOG_TARGETS, { planner: 'greedy' })
        const fast = estimateTotals(g, library, CATALOG_TARGETS)
        expect(fast.macs).toBe(full.model.macs)
        expect(fast.arenaBytes).toBe(full.memory.arenaBytes)
        expect(fast.targets).toEqual(full.targets.map((t) => ({ id: t.id, flashBytes: t.flashBytes, ramBytes: t.ramBytes,
          latencyMs: t.latencyMs, energyUj: t.energyUj, fits: t.fits })))
      }
    }
  })
})

describe('explore', () => {
  const resnet = familyById('resnet')!
  const result = explore(resnet, { targets: CATALOG_TARGETS, constraints: { ramReserve: 16 * 1024 } })

  it('enumerates a small space in full and applies the reserves', () => {
    expect(result.strategy).toBe('exhaustive')
    expect(result.variants).toHaveLength(spaceSize(resnet))
    const t = CATALOG_TARGETS.findIndex((x) => x.sramBytes < 200 * 1024)
    for (const v of result.variants) expect(v.meets[t]).toBe(v.ramBytes[t] <= CATALOG_TARGETS[t].sramBytes - 16 * 1024 && v.flashBytes[t] <= CATALOG_TARGETS[t].flashBytes)
  })

  it('gives the same fronts as a brute-force search, per target and cost', () => {
    const score = Float64Array.from(result.variants, (v) => -v.macs)
    result.fronts.forEach((f, t) => {
      const meeting = result.variants.filter((v) => v.meets[t]).map((v) => v.index)
      for (const c of COSTS) {
        const cost = Float64Array.from(result.variants, (v) => v[c][t])
        expect(f.fronts[c], `${f.targetId} ${c}`).toEqual(paretoFrontBrute(cost, score, meeting))
      }
    })
  })

  it('fits every catalog board with a variant that fits, and no fitting variant has more MACs', () => {
    const plain = explore(resnet, { targets: CATALOG_TARGETS })
    const fits = fitTargets(plain, CATALOG_TARGETS)
    fits.forEach((fit, t) => {
      const fitting = plain.variants.filter((v) => v.ok && v.meets[t])
      if (fitting.length === 0) { expect(fit.best).toBeUndefined(); return }
      expect(fit.best!.meets[t]).toBe(true)
      expect(fitting.every((v) => v.macs <= fit.best!.macs)).toBe(true)
      expect(fit.fitting).toBe(fitting.length)
    })
    expect(fits.filter((f) => f.best).length).toBeGreaterThan(10)
  })

  it('samples a large space, keeps the reference point, and evolves around the fronts within the budget', () => {
    const v2 = familyById('mobilenet-v2')!
    const r = explore(v2, { targets: CATALOG_TARGETS.slice(0, 3), maxVariants: 400, samples: 200, generations: 3 })
    expect(r.strategy).toBe('sampled+evolution')
    expect(r.variants.length).toBeGreaterThan(200)
    expect(r.variants.length).toBeLessThanOrEqual(400)
    expect(r.variants[0].values).toEqual(referenceValues(v2))
    expect(enumerate(familyById('ds-cnn')!)).toHaveLength(spaceSize(familyById('ds-cnn')!))
  })

  it('counts and lists the variants the library cannot run, with the reason', () => {
    const family: Family = checkFamily({
      format: 'tinyforge-family', version: 1, id: 'tiny', name: 'tiny', library: 'pow2-q7',
      knobs: [{ name: 'h', values: [8, 9], reference: 8 }, { name: 'w', values: [8, 10], reference: 8 }],
      nodes: [
        { id: 'in', op: 'Input', attrs: { shape: ['=h', '=w', 4], mean: [0], scale: 1 } },
        { id: 'pool', op: 'MaxPool2D', attrs: { poolH: 2, poolW: 2, strideH: 2, strideW: 2, padding: 'valid', activation: 'none' }, inputs: ['in'] },
      ],
    })
    const r = explore(family, { targets: CATALOG_TARGETS.slice(0, 1) })
    expect(r.variants).toHaveLength(4)
    expect(r.invalid).toBe(3)
    const bad = r.variants.filter((v) => !v.ok)
    expect(bad.map((v) => v.values)).toEqual([{ h: 8, w: 10 }, { h: 9, w: 8 }, { h: 9, w: 10 }])
    expect(bad[0].errors[0]).toMatch(/^pool: .*square/)
  })
})

describe('family files: one-line reasons', () => {
  const base = () => JSON.parse(JSON.stringify(familyById('ds-cnn')!)) as Record<string, unknown> & Family
  const refuse = (mutate: (f: ReturnType<typeof base>) => unknown) => {
    const f = base()
    const out = mutate(f)
    return () => checkFamily(out ?? f)
  }
  it('refuses broken files', () => {
    expect(() => parseFamily('{')).toThrow(/^not JSON/)
    expect(refuse((f) => { f.format = 'x' as never })).toThrow("not a family file: format must be 'tinyforge-family'")
    expect(refuse((f) => { f.version = 9 })).toThrow('family file version 9 is not supported (this TinyForge reads version 1)')
    expect(refuse((f) => { f.library = 'esp-nn' })).toThrow("family 'ds-cnn': unknown library 'esp-nn'")
    expect(refuse((f) => { f.knobs[0].reference = 7 })).toThrow("knob 'res': reference 7 is not one of its values")
    expect(refuse((f) => { (f.nodes[1].attrs as Record<string, unknown>).filters = '=64 * wdth' })).toThrow("node 'conv1' filters: '=64 * wdth' reads 'wdth', which is not a knob")
    expect(refuse((f) => { f.nodes[1].op = 'Conv3D' })).toThrow("node 'conv1': unknown operator 'Conv3D'")
    expect(refuse((f) => { f.nodes[1].inputs = ['pool'] })).toThrow("node 'conv1': input 'pool' is not an earlier node")
    expect(refuse((f) => { f.nodes[1].inputs = ['$entry'] })).toThrow("node 'conv1': '$entry' is only allowed inside a repeat group")
    expect(refuse((f) => { f.repeats = [{ nodes: ['dw', 'pw'], count: -1 }] })).toThrow('repeats[0]: count must be a whole number ≥ 0')
    expect(refuse((f) => { (f.nodes[1].attrs as Record<string, unknown>).strideH = 40 })).toThrow(/its reference point cannot run/)
  })
})
