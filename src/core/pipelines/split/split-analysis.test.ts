/**
 * Split analysis on the MLPerf Tiny VWW int8 model (MobileNetV1-0.25, 96×96×3) and ResNet-8 (residual blocks): bytes per
 * cut against the estimator's layer table, one cut's time and energy against the formula, a crossover bandwidth
 * against its analytic value, the flags, the live-tensor policy and the baselines.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { estimate } from '../../estimate/estimate.ts'
import type { EstimateReport } from '../../estimate/report-types.ts'
import type { Graph } from '../../ir/types.ts'
import { getTarget } from '../../targets/catalog.ts'
import { getLink } from '../../targets/links.ts'
import { getTier } from '../../targets/tiers.ts'
import { mlperfGraph } from '../../testing/c-fixtures.ts'
import { getLibrary } from '../../vendors/registry.ts'
import { analyzeSplit } from './analyze-split.ts'
import { crossoverBandwidth } from './crossover.ts'
import type { CutTable } from '../../formats/split/cuts.ts'
import { cutTable, findCut } from '../../formats/split/cuts.ts'

const TARGETS = ['nucleo-f446re', 'nucleo-h7a3zi-q', 'nucleo-l4r5zi'].map((id) => getTarget(id)!)
const LINKS = ['ble-2m', 'wifi-esp32', 'lte-m'].map((id) => getLink(id)!)
const TIERS = ['rpi4-cpu', 'cloud-cpu'].map((id) => getTier(id)!)

let vww: Graph
let report: EstimateReport
let table: CutTable

beforeAll(() => {
  vww = mlperfGraph('vww_96_int8.tflite')
  report = estimate(vww, getLibrary('cmsis-nn')!, TARGETS)
  table = cutTable(vww, report)
})

const near = (got: number, want: number, rel: number) => expect(Math.abs(got - want)).toBeLessThanOrEqual(Math.abs(want) * rel)

describe('cut table (VWW int8)', () => {
  it('sends exactly the estimator layer table\'s output bytes at every cut', () => {
    expect(table.cuts).toHaveLength(report.layers.length)
    for (const cut of table.cuts.slice(0, -1)) {
      const layer = report.layers[cut.index]
      expect(cut.after).toBe(layer.node)
      expect(cut.tensors).toHaveLength(1)
      expect(cut.bytes).toBe(layer.outputBytes)
    }
    expect(table.cuts.at(-1)).toMatchObject({ onDevice: true, bytes: 0, tailMacs: 0 })
    expect(table.inputBytes).toBe(27_648)
    expect(table.totalMacs).toBe(report.model.macs)
  })

  it('flags the cuts whose tensor is larger than the input (the third layer: 36,864 B against 27,648 B)', () => {
    expect(table.cuts[3]).toMatchObject({ bytes: 36_864, largerThanInput: true, illegal: null })
    expect(table.cuts.filter((c) => c.largerThanInput).map((c) => c.index)).toEqual([3])
    expect(findCut(table, 'model/activation_2/Relu')?.index).toBe(3)
    expect(findCut(table, table.cuts[5].after)?.index).toBe(5)
    expect(findCut(table, 'no such node')).toBeUndefined()
  })
})

describe('split analysis', () => {
  it('prices one cut by the formula (within 0.1 %)', () => {
    const a = analyzeSplit(report, table, LINKS, TIERS)
    expect(a.combinations).toHaveLength(3 * 3 * 2)
    const combo = a.combinations.find((c) => c.target === 'nucleo-f446re' && c.link === 'ble-2m' && c.tier === 'rpi4-cpu')!
    const k = 8
    const target = report.targets[0]
    const deviceMs = target.layers.slice(0, k + 1).reduce((s, l) => s + l.latencyMs!, 0)
    const bytes = report.layers[k].outputBytes
    const tailMacs = report.layers.slice(k + 1).reduce((s, l) => s + l.macs, 0)
    const transferMs = (bytes * 8) / 1_402_000 * 1000 + 15
    const tailMs = tailMacs / 10e9 * 1000 + 0.3
    const energyUj = deviceMs * target.activePowerMw + bytes * 82 / 1000
    const cost = combo.costs[k]!
    near(cost.deviceMs, deviceMs, 1e-3)
    near(cost.transferMs, transferMs, 1e-3)
    near(cost.tailMs, tailMs, 1e-3)
    near(cost.totalMs, deviceMs + transferMs + tailMs, 1e-3)
    near(cost.deviceUj, energyUj, 1e-3)
    // Baselines: all on the device (the estimator's totals, nothing sent) and all remote (the input sent).
    near(combo.baselines.device!.totalMs, target.latencyMs!, 1e-9)
    near(combo.baselines.device!.deviceUj, target.energyUj!, 1e-9)
    expect(combo.baselines.remote.deviceMs).toBe(0)
    near(combo.baselines.remote.transferMs, (27_648 * 8) / 1_402_000 * 1000 + 15, 1e-9)
    // The best cuts are the minima over the legal cuts.
    const legal = combo.costs.filter((c) => c !== null)
    expect(combo.costs[combo.bestLatency!]!.totalMs).toBe(Math.min(...legal.map((c) => c.totalMs)))
    expect(combo.costs[combo.bestEnergy!]!.deviceUj).toBe(Math.min(...legal.map((c) => c.deviceUj)))
  })

  it('finds the crossover bandwidths at their analytic values (within 1 %)', () => {
    const a = analyzeSplit(report, table, [getLink('ble-2m')!], [getTier('rpi4-cpu')!])
    const combo = a.combinations[0]
    expect(combo.crossovers.length).toBeGreaterThan(1)
    const target = report.targets[0]
    const head = (k: number) => target.layers.slice(0, k + 1).reduce((s, l) => s + l.latencyMs!, 0)
    const line = (k: number) => {
      const cut = table.cuts[k]
      if (cut.onDevice) return { a: head(k), c: 0 }
      return { a: head(k) + 15 + cut.tailMacs / 10e9 * 1000 + 0.3, c: cut.bytes * 8 * 1000 }
    }
    for (const x of combo.crossovers) {
      const p = line(x.above)
      const q = line(x.below)
      near(x.bandwidthBps, (p.c - q.c) / (q.a - p.a), 0.01)
      expect(crossoverBandwidth(p.a, p.c, q.a, q.c)).toBeCloseTo(x.bandwidthBps, 6)
      // Just above the crossover the first cut is best, just below the second.
      const best = (bw: number) => analyzeSplit(report, table, [getLink('ble-2m')!], [getTier('rpi4-cpu')!], { bandwidthBps: bw })
        .combinations[0].bestLatency
      expect(best(x.bandwidthBps * 1.01)).toBe(x.above)
      expect(best(x.bandwidthBps * 0.99)).toBe(x.below)
    }
    // Bandwidths fall along the envelope, and the slowest link ends on the device.
    const bws = combo.crossovers.map((x) => x.bandwidthBps)
    expect([...bws].sort((p, q) => q - p)).toEqual(bws)
    expect(combo.crossovers.at(-1)!.below).toBe(table.cuts.length - 1)
  })

  it('runs three targets × three links × two tiers in a few milliseconds', () => {
    analyzeSplit(report, table, LINKS, TIERS)
    const t0 = performance.now()
    for (let i = 0; i < 20; i++) analyzeSplit(report, cutTable(vww, report), LINKS, TIERS)
    expect((performance.now() - t0) / 20).toBeLessThan(20)
  })
})

describe('cuts inside residual blocks (ResNet-8)', () => {
  it('refuses two live tensors under the default policy and sends both under \'all\'', () => {
    const g = mlperfGraph('pretrainedResnet_quant.tflite')
    const r = estimate(g, getLibrary('cmsis-nn')!, [TARGETS[0]])
    const single = cutTable(g, r)
    const inside = single.cuts.filter((c) => c.multipleLive)
    expect(inside.length).toBeGreaterThan(0)
    for (const c of inside) expect(c.illegal).toMatch(/^2 tensors are live \(.+\); the policy 'single' refuses such cuts, 'all' sends them all$/)
    const all = cutTable(g, r, 'all')
    for (const c of all.cuts.filter((x) => x.multipleLive)) {
      expect(c.illegal).toBeNull()
      expect(c.bytes).toBe(c.tensors.reduce((s, t) => s + r.layers.find((l) => l.node === t.node)!.outputBytes, 0))
    }
    const a = analyzeSplit(r, single, [getLink('wifi-esp32')!], [getTier('rpi4-cpu')!])
    for (const c of inside) expect(a.combinations[0].costs[c.index]).toBeNull()
  })
})
