/**
 * Expected latency with exits on the EXIT_NET fixture: prefixes and heads from the execution order, the full latency
 * split by the per-layer instruction model (the cost model's cycles where none is fitted), E[latency] by the formula
 * (0.1 %), the net-loss flag, and peak RAM with the exit buffers.
 */
import { describe, expect, it } from 'vitest'
import { analyzeGraph } from '../analysis/analyze-graph.ts'
import { CATALOG_TARGETS } from '../targets/catalog.ts'
import { EXIT_NET } from '../testing/fixture-graphs.ts'
import { getLibrary } from '../vendors/registry.ts'
import { estimate } from './estimate.ts'
import { exitSites, exitTargetCosts, expectedExitCost } from './exit-costs.ts'
import { layerShapeOf, predictInstructions } from './layer-instructions.ts'

const library = getLibrary('cmsis-nn')!
const target = CATALOG_TARGETS.find((t) => t.id === 'nucleo-l4r5zi')!

describe('exit costs', () => {
  const analysis = analyzeGraph(EXIT_NET, library)
  const report = estimate(EXIT_NET, library, [target], { analysis })
  const sites = exitSites(EXIT_NET, analysis)

  it('takes prefixes from the exit-aware order and heads as the nodes that feed no main output', () => {
    expect(sites.map((s) => s.prefix.length)).toEqual([7, 13])
    expect(sites.map((s) => s.head)).toEqual([['gap_a', 'flat_a', 'fc_a', 'exit_a'], ['conv_b', 'gap_b', 'flat_b', 'fc_b', 'exit_b']])
  })

  it('splits the full latency by the per-layer instruction model, and gives E[latency] = Σ r_k · prefix_k + r_main · full', () => {
    const [c] = exitTargetCosts(report, EXIT_NET, sites, analysis)
    const ms = new Map(report.targets[0].layers.map((l) => [l.node, l.latencyMs!]))
    const sum = (ids: string[]) => ids.reduce((s, id) => s + ms.get(id)!, 0)
    // The full and main-path latencies stay the cost model's; the prefixes and heads are its full latency × the share
    // of the layers' predicted instructions (CMSIS-NN on the Cortex-M4's DSP path; Flatten and Input weigh 0).
    expect(c.shareBasis).toBe('cmsis-nn/s8/dsp')
    expect(c.fullMs).toBeCloseTo(report.targets[0].latencyMs!, 9)
    expect(c.mainMs).toBeCloseTo(c.fullMs - sum(sites[0].head) - sum(sites[1].head), 12)
    const w = new Map(EXIT_NET.nodes.map((n) => {
      const shape = layerShapeOf(n.op, analysis.nodes.get(n.id))
      return [n.id, shape ? predictInstructions('cmsis-nn/s8/dsp', shape) ?? 0 : 0]
    }))
    const W = (ids: string[]) => ids.reduce((s, id) => s + w.get(id)!, 0)
    const all = EXIT_NET.nodes.map((n) => n.id)
    expect(c.prefixMs[1]).toBeCloseTo((c.fullMs * W(sites[1].prefix)) / W(all), 12)
    expect(c.headMs[0]).toBeCloseTo((c.fullMs * W(sites[0].head)) / W(all), 12)
    // conv1 (one input channel) weighs more than the cost model's share: the first prefix is larger.
    expect(c.prefixMs[0]).toBeGreaterThan(sum(sites[0].prefix))
    const e = expectedExitCost(c, [0.3, 0.2])
    const want = 0.3 * c.prefixMs[0] + 0.2 * c.prefixMs[1] + 0.5 * c.fullMs
    expect(Math.abs(e.latencyMs - want) / want).toBeLessThan(1e-3)
    expect(e.energyUj).toBeCloseTo(want * target.activePowerMw, 6)
    // gain_k = r_k (full − prefix_k) − reach_k · head_k: exit A's cheap head pays; exit B's strided conv costs more than
    // the little that is left after it (pool2, conv3, …) saves at a 20 % rate.
    expect(e.exits[1].gainMs).toBeCloseTo(0.2 * (c.fullMs - c.prefixMs[1]) - 0.7 * c.headMs[1], 12)
    expect(e.exits.map((x) => x.netLoss)).toEqual([false, true])
    // An exit that never fires only costs its head.
    const rare = expectedExitCost(c, [0, 0.2])
    expect(rare.exits[0].netLoss).toBe(true)
    expect(rare.exits[0].gainMs).toBeCloseTo(-c.headMs[0], 12)
    expect(() => expectedExitCost(c, [0.7, 0.5])).toThrow('exit rates must be ≥ 0 and sum to at most 1')
  })

  it('falls back to the cost model\'s per-layer cycles where no instruction model is fitted (CMSIS-NN on Helium)', () => {
    const helium = CATALOG_TARGETS.find((t) => t.id === 'ek-ra8d1')!
    const r = estimate(EXIT_NET, library, [helium], { analysis })
    const [c] = exitTargetCosts(r, EXIT_NET, sites, analysis)
    expect(c.shareBasis).toBe('cost model')
    const ms = new Map(r.targets[0].layers.map((l) => [l.node, l.latencyMs!]))
    expect(c.prefixMs[0]).toBeCloseTo(sites[0].prefix.reduce((s, id) => s + ms.get(id)!, 0), 12)
  })

  it('counts the exit heads in peak RAM: the planner places their buffers, the exits\' logits live to the end', () => {
    const withoutHeads = { ...EXIT_NET, nodes: EXIT_NET.nodes.filter((n) => !sites.flatMap((s) => s.head).includes(n.id)),
      edges: EXIT_NET.edges.filter((e) => !sites.flatMap((s) => s.head).includes(e.target)) }
    const plain = estimate(withoutHeads, library, [target])
    const planned = new Set(report.memory.buffers.map((b) => b.node))
    for (const id of sites.flatMap((s) => s.head)) expect(planned.has(id), id).toBe(true)
    // Exit logits are outputs: live to the end of the run.
    const last = report.memory.order.length - 1
    expect(report.memory.buffers.filter((b) => b.node === 'exit_a' || b.node === 'exit_b').map((b) => b.lastUse)).toEqual([last, last])
    expect(report.targets[0].ramBytes).toBeGreaterThanOrEqual(plain.targets[0].ramBytes)
  })
})
